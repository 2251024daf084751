"""Exceptions of coldtrace_cloud.

CloudError                 root of everything the cloud raises on purpose
 +-- StoreUnavailableError      PostgreSQL or InfluxDB cannot be reached (retry later, never drop)
 +-- DomainError           a request that breaks a business rule (mapped to a 4xx by the API)
      +-- NotFoundError         the entity does not exist (or is not visible to the caller)
      +-- ConflictError         the entity's state does not allow the change
      +-- AuthenticationError   no valid credentials (401)
      +-- ForbiddenError        role or site / category grant missing (403)
      +-- ValidationFailedError content breaks a rule, e.g. a bad GS1 scan (422)
      +-- RateLimitedError      too many attempts, e.g. logins (429)
"""


class CloudError(Exception):
    """Root of coldtrace_cloud's exceptions."""


class StoreUnavailableError(CloudError):
    """A store is down or too slow; callers back off and retry, they never drop data."""

    def __init__(self, message: str, *, store: str) -> None:
        super().__init__(message)
        self.store = store


class DomainError(CloudError):
    """A business rule refused the request; ``status`` is the HTTP status the API uses."""

    status = 400

    def __init__(self, message: str, **data: object) -> None:
        super().__init__(message)
        self.data = data


class NotFoundError(DomainError):
    """The entity does not exist or the caller may not see it."""

    status = 404


class ConflictError(DomainError):
    """The entity's current state does not allow this change."""

    status = 409


class AuthenticationError(DomainError):
    """No valid credentials: a missing, unknown, expired or revoked token, or a bad password."""

    status = 401


class ForbiddenError(DomainError):
    """The caller is known but its role or its site / category grants do not allow this."""

    status = 403


class ValidationFailedError(DomainError):
    """The request is well-formed but its content breaks a rule (a bad GS1 scan, no reason)."""

    status = 422


class RateLimitedError(DomainError):
    """Too many attempts (login); ``retry_after_s`` says when to try again."""

    status = 429

    def __init__(self, message: str, *, retry_after_s: int, **data: object) -> None:
        super().__init__(message, retry_after_s=retry_after_s, **data)
        self.retry_after_s = retry_after_s
