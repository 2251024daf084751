"""Exceptions of coldtrace_edge.

EdgeError                  root of everything the edge raises on purpose
 +-- UplinkError           the MQTT uplink refused or lost a publish (the outbox keeps the data)
 |    +-- NoSubscribersError  accepted but dropped: no subscriber yet (send again later)
 +-- DeviceError           a reader, probe or logger dump could not be used (carries the device)
"""


class EdgeError(Exception):
    """Root of coldtrace_edge's exceptions."""


class UplinkError(EdgeError):
    """The broker refused a connection or a publish."""

    def __init__(self, message: str, *, reason_code: int | None = None) -> None:
        super().__init__(message)
        self.reason_code = reason_code


class NoSubscribersError(UplinkError):
    """PUBACK 0x10 (MQTT 5 §3.4.2.1): the broker took the message but nobody was subscribed, so
    it was dropped. The message must be kept and sent again later."""


class DeviceError(EdgeError):
    """A device (reader, probe, logger dump) failed; ``device`` names it."""

    def __init__(self, message: str, *, device: str) -> None:
        super().__init__(message)
        self.device = device
