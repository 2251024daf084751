"""Reading history through the API: per location and sensor, peaks kept, bindings respected."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from coldtrace_cloud.audit import Actor
from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.sensors.models import SensorKind
from coldtrace_cloud.sensors.service import bind, register_sensor
from coldtrace_cloud.settings import Settings
from coldtrace_protocol.telemetry import Reading
from devstack.cli import Stack
from tests.cloud.inventory_support.client import api_client, bearer
from tests.cloud.inventory_support.world import World, build_world
from tests.support.readings_store import store_readings

T0 = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def world(database_url: str) -> World:
    return build_world(database_url)


async def seed(database_url: str, influx_url: str, influx_db: str, world: World) -> None:
    """probe-a: north/cold for 2 h then south/cold; a 12 °C spike in north's second hour."""
    engine = create_async_engine(database_url)
    try:
        async with make_sessionmaker(engine).begin() as session:
            actor = Actor.system("tests")
            sensor = await register_sensor(
                session,
                actor,
                code="probe-a",
                kind=SensorKind.PROBE,
                model=None,
                gateway_id=None,
            )
            await bind(
                session,
                actor,
                sensor,
                valid_from=T0,
                location_id=world.north.locations["cold"],
                shipment_id=None,
            )
            await bind(
                session,
                actor,
                sensor,
                valid_from=T0 + timedelta(hours=2),
                location_id=world.south.locations["cold"],
                shipment_id=None,
            )
    finally:
        await engine.dispose()
    readings = [
        Reading(
            sensor_id="probe-a",
            measured_at=T0 + timedelta(minutes=m),
            received_at=T0 + timedelta(minutes=m),
            temperature_c=12.0 if m == 75 else 4.0 + (m % 3) / 10,
            humidity_pct=50.0,
        )
        for m in range(180)
    ]
    await store_readings(database_url, influx_url, influx_db, readings)


@pytest.fixture(scope="module")
def seeded_module(stack: Stack, database_url: str, influx_database: str, world: World) -> None:
    asyncio.run(seed(database_url, stack.influx.url, influx_database, world))


@pytest.fixture
def seeded(seeded_module: None, cloud_settings: Settings) -> Settings:
    return cloud_settings


RANGE = {"start": T0.isoformat(), "end": (T0 + timedelta(hours=3)).isoformat()}


async def test_location_history_keeps_the_peak_and_clips_to_the_binding(
    seeded: Settings, world: World
) -> None:
    async with api_client(seeded) as client:
        response = await client.get(
            "/sites/north/locations/cold/readings",
            params=RANGE | {"resolution_s": 3600},
            headers=bearer(world.token("admin")),
        )
    assert response.status_code == 200, response.text
    body = response.json()
    [series] = body["series"]
    assert series["sensor"] == "probe-a"
    assert series["end"].startswith("2026-11-01T02:00:00")  # moved to south after 2 h
    first, second = series["buckets"]
    assert first["count"] == 60
    assert second["temperature_c"]["max"] == 12.0  # the spike survives downsampling
    assert second["temperature_c"]["mean"] < 8.0
    assert first["temperature_c"]["min"] == 4.0


async def test_site_grants_apply(seeded: Settings, world: World) -> None:
    async with api_client(seeded) as client:
        north = await client.get(
            "/sites/north/locations/cold/readings",
            params=RANGE,
            headers=bearer(world.token("south-operator")),
        )
        south = await client.get(
            "/sites/south/locations/cold/readings",
            params=RANGE,
            headers=bearer(world.token("south-operator")),
        )
        sensor = await client.get(
            "/sensors/probe-a/readings", params=RANGE, headers=bearer(world.token("south-operator"))
        )
        anonymous = await client.get("/sites/south/locations/cold/readings", params=RANGE)
    assert north.status_code == 403
    assert north.headers["content-type"] == "application/problem+json"
    assert south.status_code == 200
    [south_series] = south.json()["series"]
    assert south_series["start"].startswith("2026-11-01T02:00:00")
    # The operator sees the sensor only while it was at a granted site.
    [window] = sensor.json()["series"]
    assert window["location_id"] == world.south.locations["cold"]
    assert anonymous.status_code == 401


async def test_bad_ranges_are_problems(seeded: Settings, world: World) -> None:
    async with api_client(seeded) as client:
        backwards = await client.get(
            "/sensors/probe-a/readings",
            params={"start": RANGE["end"], "end": RANGE["start"]},
            headers=bearer(world.token("admin")),
        )
        naive = await client.get(
            "/sensors/probe-a/readings",
            params={"start": "2026-11-01T00:00:00", "end": "2026-11-02T00:00:00"},
            headers=bearer(world.token("admin")),
        )
        unknown = await client.get(
            "/sensors/nope/readings", params=RANGE, headers=bearer(world.token("admin"))
        )
    assert backwards.status_code == 422
    assert naive.status_code == 422
    assert unknown.status_code == 404


def test_auto_resolution_bounds_buckets() -> None:
    from coldtrace_cloud.timeseries.history import auto_resolution_s

    assert auto_resolution_s(T0, T0 + timedelta(days=30)) == 1800
    assert auto_resolution_s(T0, T0 + timedelta(minutes=10)) == 1
