"""Store readings the way the ingest does (raw points and their rollups), for test worlds."""

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import create_async_engine

from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_cloud.timeseries.reading_view import ReadingView
from coldtrace_cloud.timeseries.writer import write_readings


async def store_readings(
    database_url: str, influx_url: str, influx_db: str, readings: Iterable[ReadingView]
) -> int:
    """Write ``readings`` to InfluxDB and their rollups to PostgreSQL, committed; how many."""
    engine = create_async_engine(database_url)
    try:
        async with (
            make_sessionmaker(engine).begin() as session,
            InfluxClient(influx_url, influx_db) as influx,
        ):
            return await write_readings(influx, readings, session=session)
    finally:
        await engine.dispose()
