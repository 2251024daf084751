"""Stored readings of one sensor as rule samples (via timeseries/), and backtesting over them.

Backtesting runs a rule set over stored history and returns what it would have raised; it writes
nothing (no excursion, no audit row, no hold).
"""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.errors import NotFoundError
from coldtrace_cloud.excursions.episodes import Episode, Sample
from coldtrace_cloud.excursions.evaluate import evaluate
from coldtrace_cloud.excursions.rules import RuleSet
from coldtrace_cloud.excursions.rulesets import rules_of
from coldtrace_cloud.products.service import get_profile
from coldtrace_cloud.sensors.models import Sensor
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_cloud.timeseries.samples import sensor_readings


async def sensor_samples(
    influx: InfluxClient, sensor: str, start: datetime, end: datetime
) -> list[Sample]:
    """The sensor's valued readings over ``[start, end)`` as rule samples (gaps stay gaps)."""
    readings = await sensor_readings(influx, sensor, start, end)
    return [Sample(r.at_s, r.temperature_c, r.humidity_pct) for r in readings]


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


async def backtest_profile(
    session: AsyncSession,
    influx: InfluxClient,
    profile_code: str,
    sensor_code: str,
    *,
    start: datetime,
    end: datetime,
    rules: RuleSet | None = None,
) -> tuple[RuleSet, list[Episode]]:
    """Backtest a profile's rules in force (or ``rules``) on a known sensor; nothing is written."""
    profile = await get_profile(session, profile_code)
    if await session.scalar(select(Sensor.id).where(Sensor.code == sensor_code)) is None:
        raise NotFoundError("no such sensor", sensor=sensor_code)
    used = rules if rules is not None else (await rules_of(session, profile))[0]
    return used, await backtest(influx, sensor_code, used, start, end)
