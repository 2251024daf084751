"""Writing readings: the raw points to InfluxDB, then their rollups in the caller's transaction.

Every path that stores readings (the ingest, test worlds, benchmarks) goes through here, so the
rollups never miss a reading: a chart that reads a rollup sees what the raw series holds once the
caller commits.
"""

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_cloud.timeseries.reading_view import ReadingView
from coldtrace_cloud.timeseries.readings import write_raw_readings
from coldtrace_cloud.timeseries.rollups import update_rollups


async def write_readings(
    influx: InfluxClient, readings: Iterable[ReadingView], *, session: AsyncSession
) -> int:
    """Write the readings and account for them in the rollups; returns how many were written.

    Raises on any store failure: the caller's transaction must then roll back, so the rollups
    count a reading only when its message's key commits with them.
    """
    batch = list(readings)
    written = await write_raw_readings(influx, batch)
    await update_rollups(session, influx, batch)
    return written
