"""Every operation, every role: 401 without a token, 403 exactly where the role lacks the right."""

import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from coldtrace_cloud.auth.roles import ROLE_PERMISSIONS, Permission, Role
from coldtrace_cloud.settings import Settings
from tests.cloud.inventory_support.client import api_client, bearer
from tests.cloud.inventory_support.world import VACCINE_GTIN, World, build_world

P = Permission
SSCC = "106141411234567897"
NOW = "2026-01-01T00:00:00Z"
SPAN = "start=2026-01-01T00:00:00Z&end=2026-01-02T00:00:00Z"

# (method, path, JSON body, permission needed; None = any authenticated caller). Targets are
# unknown or harmless, so allowed callers get 2xx, 404, 409 or 422 and the world stays as is.
OPERATIONS: list[tuple[str, str, dict[str, Any] | None, Permission | None]] = [
    ("GET", "/auth/me", None, None),
    ("GET", "/users", None, P.READ_USERS),
    (
        "POST",
        "/users",
        {"username": "x", "display_name": "x", "role": "qa", "password": "short"},
        P.MANAGE_USERS,
    ),
    ("GET", "/users/nobody", None, P.READ_USERS),
    ("PATCH", "/users/nobody", {"reason": "test"}, P.MANAGE_USERS),
    ("POST", "/users/nobody/grants", {"scope": "site", "value": "north"}, P.MANAGE_USERS),
    ("DELETE", "/users/nobody/grants/999999", None, P.MANAGE_USERS),
    ("POST", "/users/nobody/tokens", {"name": "t"}, P.MANAGE_USERS),
    ("DELETE", "/tokens/999999", None, P.MANAGE_USERS),
    ("GET", "/audit/events", None, P.READ_AUDIT),
    ("GET", "/audit/verify", None, P.READ_AUDIT),
    ("GET", "/sites", None, P.READ_SITES),
    ("POST", "/sites", {"code": "north", "name": "dup"}, P.MANAGE_SITES),
    ("GET", "/sites/north", None, P.READ_SITES),
    ("GET", "/sites/north/locations", None, P.READ_SITES),
    (
        "POST",
        "/sites/north/locations",
        {"code": "cold", "name": "dup", "kind": "cold_room"},
        P.MANAGE_SITES,
    ),
    ("GET", "/sites/north/portals", None, P.READ_SITES),
    ("GET", "/sites/north/portals/health", None, P.READ_SITES),
    ("GET", "/sites/north/portals/alarms?limit=5", None, P.READ_SITES),
    (
        "POST",
        "/sites/north/portals",
        {"code": "p", "name": "p", "door_location": "nowhere"},
        P.MANAGE_SITES,
    ),
    ("GET", "/sensors", None, P.READ_SITES),
    ("POST", "/sensors", {"code": "nope!", "kind": "probe"}, P.MANAGE_SITES),
    ("GET", "/sensors/unknown/bindings", None, P.READ_SITES),
    ("POST", "/sensors/unknown/bindings", {"valid_from": NOW, "location_id": 1}, P.MANAGE_SITES),
    ("GET", "/storage-profiles", None, P.READ_INVENTORY),
    ("POST", "/storage-profiles", {"code": "2-8C", "name": "dup"}, P.MANAGE_CATALOG),
    ("GET", "/products", None, P.READ_INVENTORY),
    (
        "POST",
        "/products",
        {"gtin": VACCINE_GTIN, "description": "d", "category": "c", "storage_profile": "2-8C"},
        P.MANAGE_CATALOG,
    ),
    ("GET", f"/products/{VACCINE_GTIN}", None, P.READ_INVENTORY),
    ("PATCH", "/products/00000000000000", {"reason": "r"}, P.MANAGE_CATALOG),
    ("GET", "/lots", None, P.READ_INVENTORY),
    (
        "POST",
        "/lots",
        {"gtin": "00000000000000", "lot_number": "L", "expiry_date": "2030-01-01"},
        P.RECEIVE,
    ),
    ("GET", "/lots/999999", None, P.READ_INVENTORY),
    ("POST", "/lots/999999/transitions", {"status": "released", "reason": "r"}, P.LOT_STATUS),
    ("GET", "/consignees", None, P.READ_INVENTORY),
    (
        "POST",
        "/consignees",
        {"code": "hosp-1", "name": "dup", "kind": "hospital"},
        P.MANAGE_CONSIGNEES,
    ),
    ("GET", "/consignees/hosp-1", None, P.READ_INVENTORY),
    ("PATCH", "/consignees/unknown", {"reason": "r"}, P.MANAGE_CONSIGNEES),
    ("GET", "/items", None, P.READ_INVENTORY),
    ("GET", "/items/999999", None, P.READ_INVENTORY),
    ("GET", "/containers", None, P.READ_INVENTORY),
    ("POST", "/containers", {"sscc": "106141411234567890", "kind": "case"}, P.MOVE),
    ("GET", f"/containers/{SSCC}", None, P.READ_INVENTORY),
    ("POST", f"/containers/{SSCC}/pack", {"item_ids": []}, P.MOVE),
    ("POST", f"/containers/{SSCC}/unpack", {"item_ids": []}, P.MOVE),
    ("POST", f"/containers/{SSCC}/moves", {"to_location_id": 999999}, P.MOVE),
    ("GET", "/movements", None, P.READ_INVENTORY),
    ("GET", "/movements?epc=urn:epc:id:sgtin:0614141.812345.6789", None, P.READ_INVENTORY),
    ("POST", "/movements", {"item_id": 999999, "to_location_id": 999999}, P.MOVE),
    ("POST", "/receiving/parse", {"scan": "(01)09520123456788"}, P.RECEIVE),
    ("POST", "/receiving/scans", {"scan": "x", "site": "north", "location": "nowhere"}, P.RECEIVE),
    ("GET", "/inventory/stock", None, P.READ_INVENTORY),
    ("GET", "/inventory/expiring", None, P.READ_INVENTORY),
    ("GET", "/inventory/quarantined", None, P.READ_INVENTORY),
    ("GET", f"/inventory/fefo?site=north&gtin={VACCINE_GTIN}", None, P.READ_INVENTORY),
    ("GET", "/shipments", None, P.READ_INVENTORY),
    (
        "POST",
        "/shipments",
        {"code": "S", "origin_site": "north", "destination_site": "north"},
        P.SHIP,
    ),
    ("GET", "/shipments/unknown", None, P.READ_INVENTORY),
    (
        "POST",
        "/shipments/unknown/legs",
        {"mode": "road", "origin": "a", "destination": "b"},
        P.SHIP,
    ),
    (
        "POST",
        "/shipments/unknown/legs/1/times",
        {"event": "departed", "at": "2026-11-01T00:00:00Z"},
        P.SHIP,
    ),
    ("POST", "/shipments/unknown/contents", {"item_ids": [1]}, P.SHIP),
    ("POST", "/shipments/unknown/transitions", {"status": "loading"}, P.SHIP),
    ("GET", "/shipments/unknown/report.pdf", None, P.READ_INVENTORY),
    ("GET", "/shipments/unknown/report.csv", None, P.READ_INVENTORY),
    ("GET", "/trace/lots/999999/forward", None, P.READ_INVENTORY),
    ("GET", "/trace/lots/999999/backward", None, P.READ_INVENTORY),
    ("GET", "/trace/items/999999/history", None, P.READ_INVENTORY),
    ("GET", f"/sensors/unknown/readings?{SPAN}", None, P.READ_SITES),
    ("GET", f"/sites/north/locations/cold/readings?{SPAN}", None, P.READ_SITES),
    ("GET", f"/shipments/unknown/readings?{SPAN}", None, P.READ_SITES),
    ("GET", f"/sensors/unknown/readings?{SPAN}", None, P.READ_SITES),
    ("POST", "/epcis/capture", {"type": "EPCISDocument"}, P.EPCIS_CAPTURE),
    ("GET", "/epcis/capture/999999", None, P.EPCIS_READ),
    ("GET", "/epcis/events?EQ_bizStep=shipping", None, P.EPCIS_READ),
    ("GET", "/epcis/events/ni%3A%2F%2F%2Fsha-256%3Bunknown", None, P.EPCIS_READ),
    (
        "GET",
        "/epcis/export?since=2026-01-01T00:00:00Z&until=2026-01-02T00:00:00Z",
        None,
        P.EPCIS_READ,
    ),
    ("GET", "/excursions?status=open", None, P.EXCURSIONS_READ),
    ("GET", "/excursions/stream?duration_s=0", None, P.EXCURSIONS_READ),
    ("GET", "/excursions/999999", None, P.EXCURSIONS_READ),
    ("POST", "/excursions/999999/acknowledge", {"comment": "seen"}, P.EXCURSIONS_WRITE),
    (
        "POST",
        "/excursions/999999/close",
        {"root_cause": "door", "capa_ref": "CAPA-1"},
        P.EXCURSIONS_WRITE,
    ),
    ("GET", "/storage-profiles/2-8C/rules", None, P.EXCURSIONS_READ),
    ("POST", "/storage-profiles/unknown/rules", {"rules": {}, "reason": "r"}, P.RULES_WRITE),
    (
        "POST",
        "/storage-profiles/unknown/backtest",
        {"sensor": "unknown", "start": NOW, "end": "2026-01-02T00:00:00Z"},
        P.EXCURSIONS_READ,
    ),
    ("GET", "/exposure/lots/999999", None, P.EXCURSIONS_READ),
    ("GET", "/exposure/items/999999", None, P.EXCURSIONS_READ),
    ("GET", "/exposure/excursions/999999", None, P.EXCURSIONS_READ),
    (
        "POST",
        "/dispositions/lots/999999",
        {"decision": "reject", "password": "x", "meaning": "rejected", "reason": "r"},
        P.QA_DISPOSE,
    ),
    ("GET", "/dispositions/lots/999999", None, P.EXCURSIONS_READ),
    ("GET", "/recalls", None, P.RECALLS_READ),
    (
        "POST",
        "/recalls",
        {
            "code": "R-X",
            "classification": "II",
            "lot_ids": [999999],
            "reason": "r",
            "health_hazard": "h",
            "instructions": "i",
        },
        P.RECALLS_WRITE,
    ),
    ("GET", "/recalls/unknown", None, P.RECALLS_READ),
    ("GET", "/recalls/unknown/notices/hosp-1", None, P.RECALLS_READ),
    ("GET", "/recalls/unknown/notices/hosp-1/print", None, P.RECALLS_READ),
    (
        "POST",
        "/recalls/unknown/notices/hosp-1/acknowledge",
        {"acknowledged_by": "x", "units_returned": 0},
        P.RECALLS_WRITE,
    ),
    ("POST", "/recalls/unknown/close", {"reason": "r"}, P.RECALLS_WRITE),
    ("GET", "/notification-targets", None, P.NOTIFICATIONS_WRITE),
    (
        "POST",
        "/notification-targets",
        {"channel": "webhook", "address": "http://127.0.0.1:9/h", "secret": "short"},
        P.NOTIFICATIONS_WRITE,
    ),
    ("DELETE", "/notification-targets/999999", None, P.NOTIFICATIONS_WRITE),
]
# Public, or tested on their own (logout revokes the token it is called with).
NOT_IN_MATRIX = {("GET", "/health"), ("POST", "/auth/login"), ("POST", "/auth/logout")}


