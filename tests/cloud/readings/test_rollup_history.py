"""History served from rollups equals history aggregated from the raw readings, late data included.

The reference is InfluxDB's own aggregation of the raw points over exactly ``[start, end)``; the
history under test reads the rollups for the aligned middle and raw points for the edges. Both
run against the real InfluxDB.
"""

import asyncio
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_cloud.timeseries.history import (
    Bucket,
    level_for,
    merge_buckets,
    plan,
    sensor_history,
)
from coldtrace_cloud.timeseries.readings import MEASUREMENT, epoch_ns, write_raw_readings
from coldtrace_cloud.timeseries.rollups import epoch_s, probe_deltas, rebuild
from coldtrace_cloud.timeseries.writer import write_readings
from coldtrace_protocol.telemetry import Quality, Reading, ReadingSource
from devstack.cli import Stack

T0 = datetime(2026, 10, 1, 0, 0, 20, tzinfo=UTC)  # deliberately not on a bucket boundary
SPAN = timedelta(days=3)


def readings(seed: int, sensors: tuple[str, ...] = ("cr-1", "cr-2")) -> list[Reading]:
    """Two sensors, one reading a minute, a logger source too, gaps, timeouts and one spike."""
    rng = random.Random(seed)
    out = []
    for minute in range(int(SPAN.total_seconds() // 60)):
        at = T0 + timedelta(minutes=minute, seconds=rng.randint(0, 50))
        for sensor in sensors:
            if rng.random() < 0.02:
                out.append(
                    Reading(
                        sensor_id=sensor, measured_at=at, received_at=at, quality=Quality.TIMEOUT
                    )
                )
                continue
            temperature = 5 + rng.gauss(0, 0.7) if minute != 2000 else 14.25
            humidity = None if rng.random() < 0.1 else round(rng.uniform(40, 60), 1)
            source = ReadingSource.LOGGER if minute % 7 == 0 else ReadingSource.PROBE
            out.append(
                Reading(
                    sensor_id=sensor,
                    measured_at=at,
                    received_at=at,
                    source=source,
                    temperature_c=round(temperature, 2),
                    humidity_pct=humidity,
                )
            )
    return out


Row = tuple[
    int, int, float | None, float | None, float | None, float | None, float | None, float | None
]


async def reference(
    influx: InfluxClient, sensor: str, start: datetime, end: datetime, resolution_s: int
) -> list[Row]:
    """InfluxDB's aggregation of the raw points alone: time, count, then min/max/mean of t, h."""
    query = (
        'SELECT count("quality"), min("temperature_c"), max("temperature_c"), '
        'mean("temperature_c"), min("humidity_pct"), max("humidity_pct"), mean("humidity_pct") '
        f'FROM "{MEASUREMENT}" WHERE "sensor" = \'{sensor}\' '
        f"AND time >= {epoch_ns(start)} AND time < {epoch_ns(end)} "
        f"GROUP BY time({resolution_s}s) fill(none)"
    )
    series = (await influx.query(query))[0].get("series", [])
    return [tuple(row) for row in series[0]["values"]] if series else []


def rows(buckets: list[Bucket]) -> list[Row]:
    t, h = "temperature_c", "humidity_pct"
    return [
        (
            epoch_ns(b.time),
            b.count,
            getattr(b, t).min,
            getattr(b, t).max,
            getattr(b, t).mean,
            getattr(b, h).min,
            getattr(b, h).max,
            getattr(b, h).mean,
        )
        for b in buckets
    ]


def close(got: float | None, want: float | None) -> bool:
    """Means agree up to float summation order (or are both absent)."""
    if got is None or want is None:
        return got is want
    return got == pytest.approx(want, rel=1e-12)


class Stores:
    """InfluxDB and a PostgreSQL session factory, as the ingest has them."""

    def __init__(self, influx: InfluxClient, database_url: str) -> None:
        self.influx = influx
        self.engine = create_async_engine(database_url)
        self.sessions = make_sessionmaker(self.engine)

    async def write(self, batch: list[Reading]) -> None:
        """One ingest transaction's worth: raw points, then rollups, committed."""
        async with self.sessions.begin() as session:
            await write_readings(self.influx, batch, session=session)

    async def history(
        self, sensor: str, start: datetime, end: datetime, resolution_s: int
    ) -> list[Bucket]:
        async with self.sessions() as session:
            return await sensor_history(
                self.influx, session, sensor, start=start, end=end, resolution_s=resolution_s
            )


async def with_stores(url: str, database: str, database_url: str, body: Any) -> None:
    async with InfluxClient(url, database) as influx:
        stores = Stores(influx, database_url)
        try:
            await body(stores)
        finally:
            await stores.engine.dispose()


async def compare(stores: Stores) -> None:
    data = readings(7)
    await stores.write(data[: len(data) // 3])
    await stores.write(data[len(data) // 3 :])
    windows = [
        (T0, T0 + SPAN),
        (T0 + timedelta(hours=5, minutes=13), T0 + timedelta(days=2, hours=1, minutes=7)),
        (T0 + timedelta(minutes=3), T0 + timedelta(minutes=9)),
    ]
    for start, end in windows:
        for resolution in (60, 300, 900, 1800, 3600, 7200, 21600, 86400):
            if end - start > timedelta(days=1):  # long enough for whole rollup buckets
                assert plan(start, end, resolution).level == level_for(resolution)
            got = rows(await stores.history("cr-1", start, end, resolution))
            want = await reference(stores.influx, "cr-1", start, end, resolution)
            where = (start, end, resolution)
            assert [r[:4] + r[5:7] for r in got] == [r[:4] + r[5:7] for r in want], where
            means = [(g[i], w[i]) for g, w in zip(got, want, strict=True) for i in (4, 7)]
            assert all(close(g, w) for g, w in means), where


def test_rollup_history_equals_raw_aggregation(
    stack: Stack, influx_database: str, database_url: str
) -> None:
    asyncio.run(with_stores(stack.influx.url, influx_database, database_url, compare))


async def late_logger_data(stores: Stores) -> None:
    """A spike in an old bucket from a logger dump, then the overlapping second dump."""
    base = readings(11, ("cr-3",))
    await stores.write(base)
    dump = [
        Reading(
            sensor_id="cr-3",
            measured_at=T0 + timedelta(days=1, hours=3, minutes=m, seconds=5),
            received_at=T0 + SPAN,
            source=ReadingSource.LOGGER,
            temperature_c=-31.5 if m == 60 else 5.0,
        )
        for m in range(0, 600, 15)
    ]
    await stores.write(dump[:20])
    start, end = T0, T0 + SPAN
    got = await stores.history("cr-3", start, end, 21600)
    assert min(b.temperature_c.min for b in got if b.temperature_c.min is not None) == -31.5
    # The second read-out repeats the first dump: InfluxDB keeps one point per time, so must we.
    await stores.write(dump)
    for resolution in (900, 21600):
        got_rows = rows(await stores.history("cr-3", start, end, resolution))
        assert got_rows[:1]
        assert [r[:4] for r in got_rows] == [
            r[:4] for r in await reference(stores.influx, "cr-3", start, end, resolution)
        ]


def test_late_and_repeated_logger_data_match_the_raw_points(
    stack: Stack, influx_database: str, database_url: str
) -> None:
    asyncio.run(with_stores(stack.influx.url, influx_database, database_url, late_logger_data))


async def rebuilt(stores: Stores) -> None:
    # Its own sensor: the module's databases also hold the other tests' readings.
    await write_raw_readings(stores.influx, readings(3, ("old-1",)))  # as before rollups
    start, end = T0 + timedelta(hours=1, minutes=1), T0 + SPAN
    want = await reference(stores.influx, "old-1", start, end, 3600)
    assert len(rows(await stores.history("old-1", start, end, 3600))) < len(want)
    async with stores.sessions.begin() as session:
        await rebuild(session, stores.influx, T0 - timedelta(days=1), T0 + SPAN)
    got = rows(await stores.history("old-1", start, end, 3600))
    assert [r[:4] for r in got] == [r[:4] for r in want]


def test_rebuild_fills_rollups_of_readings_written_without_them(
    stack: Stack, influx_database: str, database_url: str
) -> None:
    asyncio.run(with_stores(stack.influx.url, influx_database, database_url, rebuilt))


def test_probe_deltas_fold_every_level() -> None:
    at = datetime(2026, 10, 1, 0, 14, 59, tzinfo=UTC)
    batch = [
        Reading(sensor_id="a", measured_at=at, received_at=at, temperature_c=4.0),
        Reading(
            sensor_id="a",
            measured_at=at + timedelta(seconds=1),
            received_at=at,
            temperature_c=9.5,
            humidity_pct=50.0,
        ),
        Reading(sensor_id="a", measured_at=at, received_at=at, quality=Quality.TIMEOUT),
        Reading(
            sensor_id="lg",
            measured_at=at,
            received_at=at,
            source=ReadingSource.LOGGER,
            temperature_c=1.0,
        ),
    ]
    deltas = probe_deltas(batch)
    start = epoch_s(at)
    assert deltas[("a", "probe", 900, start - start % 900)] == [
        4.0,
        4.0,
        4.0,
        1,
        None,
        None,
        0.0,
        0,
        2,
    ]
    assert deltas[("a", "probe", 900, start + 1)] == [9.5, 9.5, 9.5, 1, 50.0, 50.0, 50.0, 1, 1]
    assert deltas[("a", "probe", 21600, start - start % 21600)] == [
        4.0,
        9.5,
        13.5,
        2,
        50.0,
        50.0,
        50.0,
        1,
        3,
    ]
    assert not any(key[0] == "lg" for key in deltas)  # logger buckets are recomputed instead


def test_parts_without_a_quantity_fold_with_parts_that_have_it() -> None:
    # InfluxDB answers null sums and zero counts for a quantity a part did not measure.
    humidity_only = [0, None, None, None, 0, 50.0, 50.0, 50.0, 1, 1]
    temperature_only = [0, 4.0, 4.0, 4.0, 1, None, None, None, 0, 1]
    (bucket,) = merge_buckets([humidity_only, temperature_only], 60)
    assert bucket.count == 2
    assert (bucket.temperature_c.min, bucket.temperature_c.mean) == (4.0, 4.0)
    assert (bucket.humidity_pct.max, bucket.humidity_pct.mean) == (50.0, 50.0)
