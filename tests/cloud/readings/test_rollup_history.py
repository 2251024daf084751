"""History served from rollups equals history aggregated from the raw readings, late data included.

The reference is InfluxDB's own aggregation of the raw points over exactly ``[start, end)``; the
history under test reads the rollups for the aligned middle and raw points for the edges. Both
run against the real InfluxDB.
"""

import asyncio
import random
from datetime import UTC, datetime, timedelta

import pytest

from coldtrace_cloud.timeseries.cli import rebuild
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_cloud.timeseries.history import Bucket, history_statements, sensor_history
from coldtrace_cloud.timeseries.readings import MEASUREMENT, epoch_ns, write_raw_readings
from coldtrace_cloud.timeseries.rollups import refresh_statements, sensor_regex
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


async def compare(url: str, database: str) -> None:
    async with InfluxClient(url, database) as influx:
        data = readings(7)
        await write_readings(influx, data[: len(data) // 2])
        await write_readings(influx, data[len(data) // 2 :])
        windows = [
            (T0, T0 + SPAN),
            (T0 + timedelta(hours=5, minutes=13), T0 + timedelta(days=2, hours=1, minutes=7)),
            (T0 + timedelta(minutes=3), T0 + timedelta(minutes=9)),
        ]
        for start, end in windows:
            for resolution in (60, 300, 600, 1800, 3600, 7200, 21600, 86400):
                got = rows(await sensor_history(influx, "cr-1", start, end, resolution))
                want = await reference(influx, "cr-1", start, end, resolution)
                where = (start, end, resolution)
                assert [r[:4] + r[5:7] for r in got] == [r[:4] + r[5:7] for r in want], where
                means = [(g[i], w[i]) for g, w in zip(got, want, strict=True) for i in (4, 7)]
                assert all(close(g, w) for g, w in means), where


def test_rollup_history_equals_raw_aggregation(stack: Stack, influx_database: str) -> None:
    asyncio.run(compare(stack.influx.url, influx_database))


async def late_spike(url: str, database: str) -> None:
    async with InfluxClient(url, database) as influx:
        await write_readings(influx, readings(11))
        late_at = T0 + timedelta(days=1, hours=3, minutes=4, seconds=5)
        late = Reading(
            sensor_id="cr-2",
            measured_at=late_at,
            received_at=T0 + SPAN,
            source=ReadingSource.LOGGER,
            temperature_c=-31.5,
        )
        await write_readings(influx, [late])
        got = await sensor_history(influx, "cr-2", T0, T0 + SPAN, 21600)
        coldest = min(b.temperature_c.min for b in got if b.temperature_c.min is not None)
        assert coldest == -31.5
        assert "readings_21600s" in history_statements("cr-2", T0, T0 + SPAN, 21600)
        # Writing the same readings again (a redelivery) changes nothing.
        before = rows(got)
        await write_readings(influx, [late])
        assert rows(await sensor_history(influx, "cr-2", T0, T0 + SPAN, 21600)) == before


def test_late_reading_updates_old_rollup_buckets(stack: Stack, influx_database: str) -> None:
    asyncio.run(late_spike(stack.influx.url, influx_database))


async def rebuilt(url: str, database: str) -> None:
    async with InfluxClient(url, database) as influx:
        # Its own sensor: the module's database also holds the other tests' readings.
        await write_raw_readings(influx, readings(3, ("old-1",)))  # as before rollups existed
        start, end = T0 + timedelta(hours=1, minutes=1), T0 + SPAN
        want = await reference(influx, "old-1", start, end, 3600)
        assert len(rows(await sensor_history(influx, "old-1", start, end, 3600))) < len(want)
        await rebuild(influx, T0 - timedelta(days=1), T0 + SPAN + timedelta(days=1))
        got = rows(await sensor_history(influx, "old-1", start, end, 3600))
        assert [r[:4] for r in got] == [r[:4] for r in want]


def test_rebuild_fills_rollups_of_readings_written_without_them(
    stack: Stack, influx_database: str
) -> None:
    asyncio.run(rebuilt(stack.influx.url, influx_database))


def test_refresh_groups_sensors_by_touched_buckets() -> None:
    live = [T0 + timedelta(minutes=m) for m in range(3)]
    dump = [T0 - timedelta(days=2, minutes=m * 10) for m in range(20)]
    statements = refresh_statements({"a": live, "b": live, "logger.1": dump})
    finest = [s for s in statements if 'INTO "readings_300s"' in s]
    assert any(sensor_regex(["a", "b"]) in s for s in finest)
    assert all("logger" not in s or "/^(?:logger\\.1)$/" in s for s in finest)
    levels = [s.split('INTO "')[1].split('"')[0] for s in statements]
    assert levels == sorted(levels, key=lambda m: int(m.split("_")[1][:-1]))