@pytest.fixture(scope="module")
def world(database_url: str) -> World:
    return build_world(database_url)


@pytest.fixture
async def api(cloud_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(cloud_settings) as client:
        yield client


async def test_the_matrix_covers_every_operation(api: httpx.AsyncClient) -> None:
    spec = (await api.get("http://coldtrace.test/openapi.json")).json()
    concrete = {(m, p.split("?")[0]) for m, p, _, _ in OPERATIONS}
    missing = []
    for template, ops in spec["paths"].items():
        path = template.removeprefix("/api/v1")
        pattern = re.compile(re.sub(r"\{[^/]+\}", "[^/]+", path) + "$")
        for method in ops:
            key = (method.upper(), path)
            if key in NOT_IN_MATRIX:
                continue
            if not any(m == key[0] and pattern.match(c) for m, c in concrete):
                missing.append(key)
    assert missing == []


async def test_every_operation_needs_a_token(api: httpx.AsyncClient) -> None:
    for method, path, body, _ in OPERATIONS:
        response = await api.request(method, path, json=body)
        assert response.status_code == 401, (method, path)
        assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("role", list(Role))
async def test_each_role_is_refused_exactly_what_it_may_not_do(
    api: httpx.AsyncClient, world: World, role: Role
) -> None:
    headers = bearer(world.token(role))
    for method, path, body, permission in OPERATIONS:
        response = await api.request(method, path, json=body, headers=headers)
        allowed = permission is None or permission in ROLE_PERMISSIONS[role]
        assert response.status_code < 500, (role, method, path, response.text)
        if allowed:
            assert response.status_code != 403, (role, method, path, response.text)
        else:
            assert response.status_code == 403, (role, method, path, response.status_code)
            assert response.json()["needs"] == permission


async def test_a_bad_token_is_refused(api: httpx.AsyncClient) -> None:
    response = await api.get("/sites", headers=bearer("ct_not-a-real-token"))
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["www-authenticate"]
