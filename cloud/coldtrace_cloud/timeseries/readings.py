"""Readings in InfluxDB: how a reading becomes a point, and writing batches of them.

Series key = measurement ``readings`` + tags ``sensor`` and ``source``, both fixed for a given
reading; the timestamp is the device time. Writing the same reading twice therefore overwrites the
same point (InfluxDB keeps one value per series and timestamp), which makes redelivered messages
harmless. Location and shipment are deliberately *not* tags: a binding can be corrected later, and
a changed tag on a rewrite would create a second series, i.e. a duplicate. They are resolved at
query time from the sensor bindings in PostgreSQL.
"""

import asyncio
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Final

from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_cloud.timeseries.line_protocol import render_point
from coldtrace_cloud.timeseries.reading_view import ReadingView
from coldtrace_protocol.telemetry import Quality

MEASUREMENT: Final = "readings"
WRITE_CHUNK_POINTS: Final = 5000
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


def epoch_ns(moment: datetime) -> int:
    """Nanoseconds since the epoch of an aware datetime, exactly (no float rounding)."""
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000_000 + delta.microseconds * 1_000


@lru_cache(maxsize=65_536)
def _series_prefix(sensor_id: str, source: str) -> str:
    """``readings,sensor=..,source=.. `` rendered once per series (the hot path of ingest)."""
    return (
        render_point(MEASUREMENT, {"sensor": sensor_id, "source": source}, {"q": 0}, 0).split(
            " ", 1
        )[0]
        + " "
    )


_QUALITY_FIELD: Final = {q: f'quality="{q.value}"' for q in Quality}
_BATTERY: Final = {True: ",battery_low=true", False: ",battery_low=false", None: ""}
_DOOR: Final = {True: ",door_open=true", False: ",door_open=false", None: ""}
_US: Final = timedelta(microseconds=1)
_MS: Final = timedelta(milliseconds=1)
PRECISION: Final = "u"  # line timestamps are whole microseconds, as the readings' datetimes


def reading_line(reading: ReadingView) -> str:
    """The line-protocol line of one reading (same text as ``render_point`` would give).

    Specialised because it runs once per reading: the series prefix is cached and the field
    values are finite floats (the model bounds them), booleans and a fixed set of quality
    strings, none needing escapes. The timestamp is in microseconds (write with ``PRECISION``).
    """
    prefix = _series_prefix(reading.sensor_id, reading.source.value)
    t, h = reading.temperature_c, reading.humidity_pct
    if t is not None:
        prefix += f"temperature_c={t!r},"
    if h is not None:
        prefix += f"humidity_pct={h!r},"
    received_ms = (reading.received_at - _EPOCH) // _MS
    return (
        f"{prefix}{_QUALITY_FIELD[reading.quality]}{_BATTERY[reading.battery_low]}"
        f"{_DOOR[reading.door_open]},received_at_ms={received_ms}i "
        f"{(reading.measured_at - _EPOCH) // _US}"
    )


async def write_raw_readings(influx: InfluxClient, readings: Iterable[ReadingView]) -> int:
    """Write readings in chunks of 5,000 points, the chunks concurrently; returns the count.

    Every chunk must succeed (``gather`` raises the first failure), so the caller's transaction
    commits only when InfluxDB has accepted everything.
    """
    lines = [reading_line(r) for r in readings]
    chunks = [
        "\n".join(lines[start : start + WRITE_CHUNK_POINTS])
        for start in range(0, len(lines), WRITE_CHUNK_POINTS)
    ]
    await asyncio.gather(*(influx.write_lines(chunk, precision=PRECISION) for chunk in chunks))
    return len(lines)
