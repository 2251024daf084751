"""Exceptions of the simulated Modbus probes.

ProbeError               root of everything the probe simulator raises
 +-- ProbeConfigError    a probe that cannot exist (unit id out of range, serial too long, clash)
 +-- ProbeServerError    a Modbus TCP endpoint that cannot listen (port taken, bad host)
"""


class ProbeError(Exception):
    """Root of the probe simulator's exceptions."""


class ProbeConfigError(ProbeError, ValueError):
    """A probe definition that cannot be served; ``serial`` names the probe when known."""

    def __init__(self, message: str, *, serial: str | None = None) -> None:
        super().__init__(message)
        self.serial = serial


class ProbeServerError(ProbeError, OSError):
    """A Modbus TCP endpoint that could not start."""

    def __init__(self, message: str, *, host: str, port: int) -> None:
        super().__init__(message)
        self.host = host
        self.port = port
