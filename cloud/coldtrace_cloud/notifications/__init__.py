"""Notifications of excursions: HMAC-signed webhooks, e-mail over SMTP, and escalation.

Exceptions (rooted in ``coldtrace_cloud.errors.CloudError``)::

    NotificationError       a delivery failed (``target`` names where it went)
"""

from coldtrace_cloud.errors import CloudError


class NotificationError(CloudError):
    """A webhook or an e-mail could not be delivered."""

    def __init__(self, message: str, *, target: str) -> None:
        super().__init__(message)
        self.target = target
