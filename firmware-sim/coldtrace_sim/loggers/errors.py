"""Exceptions of the simulated transit data loggers.

TransitLoggerError       root of everything the logger simulator raises
 +-- LoggerSetupError    a trip or logger that cannot be simulated (stop before start, bad spec)
 +-- DumpWriteError      the dump file could not be written
"""

from pathlib import Path


class TransitLoggerError(Exception):
    """Root of the logger simulator's exceptions."""


class LoggerSetupError(TransitLoggerError, ValueError):
    """A logger or trip definition that cannot be simulated; ``serial`` names the logger."""

    def __init__(self, message: str, *, serial: str | None = None) -> None:
        super().__init__(message)
        self.serial = serial


class DumpWriteError(TransitLoggerError, OSError):
    """Writing the dump file failed; nothing is left under the final name."""

    def __init__(self, message: str, *, path: Path) -> None:
        super().__init__(message)
        self.path = path
