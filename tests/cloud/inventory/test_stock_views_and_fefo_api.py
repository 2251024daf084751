"""Inventory views across sites and FEFO: what is where, expires, is held, and what to pick."""

from collections.abc import AsyncIterator

import httpx
import pytest

from coldtrace_cloud.settings import Settings
from tests.cloud.inventory_support.client import api_client, bearer
from tests.cloud.inventory_support.stock import Stock, stock_up
from tests.cloud.inventory_support.world import DEVICE_GTIN, VACCINE_GTIN, World, build_world


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


async def test_fefo_picks_released_unexpired_lots_earliest_first(
    api: httpx.AsyncClient, world: World, stock: Stock
) -> None:
    response = await api.get(
        "/inventory/fefo",
        params={"site": "north", "gtin": VACCINE_GTIN, "quantity": 7},
        headers=bearer(world.token("operator")),
    )
    assert response.status_code == 200
    body = response.json()
    # Never the quarantined lot, the expired one, or stock in the quarantine cage.
    assert [line["lot_id"] for line in body["lines"]] == [
        stock.soon.id,
        stock.early.id,
        stock.late.id,
    ]
    assert [line["pick"] for line in body["lines"]] == [2, 4, 1]
    assert body["lines"][0]["expiry_date"] == stock.soon.expiry.isoformat()
    assert (body["allocated"], body["short"]) == (7, 0)
    shelf_life = await api.get(
        "/inventory/fefo",
        params={"site": "north", "gtin": VACCINE_GTIN, "quantity": 50, "min_shelf_life_days": 30},
        headers=bearer(world.token("operator")),
    )
    lines = shelf_life.json()["lines"]
    assert [line["lot_id"] for line in lines] == [stock.early.id, stock.late.id]
    assert shelf_life.json()["short"] == 40


async def test_fefo_never_offers_a_lot_once_it_is_held(
    api: httpx.AsyncClient, world: World, stock: Stock
) -> None:
    qa = bearer(world.token("qa"))
    held = await api.post(
        f"/lots/{stock.soon.id}/transitions",
        json={"status": "quarantined", "reason": "temperature excursion under review"},
        headers=qa,
    )
    assert held.status_code == 200
    response = await api.get(
        "/inventory/fefo", params={"site": "north", "gtin": VACCINE_GTIN}, headers=qa
    )
    assert stock.soon.id not in [line["lot_id"] for line in response.json()["lines"]]
    back = await api.post(
        f"/lots/{stock.soon.id}/transitions",
        json={"status": "released", "reason": "assessed: within stability budget"},
        headers=qa,
    )
    assert back.status_code == 200
    recalled = await api.post(
        f"/lots/{stock.past.id}/transitions",
        json={"status": "recalled", "reason": "class II"},
        headers=qa,
    )
    assert recalled.status_code == 200
    final = await api.post(
        f"/lots/{stock.past.id}/transitions",
        json={"status": "released", "reason": "undo"},
        headers=qa,
    )
    assert final.status_code == 409


async def test_stock_by_site_and_lot(api: httpx.AsyncClient, world: World, stock: Stock) -> None:
    response = await api.get(
        "/inventory/stock",
        params=[("group_by", "site"), ("group_by", "lot"), ("gtin", VACCINE_GTIN)],
        headers=bearer(world.token("auditor")),
    )
    assert response.status_code == 200
    rows = {row["lot_id"]: row for row in response.json()["items"]}
    assert rows[stock.late.id]["quantity"] == 6
    assert rows[stock.late.id]["site_code"] == "north"
    assert rows[stock.held.id]["lot_status"] == "quarantined"
    assert rows[stock.late.id]["location_id"] is None  # not grouped by location
    by_location = await api.get(
        "/inventory/stock",
        params=[("group_by", "location"), ("group_by", "status")],
        headers=bearer(world.token("auditor")),
    )
    cells = {
        (r["location_code"], r["lot_status"]): r["quantity"] for r in by_location.json()["items"]
    }
    assert cells[("quar", "released")] == 2
    assert cells[("ambient", "released")] == 3
    assert cells[("cold", "quarantined")] == 3


async def test_expiring_and_quarantined_views(
    api: httpx.AsyncClient, world: World, stock: Stock
) -> None:
    headers = bearer(world.token("logistics"))
    expiring = await api.get("/inventory/expiring", params={"days": 30}, headers=headers)
    assert {r["lot_id"] for r in expiring.json()["items"]} == {stock.soon.id}
    held = await api.get("/inventory/quarantined", headers=headers)
    rows = held.json()["items"]
    assert {r["lot_id"] for r in rows} == {stock.held.id}
    assert rows[0]["quantity"] == 3
    assert rows[0]["location_code"] == "cold"


async def test_grants_narrow_every_view(api: httpx.AsyncClient, world: World, stock: Stock) -> None:
    vaccines_only = bearer(world.token("vaccines-logistics"))
    rows = (await api.get("/inventory/stock", headers=vaccines_only)).json()["items"]
    assert stock.device.id not in {r["lot_id"] for r in rows}
    assert (await api.get(f"/products/{DEVICE_GTIN}", headers=vaccines_only)).status_code == 403
    assert (await api.get(f"/lots/{stock.device.id}", headers=vaccines_only)).status_code == 403
    device_fefo = await api.get(
        "/inventory/fefo", params={"site": "north", "gtin": DEVICE_GTIN}, headers=vaccines_only
    )
    assert device_fefo.status_code == 403
    south = bearer(world.token("south-operator"))
    assert (await api.get("/inventory/stock", headers=south)).json()["items"] == []
    item = next(iter(stock.late.items.values()))
    assert (await api.get(f"/items/{item}", headers=south)).status_code == 403
    assert (
        await api.get(
            "/inventory/fefo", params={"site": "north", "gtin": VACCINE_GTIN}, headers=south
        )
    ).status_code == 403


async def test_items_and_lots_page_with_an_opaque_cursor(
    api: httpx.AsyncClient, world: World, stock: Stock
) -> None:
    headers = bearer(world.token("admin"))
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"lot_id": stock.late.id, "limit": 4}
        if cursor:
            params["cursor"] = cursor
        page = (await api.get("/items", params=params, headers=headers)).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(stock.late.items.values())
    assert len(seen) == len(set(seen))
    bad = await api.get("/items", params={"cursor": "not-a-cursor!"}, headers=headers)
    assert bad.status_code == 422
    lots = await api.get("/lots", params={"status": "quarantined"}, headers=headers)
    assert [lot["id"] for lot in lots.json()["items"]] == [stock.held.id]
    expiring = await api.get(
        "/lots", params={"expires_before": stock.early.expiry.isoformat()}, headers=headers
    )
    assert stock.late.id not in {lot["id"] for lot in expiring.json()["items"]}
