"""Reading history from InfluxDB for one sensor and time window, downsampled without hiding peaks.

Each bucket carries min, max and mean (and the count) of temperature and humidity, so a breach
that lasted one reading still shows as the bucket's max or min even when the mean looks fine.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_cloud.timeseries.readings import MEASUREMENT, epoch_ns

MAX_BUCKETS: Final = 2000
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


def history_query(sensor: str, start: datetime, end: datetime, resolution_s: int) -> str:
    """InfluxQL for ``[start, end)`` of one sensor in buckets of ``resolution_s``."""
    # InfluxQL, not SQL: the one string value is escaped, the bounds are integers.
    selected = (
        'min("temperature_c"), max("temperature_c"), mean("temperature_c"), count("quality"), '
        'min("humidity_pct"), max("humidity_pct"), mean("humidity_pct")'
    )
    where = (
        f'"sensor" = {influx_string(sensor)} '
        f"AND time >= {epoch_ns(start)} AND time < {epoch_ns(end)}"
    )
    return (
        f'SELECT {selected} FROM "{MEASUREMENT}" WHERE {where} '  # noqa: S608
        f"GROUP BY time({resolution_s}s) fill(none)"
    )


def _buckets(results: list[dict[str, Any]]) -> list[Bucket]:
    series = results[0].get("series", []) if results else []
    if not series:
        return []
    return [
        Bucket(
            time=datetime.fromtimestamp(row[0] / 1e9, UTC),
            count=int(row[4] or 0),
            temperature_c=Stat(row[1], row[2], row[3]),
            humidity_pct=Stat(row[5], row[6], row[7]),
        )
        for row in series[0]["values"]
    ]


async def sensor_history(
    influx: InfluxClient, sensor: str, start: datetime, end: datetime, resolution_s: int
) -> list[Bucket]:
    """Buckets of one sensor over ``[start, end)``."""
    return _buckets(await influx.query(history_query(sensor, start, end, resolution_s)))
