"""Shipments from planned to closed, transfers between sites, and the traces they leave."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from coldtrace_cloud.settings import Settings
from tests.cloud.inventory_support.client import api_client, bearer
from tests.cloud.inventory_support.stock import Stock, stock_up
from tests.cloud.inventory_support.world import World, build_world

PALLET = "006141411234567890"
# The test stock was received two hours ago; the shipments happen after that.
NOW = datetime.now(UTC)


def ago(minutes: int) -> str:
    return (NOW - timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")


CASE = "106141411234567897"


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


async def _advance(api: httpx.AsyncClient, token: str, code: str, **body: Any) -> httpx.Response:
    return await api.post(f"/shipments/{code}/transitions", json=body, headers=bearer(token))


async def test_shipment_to_a_hospital_from_planned_to_closed(
    api: httpx.AsyncClient, world: World, stock: Stock
) -> None:
    ship = world.token("logistics")
    headers = bearer(ship)
    created = await api.post(
        "/shipments",
        json={
            "code": "SHP-1",
            "origin_site": "north",
            "destination_consignee": "hosp-1",
            "carrier": "Cold Express",
            "vehicle_location_id": world.north.locations["truck"],
            "planned_departure_at": ago(90),
        },
        headers=headers,
    )
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "planned"
    late_items = list(stock.late.items.values())
    # Two loose items of the late lot, and a pallet holding a case of two more.
    assert (
        await api.post(
            "/shipments/SHP-1/contents",
            json={"lot_id": stock.late.id, "quantity": 2},
            headers=headers,
        )
    ).json() == {"added": 2}
    for sscc, kind in ((PALLET, "pallet"), (CASE, "case")):
        made = await api.post(
            "/containers",
            json={"sscc": sscc, "kind": kind, "location_id": world.north.locations["cold"]},
            headers=headers,
        )
        assert made.status_code == 201
    await api.post(f"/containers/{CASE}/pack", json={"item_ids": late_items[4:6]}, headers=headers)
    await api.post(f"/containers/{PALLET}/pack", json={"container_ssccs": [CASE]}, headers=headers)
    loaded = await api.post(
        "/shipments/SHP-1/contents", json={"container_sscc": PALLET}, headers=headers
    )
    assert loaded.json() == {"added": 2}
    held_item = next(iter(stock.held.items.values()))
    refused = await api.post(
        "/shipments/SHP-1/contents", json={"item_ids": [held_item]}, headers=headers
    )
    assert refused.status_code == 409  # a quarantined lot is never loaded
    twice = await api.post(
        "/shipments/SHP-1/contents", json={"item_ids": late_items[:1]}, headers=headers
    )
    assert twice.status_code == 409
    skip = await _advance(api, ship, "SHP-1", status="in_transit")
    assert skip.status_code == 409
    leg = await api.post(
        "/shipments/SHP-1/legs",
        json={
            "mode": "road",
            "origin": "North DC",
            "destination": "Hospital 1",
            "carrier": "Cold Express",
        },
        headers=headers,
    )
    assert leg.json()["sequence"] == 1
    assert (await _advance(api, ship, "SHP-1", status="loading")).status_code == 200
    too_early = await _advance(api, ship, "SHP-1", status="in_transit", at=ago(24 * 60))
    assert too_early.status_code == 409
    left = await _advance(api, ship, "SHP-1", status="in_transit", at=ago(90))
    assert left.status_code == 200, left.text
    detail = left.json()
    assert detail["status"] == "in_transit"
    assert detail["actual_departure_at"] == ago(90)
    assert detail["contents"][0]["quantity"] == 4
    assert len(detail["contents"][0]["serials"]) == 4
    item = (await api.get(f"/items/{late_items[4]}", headers=headers)).json()
    assert item["status"] == "in_transit"
    assert item["current_shipment_id"] == detail["id"]
    assert item["current_location_id"] == world.north.locations["truck"]
    arrived = await _advance(api, ship, "SHP-1", status="delivered", at=ago(60))
    assert arrived.status_code == 200
    delivered = (await api.get(f"/items/{late_items[4]}", headers=headers)).json()
    assert (delivered["status"], delivered["current_location_id"]) == ("delivered", None)
    assert (await _advance(api, ship, "SHP-1", status="closed")).json()["status"] == "closed"
    assert (await _advance(api, ship, "SHP-1", status="loading")).status_code == 409


async def test_dispatch_refuses_a_lot_held_after_loading(
    api: httpx.AsyncClient, world: World, stock: Stock
) -> None:
    ship = world.token("logistics")
    await api.post(
        "/shipments",
        json={"code": "SHP-2", "origin_site": "north", "destination_consignee": "hosp-2"},
        headers=bearer(ship),
    )
    added = await api.post(
        "/shipments/SHP-2/contents",
        json={"lot_id": stock.early.id, "quantity": 1},
        headers=bearer(ship),
    )
    assert added.status_code == 200
    await _advance(api, ship, "SHP-2", status="loading")
    qa = bearer(world.token("qa"))
    await api.post(
        f"/lots/{stock.early.id}/transitions",
        json={"status": "quarantined", "reason": "excursion in the cold room"},
        headers=qa,
    )
    refused = await _advance(api, ship, "SHP-2", status="in_transit")
    assert refused.status_code == 409
    assert stock.early.number in refused.json()["lots"]
    assert (await api.get("/shipments/SHP-2", headers=bearer(ship))).json()["status"] == "loading"
    await api.post(
        f"/lots/{stock.early.id}/transitions",
        json={"status": "released", "reason": "assessed"},
        headers=qa,
    )


async def test_transfer_between_sites_and_both_traces(
    api: httpx.AsyncClient, world: World, stock: Stock
) -> None:
    admin = world.token("admin")
    headers = bearer(admin)
    await api.post(
        "/shipments",
        json={"code": "TRF-1", "origin_site": "north", "destination_site": "south"},
        headers=headers,
    )
    await api.post(
        "/shipments/TRF-1/contents", json={"lot_id": stock.late.id, "quantity": 2}, headers=headers
    )
    await _advance(api, admin, "TRF-1", status="loading")
    await _advance(api, admin, "TRF-1", status="in_transit", at=ago(50))
    nowhere = await _advance(api, admin, "TRF-1", status="delivered")
    assert nowhere.status_code == 409  # a transfer is delivered into a location
    wrong_site = await _advance(
        api, admin, "TRF-1", status="delivered", receiving_location_id=world.north.locations["cold"]
    )
    assert wrong_site.status_code == 409
    south_operator = bearer(world.token("south-operator"))
    arrived = await api.get("/shipments/TRF-1", headers=south_operator)
    assert arrived.status_code == 200  # the destination site sees its inbound transfer
    done = await _advance(
        api,
        admin,
        "TRF-1",
        status="delivered",
        at=ago(40),
        receiving_location_id=world.south.locations["cold"],
    )
    assert done.status_code == 200
    stock_south = await api.get(
        "/inventory/stock", params={"site_id": world.south.id}, headers=headers
    )
    assert [(r["lot_id"], r["quantity"]) for r in stock_south.json()["items"]] == [
        (stock.late.id, 2)
    ]

    forward = (await api.get(f"/trace/lots/{stock.late.id}/forward", headers=headers)).json()
    assert forward["shipped_quantity"] == 6
    by_code = {s["code"]: s for s in forward["shipments"]}
    assert by_code["SHP-1"]["consignee_code"] == "hosp-1"
    assert by_code["SHP-1"]["quantity"] == 4
    assert by_code["SHP-1"]["containers"] == [PALLET]
    assert by_code["TRF-1"]["destination_site_id"] == world.south.id
    assert forward["consignees"] == [
        {
            "consignee_id": world.consignees["hosp-1"],
            "consignee_code": "hosp-1",
            "consignee_name": "hosp-1",
            "quantity": 4,
        }
    ]
    held = {(h["site_id"], h["status"]): h["quantity"] for h in forward["held"]}
    assert held == {(world.south.id, "in_stock"): 2}  # all six left north: 4 delivered, 2 moved

    backward = (await api.get(f"/trace/lots/{stock.late.id}/backward", headers=headers)).json()
    sources = backward["sources"]
    assert sources[0]["source_consignee_code"] == "mfr-1"
    assert sources[0]["quantity"] == 6
    transfer = next(s for s in sources if s["shipment_code"] == "TRF-1")
    assert (transfer["site_id"], transfer["origin_site_id"], transfer["quantity"]) == (
        world.south.id,
        world.north.id,
        2,
    )
    narrow = await api.get(
        f"/trace/lots/{stock.late.id}/forward", headers=bearer(world.token("south-operator"))
    )
    assert [s["code"] for s in narrow.json()["shipments"]] == ["TRF-1"]


async def test_item_history_tells_the_whole_story(
    api: httpx.AsyncClient, world: World, stock: Stock
) -> None:
    item_id = list(stock.late.items.values())[4]  # travelled in the case on the pallet
    history = (
        await api.get(f"/trace/items/{item_id}/history", headers=bearer(world.token("auditor")))
    ).json()
    assert history["item"]["status"] == "delivered"
    assert [r["source_consignee_id"] for r in history["receipts"]] == [world.consignees["mfr-1"]]
    assert [m["source"] for m in history["movements"]] == ["receiving", "shipment", "shipment"]
    places = [
        (r["location_id"], r["shipment_id"], r["valid_to"] is None) for r in history["residency"]
    ]
    shipment_id = history["movements"][1]["shipment_id"]
    assert places == [
        (world.north.locations["cold"], None, False),
        (world.north.locations["truck"], shipment_id, False),
    ]
    assert history["residency"][1]["valid_to"] == ago(60)
    assert [c["sscc"] for c in history["containers"]] == [CASE]
    assert [s["code"] for s in history["shipments"]] == ["SHP-1"]
    movements = await api.get(
        "/movements", params={"item_id": item_id, "limit": 2}, headers=bearer(world.token("qa"))
    )
    page = movements.json()
    assert len(page["items"]) == 2
    rest = await api.get(
        "/movements",
        params={"item_id": item_id, "cursor": page["next_cursor"]},
        headers=bearer(world.token("qa")),
    )
    assert [m["source"] for m in rest.json()["items"]] == ["shipment"]
    assert rest.json()["next_cursor"] is None
