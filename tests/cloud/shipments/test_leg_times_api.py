"""Leg times: the trip's ends stamp the first and last legs, hand-overs in between are recorded."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from coldtrace_cloud.settings import Settings
from tests.cloud.inventory_support.client import api_client, bearer
from tests.cloud.inventory_support.stock import Stock, stock_up
from tests.cloud.inventory_support.world import World, build_world

NOW = datetime.now(UTC)


def ago(minutes: int) -> str:
    return (NOW - timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")


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


async def test_legs_are_timed_from_dispatch_to_delivery(
    api: httpx.AsyncClient, world: World, stock: Stock
) -> None:
    headers = bearer(world.token("logistics"))
    await api.post(
        "/shipments",
        json={"code": "SHP-LEGS", "origin_site": "north", "destination_consignee": "hosp-1"},
        headers=headers,
    )
    items = list(stock.late.items.values())[:1]
    await api.post("/shipments/SHP-LEGS/contents", json={"item_ids": items}, headers=headers)
    for origin, destination in (("North DC", "Airport"), ("Airport", "Hospital 1")):
        await api.post(
            "/shipments/SHP-LEGS/legs",
            json={"mode": "road", "origin": origin, "destination": destination},
            headers=headers,
        )

    async def leg_time(sequence: int, **body: str) -> httpx.Response:
        return await api.post(
            f"/shipments/SHP-LEGS/legs/{sequence}/times", json=body, headers=headers
        )

    early = await leg_time(1, event="arrived", at=ago(80))
    assert early.status_code == 409  # not under way yet
    assert early.headers["content-type"].startswith("application/problem+json")
    await api.post("/shipments/SHP-LEGS/transitions", json={"status": "loading"}, headers=headers)
    moved = await api.post(
        "/shipments/SHP-LEGS/transitions",
        json={"status": "in_transit", "at": ago(90)},
        headers=headers,
    )
    assert moved.status_code == 200, moved.text
    legs = moved.json()["legs"]
    assert legs[0]["actual_departure_at"] == ago(90)  # the first leg leaves with the shipment
    assert (await leg_time(1, event="arrived", at=ago(95))).status_code == 409  # before it left
    assert (await leg_time(3, event="arrived", at=ago(80))).status_code == 404
    assert (await leg_time(1, event="arrived", at=ago(80))).status_code == 200
    assert (await leg_time(1, event="arrived", at=ago(80))).status_code == 200  # repeated report
    assert (await leg_time(2, event="departed", at=ago(85))).status_code == 409  # before leg 1 in
    assert (await leg_time(1, event="arrived", at=ago(79))).status_code == 409  # needs a reason
    fixed = await leg_time(1, event="arrived", at=ago(79), reason="carrier corrected the scan")
    assert fixed.json()["actual_arrival_at"] == ago(79)
    assert (await leg_time(2, event="departed", at=ago(75))).status_code == 200
    assert (await leg_time(2, event="arrived", at=ago(-60))).status_code == 409  # the future
    done = await api.post(
        "/shipments/SHP-LEGS/transitions",
        json={"status": "delivered", "at": ago(60)},
        headers=headers,
    )
    legs = done.json()["legs"]
    assert [(leg["actual_departure_at"], leg["actual_arrival_at"]) for leg in legs] == [
        (ago(90), ago(79)),
        (ago(75), ago(60)),  # the last leg arrives with the shipment
    ]
    audit = await api.get(
        "/audit/events",
        params={"entity_type": "shipment", "limit": 200},
        headers=bearer(world.token("auditor")),
    )
    assert audit.status_code == 200, audit.text
    assert "carrier corrected the scan" in [e.get("reason") for e in audit.json()["items"]]
