"""Exceptions of coldtrace_cloud.

CloudError                 root of everything the cloud raises on purpose
 +-- StoreUnavailableError      PostgreSQL or InfluxDB cannot be reached (retry later, never drop)
 +-- DomainError           a request that breaks a business rule (mapped to a 4xx by the API)
      +-- NotFoundError         the entity does not exist (or is not visible to the caller)
      +-- ConflictError         the entity's state does not allow the change
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
