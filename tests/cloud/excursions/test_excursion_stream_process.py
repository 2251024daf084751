"""The SSE stream through a real API process: ``ready`` once listening, then an ``excursion``
event as soon as the engine commits a new excursion (chunks arrive while the response is open)."""

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.ingest.pipeline import IngestPipeline
from coldtrace_cloud.settings import Settings
from coldtrace_cloud.timeseries.client import InfluxClient
from tests.cloud.excursions.engine_support import delivery, readings, watched_probe
from tests.cloud.inventory_support.client import bearer
from tests.cloud.inventory_support.stock import Stock, stock_up
from tests.cloud.inventory_support.world import World, build_world
from tests.support.envvars import settings_env
from tests.support.processes import ProcessManager


@pytest.fixture(scope="module")
def world(database_url: str) -> World:
    return build_world(database_url)


@pytest.fixture(scope="module")
def stock(database_url: str, world: World) -> Stock:
    return stock_up(database_url, world)


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_async_engine(database_url)
    try:
        yield make_sessionmaker(engine)
    finally:
        await engine.dispose()


async def next_event(lines: AsyncIterator[str]) -> tuple[str, str]:
    """The next (event, data) of an SSE stream, skipping comments and retry lines."""
    event, data = "", ""
    async for line in lines:
        if line == "" and event:
            return event, data
        if line.startswith("event: "):
            event = line.removeprefix("event: ")
        elif line.startswith("data: "):
            data = line.removeprefix("data: ")
    raise AssertionError("stream ended")


async def test_a_new_excursion_is_pushed_to_an_open_stream(
    cloud_settings: Settings,
    processes: ProcessManager,
    sessions: async_sessionmaker[AsyncSession],
    world: World,
    stock: Stock,
) -> None:
    api = processes.python("api", "coldtrace_cloud", "api", env=settings_env(cloud_settings))
    api.wait_for_log(r"Uvicorn running|api ready", timeout_s=60)
    probe = await watched_probe(sessions, world, "sse-probe", "cold")
    url = f"http://127.0.0.1:{cloud_settings.api_port}/api/v1/excursions/stream"
    headers = bearer(world.token("auditor"))
    async with (
        httpx.AsyncClient(timeout=30) as client,
        client.stream("GET", url, params={"duration_s": 60}, headers=headers) as response,
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        lines = response.aiter_lines()
        assert (await next_event(lines))[0] == "ready"
        start = datetime.now(UTC) - timedelta(hours=1)
        series = readings(probe.code, start, [5.0] + [12.0] * 30)
        prefix = cloud_settings.mqtt_topic_prefix
        async with InfluxClient(cloud_settings.influx_url, cloud_settings.influx_database) as db:
            await IngestPipeline(sessions, db, prefix).store([delivery(prefix, 1, series)])
        kinds = set()
        while "temperature" not in kinds:
            event, data = await next_event(lines)
            assert event == "excursion"
            body = json.loads(data)
            assert (body["sensor"], body["status"]) == ("sse-probe", "open")
            kinds.add(body["kind"])
