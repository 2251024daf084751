"""A lot shipped to three consignees: a drill traces it without touching anything, the recall
writes three URGENT notices, blocks the lot, and closes at 100 % once all units are back."""

from collections.abc import AsyncIterator

import httpx
import pytest

from coldtrace_cloud.settings import Settings
from tests.cloud.inventory_support.client import api_client, bearer
from tests.cloud.inventory_support.stock import Stock, stock_up
from tests.cloud.inventory_support.world import World, build_world

CONSIGNEES = ("hosp-1", "hosp-2", "mfr-1")


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


async def ship_two_each(api: httpx.AsyncClient, world: World, lot_id: int) -> None:
    headers = bearer(world.token("logistics"))
    for n, consignee in enumerate(CONSIGNEES):
        code = f"SHP-R{n}"
        body = {"code": code, "origin_site": "north", "destination_consignee": consignee}
        assert (await api.post("/shipments", json=body, headers=headers)).status_code == 201
        added = await api.post(
            f"/shipments/{code}/contents", json={"lot_id": lot_id, "quantity": 2}, headers=headers
        )
        assert added.json() == {"added": 2}, added.text
        for status in ("loading", "in_transit"):
            moved = await api.post(
                f"/shipments/{code}/transitions", json={"status": status}, headers=headers
            )
            assert moved.status_code == 200, moved.text


async def test_recall_of_a_lot_shipped_to_three_consignees(
    api: httpx.AsyncClient, world: World, stock: Stock
) -> None:
    await ship_two_each(api, world, stock.late.id)
    qa, auditor = bearer(world.token("qa")), bearer(world.token("auditor"))
    recall = {
        "classification": "II",
        "lot_ids": [stock.late.id],
        "reason": "seal integrity failure found in retained samples",
        "health_hazard": "non-sterile product; remote probability of infection",
        "instructions": "Stop use, quarantine on site, return all units to the distributor.",
    }

    drill = await api.post("/recalls", json=recall | {"code": "DRILL-1", "drill": True}, headers=qa)
    assert drill.status_code == 201, drill.text
    assert len(drill.json()["notices"]) == 3
    assert all(n["sent_at"] is None for n in drill.json()["notices"])
    assert drill.json()["trace_duration_s"] >= 0
    lot = (await api.get(f"/lots/{stock.late.id}", headers=auditor)).json()
    assert lot["status"] == "released"

    created = await api.post("/recalls", json=recall | {"code": "RC-2026-1"}, headers=qa)
    assert created.status_code == 201, created.text
    body = created.json()
    assert [n["consignee"] for n in body["notices"]] == sorted(CONSIGNEES)
    assert all(n["units_shipped"] == 2 for n in body["notices"])
    assert body["effectiveness_pct"] == 0.0
    notice = body["notices"][0]["content"]
    assert notice["headline"] == "URGENT: PRODUCT RECALL"
    assert notice["products"][0]["lot_number"] == stock.late.number
    assert len(notice["products"][0]["serials"]) == 2
    lot = (await api.get(f"/lots/{stock.late.id}", headers=auditor)).json()
    assert lot["status"] == "recalled"
    printed = await api.get("/recalls/RC-2026-1/notices/hosp-1/print", headers=auditor)
    assert printed.headers["content-type"].startswith("text/html")
    assert "URGENT: PRODUCT RECALL" in printed.text
    assert notice["products"][0]["serials"][0] in printed.text

    early = await api.post("/recalls/RC-2026-1/close", json={"reason": "done"}, headers=qa)
    assert early.status_code == 409
    too_many = await api.post(
        "/recalls/RC-2026-1/notices/hosp-1/acknowledge",
        json={"acknowledged_by": "pharmacist", "units_returned": 3},
        headers=qa,
    )
    assert too_many.status_code == 422
    for consignee in CONSIGNEES:
        acked = await api.post(
            f"/recalls/RC-2026-1/notices/{consignee}/acknowledge",
            json={"acknowledged_by": f"{consignee} pharmacist", "units_returned": 2},
            headers=qa,
        )
        assert acked.status_code == 200, acked.text
    closed = await api.post(
        "/recalls/RC-2026-1/close", json={"reason": "all units returned"}, headers=qa
    )
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "closed"
    assert closed.json()["effectiveness_pct"] == 100.0
    listed = await api.get("/recalls", headers=auditor)
    assert [r["code"] for r in listed.json()] == ["RC-2026-1", "DRILL-1"]
