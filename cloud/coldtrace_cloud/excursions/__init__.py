"""Excursions: storage-profile rules, the engine that applies them to readings, and excursions.

Exceptions (rooted in ``coldtrace_cloud.errors.CloudError``)::

    ExcursionError          anything the excursion package refuses on purpose
     +-- RuleError          a rule set that cannot be evaluated (bad band, bad window)
"""

from coldtrace_cloud.errors import CloudError


class ExcursionError(CloudError):
    """Root of the excursion package's own errors."""


class RuleError(ExcursionError):
    """A rule set is inconsistent; ``field`` names what is wrong."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field
