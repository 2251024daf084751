"""Reading history from InfluxDB for one sensor and time window, downsampled without hiding peaks.

Each bucket carries min, max and mean (and the count) of temperature and humidity, so a breach
that lasted one reading still shows as the bucket's max or min even when the mean looks fine.
Wide windows read the rollups (``timeseries.rollups``, in PostgreSQL) for their aligned middle
and the raw readings only for their ragged edges; every part reports min, max, sum and count,
which fold into the requested buckets exactly.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.errors import StoreUnavailableError
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_cloud.timeseries.readings import MEASUREMENT, epoch_ns
from coldtrace_cloud.timeseries.rollups import LEVELS, RAW_STATS, fold, rollup_rows

MAX_BUCKETS: Final = 2000
_NS: Final = 1_000_000_000
_NICE_STEPS_S: Final = (
    1,
    5,
    10,
    30,
    60,
    120,
    300,
    600,
    900,
    1800,
    3600,
    7200,
    10800,
    21600,
    43200,
    86400,
)


@dataclass(frozen=True)
class Stat:
    """min / max / mean of one quantity in a bucket (None when the bucket has no value)."""

    min: float | None
    max: float | None
    mean: float | None


@dataclass(frozen=True)
class Bucket:
    """One time bucket of one sensor."""

    time: datetime
    count: int
    temperature_c: Stat
    humidity_pct: Stat


def influx_string(value: str) -> str:
    """An InfluxQL string literal: single-quoted, with quotes and backslashes escaped."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def auto_resolution_s(start: datetime, end: datetime, max_buckets: int = MAX_BUCKETS) -> int:
    """The smallest 'nice' bucket width giving at most ``max_buckets`` buckets."""
    span_s = max(1.0, (end - start).total_seconds())
    for step in _NICE_STEPS_S:
        if span_s / step <= max_buckets:
            return step
    return int(span_s // max_buckets) + 1


def level_for(resolution_s: int) -> int | None:
    """The coarsest rollup level whose buckets tile buckets of ``resolution_s`` exactly."""
    fitting = [w for w in LEVELS if w <= resolution_s and resolution_s % w == 0]
    return max(fitting) if fitting else None


def raw_statement(sensor: str, lo: int, hi: int, resolution_s: int) -> str:
    """InfluxQL for the raw statistics of ``[lo, hi)`` (epoch ns) in buckets of the resolution."""
    where = f'"sensor" = {influx_string(sensor)} AND time >= {lo} AND time < {hi}'
    return (
        f'SELECT {RAW_STATS} FROM "{MEASUREMENT}" WHERE {where} '  # noqa: S608
        f"GROUP BY time({resolution_s}s) fill(none)"
    )


@dataclass(frozen=True)
class Plan:
    """Where each part of a window comes from: rollup rows for the middle, raw for the edges.

    The rollup answers only whole level buckets inside the window (a bucket straddling the
    window's start would count readings from before it, e.g. before a logger was bound to this
    shipment); the partial edges are aggregated from the raw readings.
    """

    level: int | None
    middle: tuple[datetime, datetime] | None
    raw: tuple[tuple[int, int], ...]  # epoch ns ranges


def plan(start: datetime, end: datetime, resolution_s: int) -> Plan:
    """Split ``[start, end)`` into a rollup middle and raw edges."""
    lo, hi = epoch_ns(start), epoch_ns(end)
    level = level_for(resolution_s)
    if level is None:
        return Plan(None, None, ((lo, hi),))
    width = level * _NS
    inner_lo, inner_hi = -(-lo // width) * width, hi - hi % width
    if inner_lo >= inner_hi:
        return Plan(None, None, ((lo, hi),))
    edges = tuple(r for r in ((lo, inner_lo), (inner_hi, hi)) if r[0] < r[1])
    middle = (
        datetime.fromtimestamp(inner_lo // _NS, UTC),
        datetime.fromtimestamp(inner_hi // _NS, UTC),
    )
    return Plan(level, middle, edges)


def _single(at_ns: int, row: Sequence[Any]) -> Bucket:
    """The bucket of one row of statistics (rows of one bucket are folded first)."""
    t_min, t_max, t_sum, t_n, h_min, h_max, h_sum, h_n, n = row
    return Bucket(
        time=datetime.fromtimestamp(at_ns / 1e9, UTC),
        count=n or 0,
        temperature_c=Stat(t_min, t_max, t_sum / t_n if t_n else None),
        humidity_pct=Stat(h_min, h_max, h_sum / h_n if h_n else None),
    )


def merge_buckets(rows: Iterable[Sequence[Any]], resolution_s: int) -> list[Bucket]:
    """Fold rows ``[time_ns, *FIELDS]`` into buckets of ``resolution_s``, oldest first."""
    width = resolution_s * _NS
    grouped: dict[int, list[Sequence[Any]]] = {}
    for row in rows:
        at = row[0] - row[0] % width
        found = grouped.get(at)
        if found is None:
            grouped[at] = [row]
        else:
            found.append(row)
    out = []
    for at in sorted(grouped):
        parts = grouped[at]
        if len(parts) == 1:
            out.append(_single(at, parts[0][1:]))
            continue
        stats = None
        for part in parts:
            stats = fold(stats, part[1:])
        out.append(_single(at, stats or ()))
    return out


def influx_rows(results: list[dict[str, Any]]) -> list[list[Any]]:
    """The rows of every statement's series (raises on a statement's error)."""
    rows: list[list[Any]] = []
    for result in results:
        if "error" in result:
            raise StoreUnavailableError(
                f"InfluxDB query failed: {result['error']}", store="influxdb"
            )
        for series in result.get("series", []):
            rows.extend(series["values"])
    return rows


async def raw_edges(
    influx: InfluxClient, sensor: str, window: Plan, resolution_s: int
) -> list[list[Any]]:
    """The raw part of a planned window (one request)."""
    statements = [raw_statement(sensor, lo, hi, resolution_s) for lo, hi in window.raw]
    return influx_rows(await influx.query("; ".join(statements))) if statements else []


async def sensor_history(
    influx: InfluxClient,
    session: AsyncSession,
    sensor: str,
    *,
    start: datetime,
    end: datetime,
    resolution_s: int,
) -> list[Bucket]:
    """Buckets of one sensor over ``[start, end)``."""
    window = plan(start, end, resolution_s)
    rows = await raw_edges(influx, sensor, window, resolution_s)
    if window.level is not None and window.middle is not None:
        rows += await rollup_rows(session, sensor, window.level, *window.middle)
    return merge_buckets(rows, resolution_s)
