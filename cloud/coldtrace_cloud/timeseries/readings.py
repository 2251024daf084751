"""Readings in InfluxDB: how a reading becomes a point, and writing batches of them.

Series key = measurement ``readings`` + tags ``sensor`` and ``source``, both fixed for a given
reading; the timestamp is the device time. Writing the same reading twice therefore overwrites the
same point (InfluxDB keeps one value per series and timestamp), which makes redelivered messages
harmless. Location and shipment are deliberately *not* tags: a binding can be corrected later, and
a changed tag on a rewrite would create a second series, i.e. a duplicate. They are resolved at
query time from the sensor bindings in PostgreSQL.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Final

from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_cloud.timeseries.line_protocol import render_point
from coldtrace_protocol.telemetry import Reading

MEASUREMENT: Final = "readings"
WRITE_CHUNK_POINTS: Final = 5000
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


def epoch_ns(moment: datetime) -> int:
    """Nanoseconds since the epoch of an aware datetime, exactly (no float rounding)."""
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000_000 + delta.microseconds * 1_000


def reading_line(reading: Reading) -> str:
    """The line-protocol line of one reading."""
    return render_point(
        MEASUREMENT,
        {"sensor": reading.sensor_id, "source": reading.source},
        {
            "temperature_c": reading.temperature_c,
            "humidity_pct": reading.humidity_pct,
            "quality": reading.quality.value,
            "battery_low": reading.battery_low,
            "door_open": reading.door_open,
            "received_at_ms": epoch_ns(reading.received_at) // 1_000_000,
        },
        epoch_ns(reading.measured_at),
    )


async def write_readings(influx: InfluxClient, readings: Iterable[Reading]) -> int:
    """Write readings in chunks of 5,000 points; returns how many were written."""
    lines = [reading_line(r) for r in readings]
    for start in range(0, len(lines), WRITE_CHUNK_POINTS):
        await influx.write_lines("\n".join(lines[start : start + WRITE_CHUNK_POINTS]))
    return len(lines)
