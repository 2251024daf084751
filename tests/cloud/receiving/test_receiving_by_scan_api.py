"""Receiving by scan through the API: lots, items, containers, 422 naming the AI, site grants."""

from collections.abc import AsyncIterator

import httpx
import pytest

from coldtrace_cloud.settings import Settings
from tests.cloud.inventory_support.client import api_client, bearer
from tests.cloud.inventory_support.world import DEVICE_GTIN, VACCINE_GTIN, World, build_world


@pytest.fixture(scope="module")
def world(database_url: str) -> World:
    return build_world(database_url)


@pytest.fixture
async def api(cloud_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(cloud_settings) as client:
        yield client


def _scan(gtin: str, lot: str, serial: str | None, expiry: str = "301231") -> str:
    tail = f"(21){serial}" if serial is not None else ""
    return f"(01){gtin}(17){expiry}(10){lot}{tail}"


async def test_parse_only_returns_udi_dates(api: httpx.AsyncClient, world: World) -> None:
    scan = "https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=180426"
    response = await api.post(
        "/receiving/parse", json={"scan": scan}, headers=bearer(world.token("operator"))
    )
    assert response.status_code == 200
    assert response.json() == {
        "form": "digital_link",
        "gtin": "09520123456788",
        "sscc": None,
        "lot_number": "ABC1",
        "serial": "12345",
        "expiry_date": "2018-04-26",
        "production_date": None,
    }


async def test_wrong_check_digit_is_422_naming_the_ai(api: httpx.AsyncClient, world: World) -> None:
    response = await api.post(
        "/receiving/scans",
        json={
            "scan": "(01)09520123456789(17)301231(10)X1(21)1",
            "site": "north",
            "location": "dock",
        },
        headers=bearer(world.token("operator")),
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["ai"] == "01"


async def test_receive_new_lot_and_items(api: httpx.AsyncClient, world: World) -> None:
    headers = bearer(world.token("operator"))
    first = await api.post(
        "/receiving/scans",
        json={
            "scan": f"\x1d01{VACCINE_GTIN}1730123110RCV-1\x1d21100",
            "site": "north",
            "location": "cold",
            "source_consignee": "mfr-1",
        },
        headers=headers,
    )
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["lot"]["lot_number"] == "RCV-1"
    assert body["lot"]["status"] == "quarantined"  # incoming lots wait for QA release
    assert body["lot"]["expiry_date"] == "2030-12-31"
    item = body["item"]
    assert item["serial"] == "100"
    assert item["status"] == "in_stock"
    assert item["current_location_id"] == world.north.locations["cold"]
    # Company prefix length from the GS1 prefix list (biip): 952012, so SGTIN 952012.0300011.
    assert item["epc_uri"] == "urn:epc:id:sgtin:952012.0300011.100"
    second = await api.post(
        "/receiving/scans",
        json={
            "scan": _scan(VACCINE_GTIN, "RCV-1", "101", "301231"),
            "site": "north",
            "location": "cold",
        },
        headers=headers,
    )
    assert second.status_code == 201
    assert second.json()["lot"]["id"] == body["lot"]["id"]
    again = await api.post(
        "/receiving/scans",
        json={"scan": _scan(VACCINE_GTIN, "RCV-1", "101"), "site": "north", "location": "cold"},
        headers=headers,
    )
    assert again.status_code == 409  # already in stock


async def test_expiry_mismatch_and_missing_fields(api: httpx.AsyncClient, world: World) -> None:
    headers = bearer(world.token("logistics"))
    first = await api.post(
        "/receiving/scans",
        json={
            "scan": _scan(DEVICE_GTIN, "RCV-2", "1", "301130"),
            "site": "north",
            "location": "ambient",
        },
        headers=headers,
    )
    assert first.status_code == 201
    mismatch = await api.post(
        "/receiving/scans",
        json={
            "scan": _scan(DEVICE_GTIN, "RCV-2", "2", "301231"),
            "site": "north",
            "location": "ambient",
        },
        headers=headers,
    )
    assert mismatch.status_code == 409
    no_expiry = await api.post(
        "/receiving/scans",
        json={"scan": f"(01){DEVICE_GTIN}(10)NEW-LOT(21)5", "site": "north", "location": "ambient"},
        headers=headers,
    )
    assert no_expiry.status_code == 422
    assert no_expiry.json()["ai"] == "17"
    no_lot = await api.post(
        "/receiving/scans",
        json={"scan": f"(01){DEVICE_GTIN}(17)301231", "site": "north", "location": "ambient"},
        headers=headers,
    )
    assert no_lot.json()["ai"] == "10"
    unknown = await api.post(
        "/receiving/scans",
        json={
            "scan": "(01)09520123456788(17)301231(10)A(21)1",
            "site": "north",
            "location": "dock",
        },
        headers=headers,
    )
    assert unknown.status_code == 404  # the product is not registered


async def test_lot_without_serial_is_registered_with_quantity(
    api: httpx.AsyncClient, world: World
) -> None:
    response = await api.post(
        "/receiving/scans",
        json={
            "scan": _scan(VACCINE_GTIN, "BULK-1", None),
            "site": "north",
            "location": "cold",
            "quantity": 40,
            "initial_lot_status": "released",
        },
        headers=bearer(world.token("operator")),
    )
    assert response.status_code == 201
    body = response.json()
    assert body["item"] is None
    assert body["lot"]["status"] == "released"
    assert len(body["receipt_ids"]) == 1


async def test_site_and_category_grants(api: httpx.AsyncClient, world: World) -> None:
    body = {"scan": _scan(VACCINE_GTIN, "RCV-3", "1"), "site": "north", "location": "cold"}
    outsider = await api.post(
        "/receiving/scans", json=body, headers=bearer(world.token("south-operator"))
    )
    assert outsider.status_code == 403
    device = {"scan": _scan(DEVICE_GTIN, "RCV-3", "1"), "site": "north", "location": "cold"}
    vaccines_only = await api.post(
        "/receiving/scans", json=device, headers=bearer(world.token("vaccines-logistics"))
    )
    assert vaccines_only.status_code == 403
    auditor = await api.post("/receiving/scans", json=body, headers=bearer(world.token("auditor")))
    assert auditor.status_code == 403
    anonymous = await api.post("/receiving/scans", json=body)
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"].startswith("Bearer")


async def test_receiving_a_known_container_receives_its_contents(
    api: httpx.AsyncClient, world: World
) -> None:
    headers = bearer(world.token("admin"))
    items = []
    for serial in ("900", "901", "902"):
        got = await api.post(
            "/receiving/scans",
            json={
                "scan": _scan(VACCINE_GTIN, "RCV-4", serial),
                "site": "south",
                "location": "dock",
            },
            headers=headers,
        )
        items.append(got.json()["item"]["id"])
    sscc = "106141411234567897"
    created = await api.post(
        "/containers",
        json={"sscc": sscc, "kind": "case", "location_id": world.south.locations["dock"]},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    packed = await api.post(f"/containers/{sscc}/pack", json={"item_ids": items}, headers=headers)
    assert packed.status_code == 200
    assert sorted(packed.json()["item_ids"]) == sorted(items)
    # The case goes out to a customer (delivered) and comes back: receiving scans the SSCC.
    for item_id in items:
        await api.post(
            "/movements",
            json={"item_id": item_id, "to_location_id": world.south.locations["cold"]},
            headers=headers,
        )
    back = await api.post(
        "/receiving/scans",
        json={"scan": f"(00){sscc}", "site": "north", "location": "dock"},
        headers=headers,
    )
    assert back.status_code == 409  # the items are still in stock: nothing to receive
