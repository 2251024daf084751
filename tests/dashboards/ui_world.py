"""The data the web UI tests look at: the demo world plus a day and a half of readings.

The demo seed (``coldtrace demo-seed``) gives sites, lots, shipments, users and the simulator's
sensors bound to cold rooms and to shipment SHP-DEMO-002; this adds their readings straight into
InfluxDB (the ingest path has its own tests), with a 40-minute warm spike on the shipment's logger.
On request, the shipment is watched and its logger's stored readings go through the excursion
engine, so the spike becomes a real excursion record.
"""

import asyncio
import json
import math
import subprocess
import sys
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from coldtrace_cloud.audit import Actor
from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.demo import data
from coldtrace_cloud.excursions.engine import evaluate_readings
from coldtrace_cloud.excursions.rulesets import watch
from coldtrace_cloud.excursions.series import sensor_samples
from coldtrace_cloud.products.service import get_profile
from coldtrace_cloud.settings import Settings
from coldtrace_cloud.shipments.models import Shipment
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_protocol.telemetry import Reading
from tests.support.envvars import settings_env
from tests.support.readings_store import store_readings
from tests.support.stack import child_env

PASSWORD = "ui tests password"
SHIPMENT = "SHP-DEMO-002"
HISTORY = timedelta(hours=36)
SPIKE_AGO = timedelta(hours=20)
SPIKE_MINUTES = 40
SPIKE_C = 11.5
T = TypeVar("T")


def seed_demo(settings: Settings) -> dict[str, object]:
    """Run ``coldtrace demo-seed`` against the settings' database; its JSON summary."""
    done = subprocess.run(
        [sys.executable, "-m", "coldtrace_cloud", "demo-seed"],
        env={**child_env(), **settings_env(settings), "COLDTRACE_DEMO_PASSWORD": PASSWORD},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    summary: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return summary


def _base_c(location: str) -> float:
    if location.startswith("freezer"):
        return -22.0
    return 5.0


def demo_readings(now: datetime) -> Iterator[Reading]:
    """One reading a minute per demo sensor over ``HISTORY``, ending at ``now``."""
    start = now.replace(second=0, microsecond=0) - HISTORY
    spike_start = now - SPIKE_AGO
    sensors = [*data.PROBES, *((serial, "logger") for serial, _ in data.LOGGERS)]
    for n, (serial, location) in enumerate(sensors):
        for minute in range(int(HISTORY.total_seconds() // 60)):
            at = start + timedelta(minutes=minute)
            temperature = _base_c(location) + 0.8 * math.sin(minute / 90 + n)
            if location == "logger" and timedelta(0) <= at - spike_start < timedelta(
                minutes=SPIKE_MINUTES
            ):
                temperature = SPIKE_C
            yield Reading(
                sensor_id=serial,
                measured_at=at,
                received_at=at,
                temperature_c=round(temperature, 2),
                humidity_pct=round(55 + 5 * math.cos(minute / 120 + n), 1),
            )


async def _write(settings: Settings, readings: Iterator[Reading]) -> int:
    return await store_readings(
        settings.database_url.get_secret_value(),
        settings.influx_url,
        settings.influx_database,
        readings,
    )


def seed_readings(settings: Settings) -> int:
    """Write the demo sensors' readings; how many."""
    return asyncio.run(_write(settings, demo_readings(datetime.now(UTC))))


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to completion on a worker thread's own event loop.

    Sync Playwright keeps an event loop in the test's thread while a browser is open, so seeding
    done once the browser runs cannot call ``asyncio.run`` there.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _raise_shipment_excursions(settings: Settings, logger: str, shipment: str) -> list[int]:
    engine = create_async_engine(settings.database_url.get_secret_value())
    try:
        async with (
            make_sessionmaker(engine).begin() as session,
            InfluxClient(settings.influx_url, settings.influx_database) as influx,
        ):
            found = await session.scalar(select(Shipment).where(Shipment.code == shipment))
            if found is None:
                raise LookupError(shipment)
            profile = await get_profile(session, "2-8C")
            await watch(session, Actor.system("ui-tests"), profile, shipment_id=found.id)
            end = datetime.now(UTC)
            samples = await sensor_samples(influx, logger, end - HISTORY - timedelta(hours=1), end)
            batch = [
                Reading(
                    sensor_id=logger,
                    measured_at=datetime.fromtimestamp(s.at, UTC),
                    received_at=end,
                    temperature_c=s.temperature_c,
                    humidity_pct=s.humidity_pct,
                )
                for s in samples
            ]
            outcome = await evaluate_readings(session, influx, batch)
            return sorted({change.excursion.id for change in outcome.changes})
    finally:
        await engine.dispose()


def raise_shipment_excursions(settings: Settings) -> list[int]:
    """Watch SHP-DEMO-002 against 2-8 °C and run its logger's stored readings through the
    excursion engine (as one late ingest batch): the warm spike becomes an excursion, and the
    shipment's lot is quarantined by it. The ids of the excursions recorded."""
    logger, shipment = data.LOGGERS[0]
    return run_async(_raise_shipment_excursions(settings, logger, shipment))
