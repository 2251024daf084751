"""Raw readings of one sensor from InfluxDB as samples, and backtesting over them.

Backtesting runs a rule set over stored history and returns what it would have raised; it writes
nothing (no excursion, no audit row, no hold).
"""

from datetime import datetime
from typing import Final

from coldtrace_cloud.excursions.episodes import Episode, Sample
from coldtrace_cloud.excursions.evaluate import evaluate
from coldtrace_cloud.excursions.rules import RuleSet
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_cloud.timeseries.history import influx_string
from coldtrace_cloud.timeseries.readings import MEASUREMENT, epoch_ns

MAX_SAMPLES: Final = 500_000


def samples_query(sensor: str, start: datetime, end: datetime) -> str:
    """InfluxQL for the valued readings of one sensor over ``[start, end)``, oldest first."""
    where = (
        f'"sensor" = {influx_string(sensor)} '
        f"AND time >= {epoch_ns(start)} AND time < {epoch_ns(end)}"
    )
    return (
        f'SELECT "temperature_c", "humidity_pct" FROM "{MEASUREMENT}" '  # noqa: S608
        f"WHERE {where} ORDER BY time ASC LIMIT {MAX_SAMPLES}"
    )


async def sensor_samples(
    influx: InfluxClient, sensor: str, start: datetime, end: datetime
) -> list[Sample]:
    """The sensor's readings with a value over ``[start, end)`` (gaps stay gaps)."""
    results = await influx.query(samples_query(sensor, start, end))
    series = results[0].get("series", []) if results else []
    if not series:
        return []
    return [
        Sample(row[0] / 1e9, row[1], row[2])
        for row in series[0]["values"]
        if row[1] is not None or row[2] is not None
    ]


async def backtest(
    influx: InfluxClient,
    sensor: str,
    rules: RuleSet,
    start: datetime,
    end: datetime,
    *,
    bound_from: datetime | None = None,
) -> list[Episode]:
    """What ``rules`` would have raised for the sensor over ``[start, end)`` (no side effects)."""
    samples = await sensor_samples(influx, sensor, start, end)
    return evaluate(
        rules,
        samples,
        bound_from=None if bound_from is None else bound_from.timestamp(),
        until=end.timestamp(),
    )
