"""Rollups of readings: min, max, sum and counts per sensor, source and bucket, in PostgreSQL.

A month of one-minute readings is 43,200 points per sensor; asking InfluxDB 1.x to aggregate
them on every chart load costs tens of milliseconds per sensor, and having it recompute buckets
with ``SELECT ... INTO`` on every write costs it three times the write itself (measured). So the
ingest keeps the statistics that combine exactly (min of mins, sums of sums) in
``reading_rollups``, in the transaction that claims the messages' keys: a message counts once,
whatever is redelivered, and a breach is never averaged away.

- Probe readings are folded in as deltas (``+ n``, ``LEAST``/``GREATEST``): each reading arrives
  in exactly one message, and the message key makes the transaction count it once. (Two
  different probe readings stamped with the very same instant, which only a stuck device clock
  produces, both count here while InfluxDB keeps the last: the rollup errs towards showing more.)
- Logger readings may arrive twice in different messages (a logger read out mid-trip and again
  at arrival: the second dump repeats the first); InfluxDB keeps one point per timestamp, so
  their buckets are recomputed from the raw points under a per-sensor lock, and set, not added.
- ``rebuild`` recomputes any range from the raw points (readings stored before this existed).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.errors import StoreUnavailableError
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_cloud.timeseries.reading_view import ReadingView
from coldtrace_cloud.timeseries.readings import MEASUREMENT, epoch_ns
from coldtrace_cloud.timeseries.rollup_locks import lock_sensor_rollups
from coldtrace_protocol.telemetry import ReadingSource

# Widths in seconds, finest first; each divides the next.
LEVELS: Final = (900, 1800, 21600)
FIELDS: Final = ("t_min", "t_max", "t_sum", "t_n", "h_min", "h_max", "h_sum", "h_n", "n")
RAW_STATS: Final = (
    'min("temperature_c"), max("temperature_c"), sum("temperature_c"), count("temperature_c"), '
    'min("humidity_pct"), max("humidity_pct"), sum("humidity_pct"), count("humidity_pct"), '
    'count("quality")'
)
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_SECOND: Final = timedelta(seconds=1)
_COLUMNS: Final = "sensor_code, source, width_s, bucket_start, " + ", ".join(FIELDS)
_UNNEST: Final = (
    "SELECT * FROM unnest(CAST(:sensor_code AS text[]), CAST(:source AS text[]), "
    "CAST(:width_s AS int[]), CAST(:bucket_start AS timestamptz[]), "
    "CAST(:t_min AS float8[]), CAST(:t_max AS float8[]), CAST(:t_sum AS float8[]), "
    "CAST(:t_n AS int[]), CAST(:h_min AS float8[]), CAST(:h_max AS float8[]), "
    "CAST(:h_sum AS float8[]), CAST(:h_n AS int[]), CAST(:n AS int[]))"
)
_CONFLICT: Final = "ON CONFLICT (sensor_code, width_s, bucket_start, source) DO UPDATE SET "
_ADD: Final = _CONFLICT + (
    "t_min = LEAST(r.t_min, EXCLUDED.t_min), t_max = GREATEST(r.t_max, EXCLUDED.t_max), "
    "t_sum = r.t_sum + EXCLUDED.t_sum, t_n = r.t_n + EXCLUDED.t_n, "
    "h_min = LEAST(r.h_min, EXCLUDED.h_min), h_max = GREATEST(r.h_max, EXCLUDED.h_max), "
    "h_sum = r.h_sum + EXCLUDED.h_sum, h_n = r.h_n + EXCLUDED.h_n, n = r.n + EXCLUDED.n"
)
_SET: Final = _CONFLICT + ", ".join(f"{f} = EXCLUDED.{f}" for f in FIELDS)

_SOURCE_VALUE: Final = {s: s.value for s in ReadingSource}
Key = tuple[str, str, int, int]  # sensor, source, width_s, bucket start (epoch seconds)
Stats = list[Any]  # in FIELDS order


def epoch_s(moment: datetime) -> int:
    """Whole seconds since the epoch (floor), exactly."""
    return (moment - _EPOCH) // _SECOND


def fold(into: Stats | None, row: Sequence[Any]) -> Stats:
    """Combine two partial statistics (``into`` may be None: start from ``row``)."""
    t_min, t_max, t_sum, t_n, h_min, h_max, h_sum, h_n, n = row
    if into is None:  # InfluxDB answers null for the sum and count of nothing
        return [t_min, t_max, t_sum or 0.0, t_n or 0, h_min, h_max, h_sum or 0.0, h_n or 0, n or 0]
    if t_n:
        into[0] = t_min if into[0] is None else min(into[0], t_min)
        into[1] = t_max if into[1] is None else max(into[1], t_max)
        into[2] += t_sum
        into[3] += t_n
    if h_n:
        into[4] = h_min if into[4] is None else min(into[4], h_min)
        into[5] = h_max if into[5] is None else max(into[5], h_max)
        into[6] += h_sum
        into[7] += h_n
    into[8] += n or 0
    return into


def _cascade(finest: dict[Key, Stats]) -> dict[Key, Stats]:
    """The finest buckets plus every coarser level folded from them."""
    out = dict(finest)
    for width in LEVELS[1:]:
        for (sensor, source, _, start), stats in finest.items():
            key = (sensor, source, width, start - start % width)
            out[key] = fold(out.get(key), stats)
    return out


def probe_deltas(readings: Iterable[ReadingView]) -> dict[Key, Stats]:
    """What these (non-logger) readings add to each bucket of every level.

    Runs once per reading in the ingest, hence the inlined folding of the finest level.
    """
    width = LEVELS[0]
    finest: dict[Key, Stats] = {}
    for r in readings:
        source = _SOURCE_VALUE[r.source]
        if source == "logger":
            continue
        start = (r.measured_at - _EPOCH) // _SECOND
        key = (r.sensor_id, source, width, start - start % width)
        t, h = r.temperature_c, r.humidity_pct
        stats = finest.get(key)
        if stats is None:
            finest[key] = [
                t,
                t,
                t or 0.0,
                int(t is not None),
                h,
                h,
                h or 0.0,
                int(h is not None),
                1,
            ]
            continue
        if t is not None:
            stats[0] = t if stats[0] is None or t < stats[0] else stats[0]
            stats[1] = t if stats[1] is None or t > stats[1] else stats[1]
            stats[2] += t
            stats[3] += 1
        if h is not None:
            stats[4] = h if stats[4] is None or h < stats[4] else stats[4]
            stats[5] = h if stats[5] is None or h > stats[5] else stats[5]
            stats[6] += h
            stats[7] += 1
        stats[8] += 1
    return _cascade(finest)


async def _upsert(session: AsyncSession, rows: dict[Key, Stats], conflict: str) -> None:
    if not rows:
        return
    ordered = sorted(rows.items())  # one lock order for every writer: no deadlocks
    params: dict[str, list[Any]] = {
        "sensor_code": [k[0] for k, _ in ordered],
        "source": [k[1] for k, _ in ordered],
        "width_s": [k[2] for k, _ in ordered],
        "bucket_start": [datetime.fromtimestamp(k[3], UTC) for k, _ in ordered],
    }
    for index, name in enumerate(FIELDS):
        params[name] = [stats[index] for _, stats in ordered]
    statement = f"INSERT INTO reading_rollups AS r ({_COLUMNS}) {_UNNEST} {conflict}"
    await session.execute(text(statement), params)


def _runs(starts: Iterable[int], width: int) -> list[tuple[int, int]]:
    """Contiguous ``[start, end)`` runs (epoch seconds) covering these bucket starts."""
    runs: list[tuple[int, int]] = []
    for start in sorted(set(starts)):
        if runs and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], start + width)
        else:
            runs.append((start, start + width))
    return runs


async def recompute(
    session: AsyncSession, influx: InfluxClient, where: str, runs: Sequence[tuple[int, int]]
) -> None:
    """Set the buckets of ``runs`` (aligned to the coarsest level) from the raw points."""
    if not runs:
        return
    width = LEVELS[0]
    statements = [
        f'SELECT {RAW_STATS} FROM "{MEASUREMENT}" WHERE {where} '  # noqa: S608
        f"AND time >= {lo * 1_000_000_000} AND time < {hi * 1_000_000_000} "
        f'GROUP BY time({width}s), "sensor", "source" fill(none)'
        for lo, hi in runs
    ]
    finest: dict[Key, Stats] = {}
    # POST: a logger dump touching many 6-hour windows makes a long request.
    for result in await influx.query("; ".join(statements), write=True):
        if "error" in result:
            raise StoreUnavailableError(f"rollup read failed: {result['error']}", store="influxdb")
        for series in result.get("series", []):
            sensor, source = series["tags"]["sensor"], series["tags"]["source"]
            for row in series["values"]:
                key = (sensor, source, width, row[0] // 1_000_000_000)
                finest[key] = fold(None, row[1:])
    await _upsert(session, _cascade(finest), _SET)


async def update_rollups(
    session: AsyncSession, influx: InfluxClient, readings: Sequence[ReadingView]
) -> None:
    """Account for freshly written readings (call after InfluxDB accepted them)."""
    await _upsert(session, probe_deltas(readings), _ADD)
    coarsest = LEVELS[-1]
    touched: dict[str, set[int]] = defaultdict(set)
    for r in readings:
        if r.source is ReadingSource.LOGGER:
            start = epoch_s(r.measured_at)
            touched[r.sensor_id].add(start - start % coarsest)
    if not touched:
        return
    await lock_sensor_rollups(session, touched.keys())
    for sensor, starts in sorted(touched.items()):
        where = f"\"sensor\" = '{sensor}' AND \"source\" = 'logger'"  # ids match [A-Za-z0-9_.:-]
        await recompute(session, influx, where, _runs(starts, coarsest))


async def rebuild(
    session: AsyncSession, influx: InfluxClient, start: datetime, end: datetime
) -> int:
    """Recompute every sensor's buckets over ``[start, end)`` a day at a time; returns days."""
    day = LEVELS[-1] * (86_400 // LEVELS[-1])
    lo = epoch_s(start) - epoch_s(start) % day
    days = range(lo, epoch_s(end), day)
    for first in days:
        await recompute(session, influx, "true", [(first, first + day)])
    return len(days)


def _as_epoch_ns(row: Any) -> list[Any]:
    return [epoch_ns(row[0]), *row[1:]]


async def rollup_rows(
    session: AsyncSession, sensor: str, width_s: int, start: datetime, end: datetime
) -> list[list[Any]]:
    """Rows ``[time_ns, *FIELDS]`` of one sensor's buckets of ``width_s`` in ``[start, end)``."""
    result = await session.execute(
        text(
            f"SELECT bucket_start, {', '.join(FIELDS)} FROM reading_rollups "  # noqa: S608
            "WHERE sensor_code = :sensor AND width_s = :width "
            "AND bucket_start >= :start AND bucket_start < :end"
        ),
        {"sensor": sensor, "width": width_s, "start": start, "end": end},
    )
    return [_as_epoch_ns(row) for row in result.all()]
