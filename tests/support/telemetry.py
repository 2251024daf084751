"""Helpers of the telemetry end-to-end tests: provision, start processes, count in InfluxDB."""

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy.ext.asyncio import create_async_engine

from coldtrace_cloud.audit import Actor
from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.sensors.models import SensorKind
from coldtrace_cloud.sensors.service import register_sensor
from coldtrace_cloud.settings import Settings as CloudSettings
from coldtrace_edge.settings import Settings as EdgeSettings
from coldtrace_edge.synthetic import synthetic_sensor_id, synthetic_temperature_c
from tests.support.envvars import settings_env
from tests.support.processes import ManagedProcess, ProcessManager


@dataclass(frozen=True)
class Fleet:
    """A synthetic fleet on one gateway: what it will produce."""

    gateway_id: str
    sensors: int
    total: int

    def expected(self) -> dict[str, tuple[int, float]]:
        """Per sensor code: (count, sum of temperatures) that must be in InfluxDB."""
        return {
            synthetic_sensor_id(self.gateway_id, k): (
                self.total,
                round(sum(synthetic_temperature_c(k, i) for i in range(self.total)), 6),
            )
            for k in range(self.sensors)
        }


def provision(database_url: str, fleet: Fleet) -> None:
    """Register the fleet's sensors in PostgreSQL (the cloud dead-letters unknown sensors)."""

    async def run() -> None:
        engine = create_async_engine(database_url)
        try:
            async with make_sessionmaker(engine).begin() as session:
                for k in range(fleet.sensors):
                    code = synthetic_sensor_id(fleet.gateway_id, k)
                    await register_sensor(
                        session,
                        Actor.system("tests"),
                        code=code,
                        kind=SensorKind.PROBE,
                        model=None,
                        gateway_id=fleet.gateway_id,
                    )
        finally:
            await engine.dispose()

    asyncio.run(run())


def edge_settings(
    fleet: Fleet,
    *,
    port: int,
    user: tuple[str, str],
    prefix: str,
    data_dir: Path,
    rounds_per_s: float,
) -> EdgeSettings:
    """Edge settings running the synthetic fleet against a broker."""
    return EdgeSettings(
        gateway_id=fleet.gateway_id,
        site_id="site-e2e",
        mqtt_port=port,
        mqtt_username=user[0],
        mqtt_password=user[1],
        mqtt_topic_prefix=prefix,
        data_dir=data_dir,
        synthetic_sensors=fleet.sensors,
        synthetic_total=fleet.total,
        synthetic_interval_s=60.0,
        synthetic_rounds_per_s=rounds_per_s,
        reconnect_max_s=2.0,
        mqtt_keepalive_s=5,
    )


def start_edge(
    processes: ProcessManager, settings: EdgeSettings, name: str = "edge"
) -> ManagedProcess:
    """``python -m coldtrace_edge run`` with these settings."""
    return processes.python(name, "coldtrace_edge", "run", env=settings_env(settings))


def start_ingest(
    processes: ProcessManager, settings: CloudSettings, worker_id: str, name: str | None = None
) -> ManagedProcess:
    """An ingest worker with a stable id (so a restart resumes its MQTT session).

    The id includes the test's topic prefix: a persistent session keeps its subscriptions, and a
    worker id reused by another test would still receive the previous test's topics.
    """
    unique = f"{settings.mqtt_topic_prefix}-{worker_id}"
    worker = settings.model_copy(update={"ingest_worker_id": unique})
    return processes.python(
        name or f"ingest-{worker_id}", "coldtrace_cloud", "ingest", env=settings_env(worker)
    )


def influx_totals(influx_url: str, database: str) -> dict[str, tuple[int, float]]:
    """Per sensor: (count, sum) of temperature_c in the readings measurement."""
    query = 'SELECT count("temperature_c"), sum("temperature_c") FROM "readings" GROUP BY "sensor"'
    response = httpx.get(f"{influx_url}/query", params={"db": database, "q": query}, timeout=30)
    response.raise_for_status()
    series = response.json()["results"][0].get("series", [])
    return {s["tags"]["sensor"]: (s["values"][0][1], round(s["values"][0][2], 6)) for s in series}


def wait_for_totals(
    influx_url: str, database: str, expected: dict[str, tuple[int, float]], timeout_s: float = 90.0
) -> dict[str, tuple[int, float]]:
    """Wait until InfluxDB holds at least the expected counts; return what it then holds for
    the expected sensors (other tests' sensors may share the database)."""
    deadline = time.monotonic() + timeout_s
    totals: dict[str, tuple[int, float]] = {}
    while time.monotonic() < deadline:
        totals = influx_totals(influx_url, database)
        if all(totals.get(k, (0, 0.0))[0] >= n for k, (n, _) in expected.items()):
            # Give a straggling duplicate the chance to show before the caller compares.
            time.sleep(1.0)
            totals = influx_totals(influx_url, database)
            break
        time.sleep(0.3)
    return {k: v for k, v in totals.items() if k in expected}
