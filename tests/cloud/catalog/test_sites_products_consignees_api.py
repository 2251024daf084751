"""Master data through the API: sites, locations, portals, sensors, products, consignees."""

from collections.abc import AsyncIterator

import httpx
import pytest

from coldtrace_cloud.settings import Settings
from coldtrace_protocol.identifiers import with_check_digit
from tests.cloud.inventory_support.client import api_client, bearer
from tests.cloud.inventory_support.world import VACCINE_GTIN, World, build_world


@pytest.fixture(scope="module")
def world(database_url: str) -> World:
    return build_world(database_url)


@pytest.fixture
async def api(cloud_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(cloud_settings) as client:
        yield client


async def test_sites_locations_and_portals(api: httpx.AsyncClient, world: World) -> None:
    admin = bearer(world.token("admin"))
    site = await api.post(
        "/sites",
        json={
            "code": "west",
            "name": "West DC",
            "timezone": "Europe/Lisbon",
            "region": "eu-north",
            "gln": with_check_digit("952012300001"),
        },
        headers=admin,
    )
    assert site.status_code == 201, site.text
    assert (
        await api.post(
            "/sites", json={"code": "x", "name": "x", "timezone": "Mars/Base"}, headers=admin
        )
    ).status_code == 422
    assert (
        await api.post(
            "/sites", json={"code": "y", "name": "y", "gln": "9520123000010"}, headers=admin
        )
    ).status_code == 422  # GLN check digit
    for code, kind in (("door-1", "dock_door"), ("yard", "ambient_zone"), ("cr-1", "cold_room")):
        made = await api.post(
            "/sites/west/locations", json={"code": code, "name": code, "kind": kind}, headers=admin
        )
        assert made.status_code == 201
    portal = await api.post(
        "/sites/west/portals",
        json={
            "code": "p1",
            "name": "Door 1",
            "door_location": "door-1",
            "outside_location": "yard",
            "inside_location": "cr-1",
            "reader_host": "10.0.0.5",
            "gateway_id": "gw-west",
            "antennas": [
                {"port": 1, "zone": "outside"},
                {"port": 2, "zone": "inside", "tx_power_dbm": 27.5},
            ],
        },
        headers=admin,
    )
    assert portal.status_code == 201, portal.text
    assert portal.json()["reader_port"] == 5084
    dup_ports = await api.post(
        "/sites/west/portals",
        json={
            "code": "p2",
            "name": "x",
            "door_location": "door-1",
            "antennas": [{"port": 1, "zone": "outside"}, {"port": 1, "zone": "inside"}],
        },
        headers=admin,
    )
    assert dup_ports.status_code == 422
    # The new site is in region eu-north: region grants include it without a new grant.
    qa = bearer(world.token("qa"))
    portals = (await api.get("/sites/west/portals", headers=qa)).json()
    assert [a["zone"] for a in portals[0]["antennas"]] == ["outside", "inside"]
    docks = (
        await api.get("/sites/west/locations", params={"kind": "dock_door"}, headers=qa)
    ).json()
    assert [loc["code"] for loc in docks] == ["door-1"]
    regions = (await api.get("/sites", params={"region": "eu-north"}, headers=qa)).json()["items"]
    assert {s["code"] for s in regions} == {"north", "west"}
    assert (await api.get("/sites/south", headers=qa)).status_code == 403
    assert (await api.get("/sites/atlantis", headers=qa)).status_code == 404


async def test_sensors_and_bindings(api: httpx.AsyncClient, world: World) -> None:
    admin = bearer(world.token("admin"))
    made = await api.post(
        "/sensors", json={"code": "probe-7", "kind": "probe", "gateway_id": "gw-1"}, headers=admin
    )
    assert made.status_code == 201
    first = await api.post(
        "/sensors/probe-7/bindings",
        json={"valid_from": "2026-01-01T00:00:00Z", "location_id": world.north.locations["cold"]},
        headers=admin,
    )
    assert first.status_code == 201
    await api.post(
        "/shipments",
        json={"code": "S-SENS", "origin_site": "north", "destination_consignee": "hosp-1"},
        headers=admin,
    )
    second = await api.post(
        "/sensors/probe-7/bindings",
        json={"valid_from": "2026-01-02T00:00:00Z", "shipment_code": "S-SENS"},
        headers=admin,
    )
    assert second.status_code == 201
    bindings = (
        await api.get("/sensors/probe-7/bindings", headers=bearer(world.token("gateway")))
    ).json()
    assert [b["valid_to"] for b in bindings] == ["2026-01-02T00:00:00Z", None]
    assert bindings[1]["shipment_id"] is not None
    overlap = await api.post(
        "/sensors/probe-7/bindings",
        json={"valid_from": "2026-01-01T12:00:00Z", "location_id": world.north.locations["dock"]},
        headers=admin,
    )
    assert overlap.status_code == 409
    listed = await api.get("/sensors", params={"gateway_id": "gw-1"}, headers=admin)
    assert [s["code"] for s in listed.json()["items"]] == ["probe-7"]


async def test_profiles_and_products_need_a_reason_to_change(
    api: httpx.AsyncClient, world: World
) -> None:
    qa = bearer(world.token("qa"))
    profile = await api.post(
        "/storage-profiles",
        json={
            "code": "15-25C",
            "name": "Ambient",
            "temperature_min_c": 15,
            "temperature_max_c": 25,
        },
        headers=qa,
    )
    assert profile.status_code == 201
    inverted = await api.post(
        "/storage-profiles",
        json={"code": "bad", "name": "bad", "temperature_min_c": 8, "temperature_max_c": 2},
        headers=qa,
    )
    assert inverted.status_code == 422
    gtin = with_check_digit("0952012300077")
    created = await api.post(
        "/products",
        json={
            "gtin": gtin,
            "description": "Saline",
            "category": "fluids",
            "storage_profile": "15-25C",
        },
        headers=qa,
    )
    assert created.status_code == 201
    wrong_digit = gtin[:-1] + str((int(gtin[-1]) + 1) % 10)
    bad = await api.post(
        "/products",
        json={
            "gtin": wrong_digit,
            "description": "x",
            "category": "x",
            "storage_profile": "15-25C",
        },
        headers=qa,
    )
    assert bad.status_code == 422
    assert (
        await api.post(
            "/products",
            json={
                "gtin": VACCINE_GTIN,
                "description": "x",
                "category": "x",
                "storage_profile": "2-8C",
            },
            headers=qa,
        )
    ).status_code == 409
    changed = await api.patch(
        f"/products/{gtin}",
        json={"storage_profile": "2-8C", "reason": "label says refrigerate"},
        headers=qa,
    )
    assert changed.status_code == 200
    events = (await api.get("/audit/events", params={"entity_type": "product"}, headers=qa)).json()
    update = [e for e in events["items"] if e["action"] == "update"][-1]
    assert update["reason"] == "label says refrigerate"
    assert update["old_values"]["storage_profile_id"] != update["new_values"]["storage_profile_id"]
    profiles = (await api.get("/storage-profiles", headers=qa)).json()
    assert {p["code"] for p in profiles} >= {"2-8C", "15-25C"}
    by_category = (await api.get("/products", params={"category": "fluids"}, headers=qa)).json()
    assert [p["gtin"] for p in by_category["items"]] == [gtin]


async def test_consignees(api: httpx.AsyncClient, world: World) -> None:
    logistics = bearer(world.token("logistics"))
    made = await api.post(
        "/consignees",
        json={
            "code": "clinic-9",
            "name": "Clinic 9",
            "kind": "clinic",
            "country": "NO",
            "contact_email": "pharmacy@clinic9.example",
            "gln": with_check_digit("952012300002"),
        },
        headers=logistics,
    )
    assert made.status_code == 201, made.text
    patched = await api.patch(
        "/consignees/clinic-9",
        json={"address": "Storgata 1, Oslo", "reason": "moved"},
        headers=logistics,
    )
    assert patched.json()["address"] == "Storgata 1, Oslo"
    hospitals = await api.get("/consignees", params={"kind": "hospital"}, headers=logistics)
    assert {c["code"] for c in hospitals.json()["items"]} == {"hosp-1", "hosp-2"}
    assert (await api.get("/consignees/clinic-9", headers=logistics)).json()["country"] == "NO"
    assert (
        await api.post(
            "/consignees", json={"code": "c", "name": "c", "kind": "zoo"}, headers=logistics
        )
    ).status_code == 422


async def test_manual_moves_are_idempotent_and_containers_unpack(
    api: httpx.AsyncClient, world: World
) -> None:
    admin = bearer(world.token("admin"))
    lot = await api.post(
        "/receiving/scans",
        json={
            "scan": f"(01){VACCINE_GTIN}(17)301231(10)MOV(21)1",
            "site": "north",
            "location": "dock",
        },
        headers=admin,
    )
    item_id = lot.json()["item"]["id"]
    body = {
        "item_id": item_id,
        "to_location_id": world.north.locations["cold"],
        "event_id": "8a1f6a64-97c5-4c51-a4a1-0e8f5f3b2c11",
    }
    first = await api.post("/movements", json=body, headers=bearer(world.token("operator")))
    assert first.status_code == 201
    again = await api.post("/movements", json=body, headers=bearer(world.token("operator")))
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    elsewhere = await api.post(
        "/movements",
        json={"item_id": item_id, "to_location_id": world.south.locations["cold"]},
        headers=bearer(world.token("operator")),
    )
    assert elsewhere.status_code == 403  # the operator has no grant for site south
    sscc = with_check_digit("00952012300000001")
    await api.post("/containers", json={"sscc": sscc, "kind": "tote"}, headers=admin)
    packed = await api.post(f"/containers/{sscc}/pack", json={"item_ids": [item_id]}, headers=admin)
    assert packed.json()["item_ids"] == [item_id]
    moved = await api.post(
        f"/containers/{sscc}/moves",
        json={"to_location_id": world.north.locations["ambient"]},
        headers=bearer(world.token("gateway")),
    )
    assert moved.json() == {"item_movements": 1}
    item = (await api.get(f"/items/{item_id}", headers=admin)).json()
    assert item["current_location_id"] == world.north.locations["ambient"]
    assert item["container_id"] == packed.json()["id"]
    unpacked = await api.post(
        f"/containers/{sscc}/unpack", json={"item_ids": [item_id]}, headers=admin
    )
    assert unpacked.json()["item_ids"] == []
    twice = await api.post(
        f"/containers/{sscc}/unpack", json={"item_ids": [item_id]}, headers=admin
    )
    assert twice.status_code == 409
    listed = await api.get(
        "/containers", params={"location_id": world.north.locations["ambient"]}, headers=admin
    )
    assert [c["sscc"] for c in listed.json()["items"]] == [sscc]
