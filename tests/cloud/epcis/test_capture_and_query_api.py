"""Capture and query through the API: GS1 examples round-trip, filters, pages, hops, garbage."""

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coldtrace_cloud.settings import Settings
from tests.cloud.inventory_support.client import api_client, bearer
from tests.cloud.inventory_support.stock import Stock, stock_up
from tests.cloud.inventory_support.world import VACCINE_GTIN, World, build_world

DATA = Path(__file__).resolve().parents[2] / "data" / "epcis"
EXAMPLES = sorted(DATA.glob("SensorDataExample*.jsonld"))


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


def _events(document: dict[str, Any]) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = document["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    return events


async def test_gs1_sensor_examples_are_captured_once_and_queried_back_unchanged(
    api: httpx.AsyncClient, world: World
) -> None:
    headers = bearer(world.token("logistics"))
    for path in EXAMPLES:
        document = json.loads(path.read_text())
        first = await api.post("/epcis/capture", json=document, headers=headers)
        assert first.status_code == 201, (path.name, first.text)
        status = await api.get(first.headers["Location"].removeprefix("/api/v1"), headers=headers)
        assert status.status_code == 200
        assert status.json()["stored"] == first.json()["stored"]
        again = await api.post("/epcis/capture", json=document, headers=headers)
        assert again.json()["stored"] == 0
        assert again.json()["eventIDs"] == first.json()["eventIDs"]
        for sent, event_id in zip(
            document["epcisBody"]["eventList"], first.json()["eventIDs"], strict=True
        ):
            got = await api.get(f"/epcis/events/{quote(event_id, safe='')}", headers=headers)
            assert got.status_code == 200, got.text
            body = got.json()
            assert body.pop("@context")
            assert body == {"eventID": event_id, **sent}


async def test_queries_filter_by_vocabulary_epc_place_and_temperature(
    api: httpx.AsyncClient, world: World
) -> None:
    headers = bearer(world.token("auditor"))

    async def ids(**params: Any) -> list[str]:
        found = await api.get("/epcis/events", params=params, headers=headers)
        assert found.status_code == 200, found.text
        assert found.headers["content-type"].startswith("application/ld+json")
        return [e["eventID"] for e in _events(found.json())]

    everything = await ids()
    assert len(everything) == len(EXAMPLES)
    assert len(await ids(EQ_bizStep="sensor_reporting")) == 1
    web_uri = "https://ref.gs1.org/cbv/BizStep-inspecting"
    assert await ids(EQ_bizStep=web_uri) == await ids(EQ_bizStep="inspecting")
    dl = "https://id.gs1.org/01/04012345111118/21/9876"
    assert len(await ids(MATCH_epc="urn:epc:id:sgtin:4012345.011111.9876")) >= 2
    assert await ids(MATCH_epc=dl) == await ids(MATCH_epc="urn:epc:idpat:sgtin:4012345.011111.*")
    assert await ids(EQ_readPoint="urn:epc:id:sgln:4012345.00005.0") == await ids(
        EQ_readPoint="https://id.gs1.org/414/4012345000054"
    )
    example1 = json.loads(EXAMPLES[0].read_text())["epcisBody"]["eventList"][0]["eventID"]
    assert example1 in await ids(EQ_type="Temperature", GE_value_CEL=26.2)
    assert example1 not in await ids(EQ_type="Temperature", GE_value_CEL=26.21)
    assert example1 in await ids(EQ_type="Temperature", LT_value_CEL=26.01)
    assert await ids(EQ_type="Temperature", GE_value_CEL=99) == []
    assert await ids(eventType="AggregationEvent") == []
    pages, token = [], None
    while True:
        params: dict[str, Any] = {"perPage": 1}
        if token:
            params["nextPageToken"] = token
        page = await api.get("/epcis/events", params=params, headers=headers)
        pages += [e["eventID"] for e in _events(page.json())]
        link = page.headers.get("link")
        if link is None:
            break
        token = httpx.URL(link.split(">")[0].lstrip("<")).params["nextPageToken"]
    assert pages == everything
    bad = await api.get("/epcis/events", params={"nextPageToken": "x"}, headers=headers)
    assert bad.status_code == 422


async def test_a_partners_shipping_event_of_our_lot_is_a_trace_hop(
    api: httpx.AsyncClient, world: World, stock: Stock
) -> None:
    serial = next(iter(stock.late.items))
    event = {
        "type": "ObjectEvent",
        "eventTime": "2026-01-02T10:00:00.000+01:00",
        "eventTimeZoneOffset": "+01:00",
        "epcList": [f"https://id.gs1.org/01/{VACCINE_GTIN}/21/{serial}"],
        "action": "OBSERVE",
        "bizStep": "shipping",
        "disposition": "in_transit",
        "destinationList": [
            {"type": "location", "destination": "https://id.gs1.org/414/9520123000093"}
        ],
    }
    document = {
        "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2026-01-02T10:00:00.000Z",
        "epcisBody": {"eventList": [event]},
    }
    done = await api.post("/epcis/capture", json=document, headers=bearer(world.token("admin")))
    assert done.status_code == 201, done.text
    assert done.json()["traceHops"] == 1
    assert done.json()["eventIDs"][0].startswith("ni:///sha-256;")


async def test_an_invalid_document_is_a_problem_naming_what_failed(
    api: httpx.AsyncClient, world: World
) -> None:
    document = json.loads(EXAMPLES[0].read_text())
    document["epcisBody"]["eventList"][0]["action"] = "TELEPORT"
    del document["schemaVersion"]
    refused = await api.post("/epcis/capture", json=document, headers=bearer(world.token("admin")))
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    paths = {e["path"] for e in refused.json()["errors"]}
    assert "/epcisBody/eventList/0/action" in paths
    assert any("schemaVersion" in e["message"] for e in refused.json()["errors"])


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


def _mutations() -> st.SearchStrategy[Any]:
    base = json.loads(EXAMPLES[0].read_text())
    keys = ["type", "schemaVersion", "creationDate", "epcisBody", "@context"]
    event_keys = ["eventTime", "epcList", "action", "readPoint", "sensorElementList", "bizStep"]

    def mutate(doc_key: str, event_key: str, value: Any, where: int) -> Any:
        doc = json.loads(json.dumps(base))
        if where == 0:
            doc[doc_key] = value
        elif where == 1:
            doc["epcisBody"]["eventList"][0][event_key] = value
        else:
            return value
        return doc

    return st.builds(
        mutate, st.sampled_from(keys), st.sampled_from(event_keys), _JSON, st.integers(0, 2)
    )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(document=_mutations())
async def test_malformed_documents_never_make_a_server_error(
    api: httpx.AsyncClient, world: World, document: Any
) -> None:
    response = await api.post("/epcis/capture", json=document, headers=bearer(world.token("admin")))
    assert response.status_code < 500, response.text
    assert response.status_code in {201, 422}
