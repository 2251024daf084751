"""What the cloud reads of a reading, whichever decoder produced it.

The ingest decodes well-formed messages with a fast decoder (``ingest.fast_telemetry``) and falls
back to the protocol's pydantic models; both kinds of reading have these attributes, and the
writers, the rollups and the excursion engine need nothing else.
"""

from datetime import datetime
from typing import Any, Protocol

from coldtrace_protocol.telemetry import Quality, ReadingSource


class ReadingView(Protocol):
    """A decoded reading (``coldtrace_protocol.telemetry.Reading`` or its fast twin)."""

    @property
    def sensor_id(self) -> str: ...
    @property
    def measured_at(self) -> datetime: ...
    @property
    def received_at(self) -> datetime: ...
    @property
    def source(self) -> ReadingSource: ...
    @property
    def quality(self) -> Quality: ...
    @property
    def temperature_c(self) -> float | None: ...
    @property
    def humidity_pct(self) -> float | None: ...
    @property
    def battery_low(self) -> bool | None: ...
    @property
    def door_open(self) -> bool | None: ...


def reading_document(reading: ReadingView) -> dict[str, Any]:
    """The reading as its wire JSON object (for dead letters), whichever class it is."""
    return {
        "sensor_id": reading.sensor_id,
        "measured_at": reading.measured_at.isoformat(),
        "received_at": reading.received_at.isoformat(),
        "source": reading.source.value,
        "quality": reading.quality.value,
        "temperature_c": reading.temperature_c,
        "humidity_pct": reading.humidity_pct,
        "battery_low": reading.battery_low,
        "door_open": reading.door_open,
    }
