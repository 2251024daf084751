"""Reading history from InfluxDB for one sensor and time window, downsampled without hiding peaks.

Each bucket carries min, max and mean (and the count) of temperature and humidity, so a breach
that lasted one reading still shows as the bucket's max or min even when the mean looks fine.
Wide windows read the rollups (``timeseries.rollups``) for their aligned middle and the raw
readings only for their ragged edges; every part reports min, max, sum and count, which fold into
the requested buckets exactly.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from coldtrace_cloud.errors import StoreUnavailableError
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_cloud.timeseries.readings import MEASUREMENT, epoch_ns
from coldtrace_cloud.timeseries.rollups import FIELDS, LEVELS, rollup_measurement

MAX_BUCKETS: Final = 2000
_NS: Final = 1_000_000_000
# Raw statistics in the rollups' field order, so raw edges and rollup rows fold the same way.
_RAW_STATS: Final = (
    'min("temperature_c"), max("temperature_c"), sum("temperature_c"), count("temperature_c"), '
    'min("humidity_pct"), max("humidity_pct"), sum("humidity_pct"), count("humidity_pct"), '
    'count("quality")'
)
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


def _raw_statement(sensor: str, lo: int, hi: int, resolution_s: int) -> str:
    where = f'"sensor" = {influx_string(sensor)} AND time >= {lo} AND time < {hi}'
    return (
        f'SELECT {_RAW_STATS} FROM "{MEASUREMENT}" WHERE {where} '  # noqa: S608
        f"GROUP BY time({resolution_s}s) fill(none)"
    )


def _rollup_statement(sensor: str, lo: int, hi: int, level: int) -> str:
    where = f'"sensor" = {influx_string(sensor)} AND time >= {lo} AND time < {hi}'
    fields = ", ".join(f'"{name}"' for name in FIELDS)
    return f'SELECT {fields} FROM "{rollup_measurement(level)}" WHERE {where}'  # noqa: S608


def history_statements(sensor: str, start: datetime, end: datetime, resolution_s: int) -> str:
    """InfluxQL for ``[start, end)`` of one sensor: raw edges, the aligned middle from a rollup.

    The rollup answers only whole level buckets inside the window (a bucket straddling the
    window's start would count readings from before it, e.g. before a logger was bound to this
    shipment); the partial edges are aggregated from the raw readings.
    """
    lo, hi = epoch_ns(start), epoch_ns(end)
    level = level_for(resolution_s)
    if level is None:
        return _raw_statement(sensor, lo, hi, resolution_s)
    width = level * _NS
    inner_lo, inner_hi = -(-lo // width) * width, hi - hi % width
    if inner_lo >= inner_hi:
        return _raw_statement(sensor, lo, hi, resolution_s)
    statements = [_rollup_statement(sensor, inner_lo, inner_hi, level)]
    if lo < inner_lo:
        statements.append(_raw_statement(sensor, lo, inner_lo, resolution_s))
    if inner_hi < hi:
        statements.append(_raw_statement(sensor, inner_hi, hi, resolution_s))
    return "; ".join(statements)


class _Accumulator:
    """Exact combination of partial statistics of one bucket."""

    __slots__ = ("h_max", "h_min", "h_n", "h_sum", "n", "t_max", "t_min", "t_n", "t_sum")

    def __init__(self) -> None:
        self.t_min: float | None = None
        self.t_max: float | None = None
        self.h_min: float | None = None
        self.h_max: float | None = None
        self.t_sum = self.h_sum = 0.0
        self.t_n = self.h_n = self.n = 0

    def add(self, row: Sequence[Any]) -> None:
        """Fold in one row of ``FIELDS`` order (None where a quantity had no value)."""
        t_min, t_max, t_sum, t_n, h_min, h_max, h_sum, h_n, n = row
        if t_n:
            self.t_min = t_min if self.t_min is None else min(self.t_min, t_min)
            self.t_max = t_max if self.t_max is None else max(self.t_max, t_max)
            self.t_sum += t_sum
            self.t_n += t_n
        if h_n:
            self.h_min = h_min if self.h_min is None else min(self.h_min, h_min)
            self.h_max = h_max if self.h_max is None else max(self.h_max, h_max)
            self.h_sum += h_sum
            self.h_n += h_n
        self.n += n or 0

    def bucket(self, at_ns: int) -> Bucket:
        """The finished bucket starting at ``at_ns``."""
        return Bucket(
            time=datetime.fromtimestamp(at_ns / 1e9, UTC),
            count=self.n,
            temperature_c=Stat(self.t_min, self.t_max, self.t_sum / self.t_n if self.t_n else None),
            humidity_pct=Stat(self.h_min, self.h_max, self.h_sum / self.h_n if self.h_n else None),
        )


def merge_buckets(results: list[dict[str, Any]], resolution_s: int) -> list[Bucket]:
    """Fold every statement's rows into buckets of ``resolution_s``, oldest first."""
    width = resolution_s * _NS
    folded: dict[int, _Accumulator] = {}
    for result in results:
        if "error" in result:
            raise StoreUnavailableError(
                f"InfluxDB query failed: {result['error']}", store="influxdb"
            )
        for series in result.get("series", []):
            for row in series["values"]:
                at = row[0] - row[0] % width
                accumulator = folded.get(at)
                if accumulator is None:
                    accumulator = folded[at] = _Accumulator()
                accumulator.add(row[1:])
    return [folded[at].bucket(at) for at in sorted(folded)]


async def sensor_history(
    influx: InfluxClient, sensor: str, start: datetime, end: datetime, resolution_s: int
) -> list[Bucket]:
    """Buckets of one sensor over ``[start, end)`` (one request, up to three statements)."""
    statements = history_statements(sensor, start, end, resolution_s)
    return merge_buckets(await influx.query(statements), resolution_s)
