"""Export of a realistic history: every document validates, and says what happened."""

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.epcis.export import export_document
from coldtrace_cloud.epcis.schema import SCHEMA_FILE, violations
from coldtrace_cloud.epcis.sensor_events import BandExcursions
from coldtrace_cloud.settings import Settings
from coldtrace_cloud.timeseries.client import InfluxClient
from devstack.cli import Stack
from tests.cloud.epcis.scenario import CASE, PALLET, Scenario, play
from tests.cloud.inventory_support.client import api_client
from tests.cloud.inventory_support.stock import Stock, stock_up
from tests.cloud.inventory_support.world import World, build_world

DATA = Path(__file__).resolve().parents[2] / "data" / "epcis"
PACKAGED = Path(__file__).resolve().parents[3] / "cloud" / "coldtrace_cloud" / "epcis"


@pytest.fixture(scope="module")
def world(database_url: str) -> World:
    return build_world(database_url)


@pytest.fixture(scope="module")
def stock(database_url: str, world: World) -> Stock:
    return stock_up(database_url, world)


@pytest.fixture
async def api(cloud_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(cloud_settings) as client:
        yield client


async def _export(stack: Stack, database_url: str, influx_db: str) -> dict[str, Any]:
    engine = create_async_engine(database_url)
    now = datetime.now(UTC)
    try:
        async with (
            make_sessionmaker(engine)() as session,
            InfluxClient(stack.influx.url, influx_db) as influx,
        ):
            return await export_document(
                session,
                now - timedelta(days=1),
                now + timedelta(minutes=1),
                influx=influx,
                excursions=BandExcursions(2.0, 8.0),
            )
    finally:
        await engine.dispose()


def test_the_packaged_schema_is_the_official_one() -> None:
    assert (PACKAGED / SCHEMA_FILE).read_bytes() == (DATA / SCHEMA_FILE).read_bytes()


def test_the_gs1_sensor_examples_validate() -> None:
    for path in sorted(DATA.glob("SensorDataExample*.jsonld")):
        assert violations(json.loads(path.read_text())) == [], path.name


def _by_step(events: list[dict[str, Any]], step: str) -> list[dict[str, Any]]:
    return [e for e in events if e.get("bizStep") == step]


async def test_a_full_scenario_exports_a_valid_document_that_tells_the_story(
    api: httpx.AsyncClient,
    world: World,
    stock: Stock,
    stack: Stack,
    database_url: str,
    influx_database: str,
) -> None:
    scenario: Scenario = await play(
        api,
        world,
        stock,
        database_url=database_url,
        influx_url=stack.influx.url,
        influx_db=influx_database,
    )
    document = await _export(stack, database_url, influx_database)
    assert violations(document) == []
    events = document["epcisBody"]["eventList"]
    ids = [e["eventID"] for e in events]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith("ni:///sha-256;") and i.endswith("?ver=CBV2.0") for i in ids)
    steps = {e.get("bizStep") for e in events}
    assert {
        "commissioning",
        "receiving",
        "packing",
        "shipping",
        "arriving",
        "holding",
        "inspecting",
        "sensor_reporting",
    } <= steps
    commissioning = _by_step(events, "commissioning")[0]
    assert set(commissioning["ilmd"]) == {"cbvmda:lotNumber", "cbvmda:itemExpirationDate"}
    packing = _by_step(events, "packing")
    assert {e["parentID"] for e in packing} == {
        f"https://id.gs1.org/00/{PALLET}",
        f"https://id.gs1.org/00/{CASE}",
    }
    (shipping,) = _by_step(events, "shipping")
    assert shipping["disposition"] == "in_transit"
    assert f"https://id.gs1.org/00/{PALLET}" in shipping["epcList"]
    assert len(shipping["epcList"]) == 3  # the pallet and two loose items
    assert shipping["bizTransactionList"][0]["bizTransaction"] == "urn:coldtrace:shipment:SHP-E"
    assert shipping["eventTime"].startswith(scenario.departed_at.strftime("%Y-%m-%dT%H:%M"))
    dispositions = {e.get("disposition") for e in events}
    assert {"non_conformant", "sellable_not_accessible", "recalled", "sellable_accessible"} <= (
        dispositions
    )
    (sensor,) = _by_step(events, "sensor_reporting")
    element = sensor["sensorElementList"][0]
    assert element["sensorMetadata"]["deviceID"] == "urn:coldtrace:sensor:logger-7"
    temperature, humidity = element["sensorReport"]
    assert temperature["exception"] == "ALARM_CONDITION"
    assert (temperature["minValue"], temperature["maxValue"], temperature["uom"]) == (5, 11, "CEL")
    assert humidity["type"] == "RelativeHumidity"
