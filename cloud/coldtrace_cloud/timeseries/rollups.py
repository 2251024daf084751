"""Rollups of readings: min, max, sum and counts per sensor in fixed buckets, kept by the writer.

A month of one-minute readings is 43,200 points per sensor; asking InfluxDB 1.x to aggregate
them on every chart load costs tens of milliseconds per sensor. The rollup measurements hold, per
series and bucket of ``width`` seconds (epoch-aligned), the statistics that combine exactly:
min, max, sum and count of temperature and humidity, and the count of readings. A coarser bucket
is computed from the next finer level (min of mins, sum of sums), so any bucket that is a
multiple of a level's width is answered exactly from that level, with no breach hidden.

Whoever writes readings refreshes the rollup buckets they touched, after the raw write (``INTO``
is idempotent: a bucket is overwritten with its recomputed statistics). Late data (a logger dump,
a redelivery) therefore updates its old buckets too. Two writers refreshing the same bucket at once
could let the older recomputation land last; the ingest serialises refreshes per sensor (see
``ingest.pipeline``).
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Final

from coldtrace_cloud.errors import StoreUnavailableError
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_cloud.timeseries.readings import MEASUREMENT, epoch_ns

# Widths in seconds, finest first; each divides the next.
LEVELS: Final = (300, 1800, 21600)
FIELDS: Final = ("t_min", "t_max", "t_sum", "t_n", "h_min", "h_max", "h_sum", "h_n", "n")
_FROM_RAW: Final = (
    'min("temperature_c") AS "t_min", max("temperature_c") AS "t_max", '
    'sum("temperature_c") AS "t_sum", count("temperature_c") AS "t_n", '
    'min("humidity_pct") AS "h_min", max("humidity_pct") AS "h_max", '
    'sum("humidity_pct") AS "h_sum", count("humidity_pct") AS "h_n", count("quality") AS "n"'
)
_FROM_LEVEL: Final = (
    'min("t_min") AS "t_min", max("t_max") AS "t_max", sum("t_sum") AS "t_sum", '
    'sum("t_n") AS "t_n", min("h_min") AS "h_min", max("h_max") AS "h_max", '
    'sum("h_sum") AS "h_sum", sum("h_n") AS "h_n", sum("n") AS "n"'
)
_SENSORS_PER_STATEMENT: Final = 200
_NS: Final = 1_000_000_000


def rollup_measurement(width_s: int) -> str:
    """The measurement holding buckets of ``width_s`` seconds."""
    return f"{MEASUREMENT}_{width_s}s"


def sensor_regex(sensors: Iterable[str]) -> str:
    """An InfluxQL regex matching exactly these sensor ids (anchored, specials escaped)."""
    return "/^(?:" + "|".join(re.escape(s).replace("/", r"\/") for s in sorted(sensors)) + ")$/"


def _runs(starts: Iterable[int], width_ns: int) -> tuple[tuple[int, int], ...]:
    """Contiguous ``[start, end)`` runs covering these bucket starts."""
    runs: list[tuple[int, int]] = []
    for start in sorted(set(starts)):
        if runs and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], start + width_ns)
        else:
            runs.append((start, start + width_ns))
    return tuple(runs)


def refresh_statements(touched: Mapping[str, Iterable[datetime]]) -> list[str]:
    """``SELECT ... INTO`` statements, in order, recomputing every level's touched buckets.

    Sensors whose touched buckets form the same runs share a statement (live data from one
    gateway touches the same few minutes of every sensor; a logger dump its own days).
    """
    statements: list[str] = []
    finest = LEVELS[0] * _NS
    # Many readings share a bucket: reduce to the finest buckets once, coarser levels from those.
    stamps = {
        sensor: {t - t % finest for t in map(epoch_ns, times)} for sensor, times in touched.items()
    }
    source = MEASUREMENT
    for width in LEVELS:
        width_ns = width * _NS
        by_runs: dict[tuple[tuple[int, int], ...], list[str]] = defaultdict(list)
        for sensor, starts in stamps.items():
            by_runs[_runs({t - t % width_ns for t in starts}, width_ns)].append(sensor)
        selected = _FROM_RAW if source == MEASUREMENT else _FROM_LEVEL
        for runs, sensors in by_runs.items():
            for chunk in range(0, len(sensors), _SENSORS_PER_STATEMENT):
                regex = sensor_regex(sensors[chunk : chunk + _SENSORS_PER_STATEMENT])
                statements.extend(
                    f'SELECT {selected} INTO "{rollup_measurement(width)}" FROM "{source}" '  # noqa: S608
                    f'WHERE "sensor" =~ {regex} AND time >= {lo} AND time < {hi} '
                    f"GROUP BY time({width}s), *"
                    for lo, hi in runs
                )
        source = rollup_measurement(width)
    return statements


async def refresh_rollups(influx: InfluxClient, touched: Mapping[str, Iterable[datetime]]) -> int:
    """Recompute the buckets these readings fall in, finest level first; returns statements run.

    One request carries all statements: InfluxDB runs them in order, so each level reads the
    finer level already refreshed.
    """
    statements = refresh_statements(touched)
    if statements:
        results = await influx.query(";\n".join(statements), write=True)
        failed = [r["error"] for r in results if "error" in r]
        if failed or len(results) != len(statements):
            detail = failed[0] if failed else f"{len(results)} of {len(statements)} answered"
            raise StoreUnavailableError(f"rollup refresh failed: {detail}", store="influxdb")
    return len(statements)


def rebuild_statements(start: datetime, end: datetime, *, chunk_s: int = 86_400) -> list[str]:
    """Statements recomputing every level over ``[start, end)`` for all sensors, a chunk at a time.

    For data written before rollups existed (an upgrade) or restored from a backup: the chunks
    are aligned to the coarsest level, so each chunk's buckets are whole.
    """
    coarsest = LEVELS[-1] * _NS
    step = max(chunk_s * _NS // coarsest, 1) * coarsest
    lo = epoch_ns(start) - epoch_ns(start) % coarsest
    statements: list[str] = []
    for chunk in range(lo, epoch_ns(end), step):
        source = MEASUREMENT
        for width in LEVELS:
            selected = _FROM_RAW if source == MEASUREMENT else _FROM_LEVEL
            statements.append(
                f'SELECT {selected} INTO "{rollup_measurement(width)}" FROM "{source}" '  # noqa: S608
                f"WHERE time >= {chunk} AND time < {chunk + step} GROUP BY time({width}s), *"
            )
            source = rollup_measurement(width)
    return statements
