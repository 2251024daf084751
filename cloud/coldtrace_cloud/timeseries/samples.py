"""Raw valued readings of one sensor from InfluxDB, oldest first, for rule evaluation.

Only this package talks to InfluxDB (ARCHITECTURE.md, "Stores"); the excursion engine and
backtesting ask here for the raw series instead of writing InfluxQL themselves.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_cloud.timeseries.history import influx_string
from coldtrace_cloud.timeseries.readings import MEASUREMENT, epoch_ns

MAX_SAMPLES: Final = 500_000


@dataclass(frozen=True, slots=True)
class RawReading:
    """One stored reading with a value; ``at_s`` is seconds since the epoch (UTC)."""

    at_s: float
    temperature_c: float | None
    humidity_pct: float | None


def samples_query(sensor: str, start: datetime, end: datetime) -> str:
    """InfluxQL for the valued readings of one sensor over ``[start, end)``, oldest first."""
    # InfluxQL, not SQL: the one string value is escaped, the bounds are integers.
    where = (
        f'"sensor" = {influx_string(sensor)} '
        f"AND time >= {epoch_ns(start)} AND time < {epoch_ns(end)}"
    )
    return (
        f'SELECT "temperature_c", "humidity_pct" FROM "{MEASUREMENT}" '  # noqa: S608
        f"WHERE {where} ORDER BY time ASC LIMIT {MAX_SAMPLES}"
    )


async def sensor_readings(
    influx: InfluxClient, sensor: str, start: datetime, end: datetime
) -> list[RawReading]:
    """The sensor's readings with a value over ``[start, end)`` (gaps stay gaps)."""
    results = await influx.query(samples_query(sensor, start, end))
    series = results[0].get("series", []) if results else []
    if not series:
        return []
    return [
        RawReading(row[0] / 1e9, row[1], row[2])
        for row in series[0]["values"]
        if row[1] is not None or row[2] is not None
    ]
