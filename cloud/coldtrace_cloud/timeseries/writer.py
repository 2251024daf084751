"""Writing readings: the raw points, then the rollup buckets they touched.

Every path that stores readings (the ingest, test worlds, benchmarks) goes through here, so the
rollups never miss a reading: a chart that reads a rollup sees what the raw series holds.
"""

from collections import defaultdict
from collections.abc import Awaitable, Callable, Collection, Iterable
from typing import TYPE_CHECKING

from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_cloud.timeseries.readings import write_raw_readings
from coldtrace_cloud.timeseries.rollups import refresh_rollups
from coldtrace_protocol.telemetry import Reading

if TYPE_CHECKING:
    from datetime import datetime

BeforeRollup = Callable[[Collection[str]], Awaitable[None]]


async def write_readings(
    influx: InfluxClient, readings: Iterable[Reading], *, before_rollup: BeforeRollup | None = None
) -> int:
    """Write the readings and refresh their rollup buckets; returns how many were written.

    ``before_rollup`` gets the touched sensor ids before the refresh; the ingest uses it to take
    per-sensor locks so concurrent workers refresh a bucket one after the other (the last
    refresh then always sees every raw point written before it). Raises on any store failure,
    so the caller's transaction commits only when both the points and the rollups are in.
    """
    readings = list(readings)
    written = await write_raw_readings(influx, readings)
    touched: dict[str, list[datetime]] = defaultdict(list)
    for reading in readings:
        touched[reading.sensor_id].append(reading.measured_at)
    if touched:
        if before_rollup is not None:
            await before_rollup(touched.keys())
        await refresh_rollups(influx, touched)
    return written
