"""The data the web UI tests look at: the demo world plus a day and a half of readings.

The demo seed (``coldtrace demo-seed``) gives sites, lots, shipments, users and the simulator's
sensors bound to cold rooms and to shipment SHP-DEMO-002; this adds their readings straight into
InfluxDB (the ingest path has its own tests), with a 40-minute warm spike on the shipment's logger.
"""

import asyncio
import json
import math
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from coldtrace_cloud.demo import data
from coldtrace_cloud.settings import Settings
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_cloud.timeseries.readings import write_readings
from coldtrace_protocol.telemetry import Reading
from tests.support.envvars import settings_env
from tests.support.stack import child_env

PASSWORD = "ui tests password"
SHIPMENT = "SHP-DEMO-002"
HISTORY = timedelta(hours=36)
SPIKE_AGO = timedelta(hours=20)
SPIKE_MINUTES = 40
SPIKE_C = 11.5


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
    async with InfluxClient(settings.influx_url, settings.influx_database) as influx:
        return await write_readings(influx, readings)


def seed_readings(settings: Settings) -> int:
    """Write the demo sensors' readings; how many."""
    return asyncio.run(_write(settings, demo_readings(datetime.now(UTC))))
