"""The QA story over HTTP: list and read an excursion, its SSE event, the exposure ledger (per
lot, serial and excursion), acknowledge and close, a signed disposition, a new rule version, a
backtest that writes nothing."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from coldtrace_cloud.auth.credentials import hash_password
from coldtrace_cloud.auth.models import User
from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.excursions.models import Excursion
from coldtrace_cloud.excursions.stream import excursion_events
from coldtrace_cloud.ingest.pipeline import IngestPipeline
from coldtrace_cloud.settings import Settings
from coldtrace_cloud.timeseries.client import InfluxClient
from devstack.cli import Stack
from tests.cloud.excursions.engine_support import delivery, readings, watched_probe
from tests.cloud.inventory_support.client import api_client, bearer
from tests.cloud.inventory_support.stock import Stock, stock_up
from tests.cloud.inventory_support.world import PASSWORD, World, build_world


@pytest.fixture(scope="module")
def world(database_url: str) -> World:
    return build_world(database_url)


@pytest.fixture(scope="module")
def stock(database_url: str, world: World) -> Stock:
    return stock_up(database_url, world)


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_async_engine(database_url)
    try:
        yield make_sessionmaker(engine)
    finally:
        await engine.dispose()


@pytest.fixture
async def api(cloud_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(cloud_settings) as client:
        yield client


async def excursion_count(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(Excursion)) or 0


async def test_qa_works_an_excursion_over_http(  # noqa: PLR0915  # one QA story, in order
    stack: Stack,
    influx_database: str,
    sessions: async_sessionmaker[AsyncSession],
    api: httpx.AsyncClient,
    world: World,
    stock: Stock,
    topic_prefix: str,
    database_url: str,
) -> None:
    probe = await watched_probe(sessions, world, "api-probe", "cold")
    start = datetime.now(UTC) - timedelta(hours=2)
    series = readings(probe.code, start, [5.0] + [12.0] * 100 + [5.0])
    async with InfluxClient(stack.influx.url, influx_database) as influx:
        await IngestPipeline(sessions, influx, topic_prefix).store(
            [delivery(topic_prefix, 1, series)]
        )
    async with sessions.begin() as session:
        await session.execute(
            update(User).where(User.username == "qa").values(password_hash=hash_password(PASSWORD))
        )
    qa, auditor = bearer(world.token("qa")), bearer(world.token("auditor"))

    listed = await api.get("/excursions", params={"kind": "temperature"}, headers=auditor)
    assert listed.status_code == 200, listed.text
    [excursion] = listed.json()["items"]
    assert excursion["status"] == "open"
    assert excursion["sensor"] == "api-probe"
    assert excursion["site_id"] == world.north.id
    assert excursion["out_of_range_s"] == pytest.approx(100 * 60, rel=0.05)
    one = await api.get(f"/excursions/{excursion['id']}", headers=auditor)
    assert one.json()["peak"] == 12.0
    none = await api.get("/excursions", params={"status": "closed"}, headers=auditor)
    assert none.json()["items"] == []

    lot = (await api.get(f"/exposure/lots/{stock.late.id}", headers=auditor)).json()
    assert len(lot["serials"]) == len(stock.late.items)
    assert lot["consumed_s"] == pytest.approx(100 * 60, rel=0.05)
    [by_excursion] = lot["excursions"]
    assert by_excursion["excursion_id"] == excursion["id"]
    assert by_excursion["serials"] == len(stock.late.items)
    assert by_excursion["worst_serial"] in stock.late.items
    assert by_excursion["out_of_range_s"] == pytest.approx(lot["consumed_s"])
    item_id = next(iter(stock.late.items.values()))
    item = (await api.get(f"/exposure/items/{item_id}", headers=auditor)).json()
    assert [e["excursion_id"] for e in item["exposures"]] == [excursion["id"]]
    exposed = await api.get(f"/exposure/excursions/{excursion['id']}", headers=auditor)
    assert exposed.status_code == 200, exposed.text
    by_lot = {lot["lot_number"]: lot for lot in exposed.json()["lots"]}
    assert by_lot[stock.late.number]["serials"] == len(stock.late.items)
    assert by_lot[stock.late.number]["status"] == "quarantined"
    assert by_lot[stock.late.number]["out_of_range_s"] == pytest.approx(100 * 60, rel=0.05)

    # SSE: the stream listens before it says ready, so the acknowledgement is its next event.
    settings_url = database_url
    events = excursion_events(settings_url, sessions, AccessScope.everything(), 60.0)
    try:
        first = await anext(events)
        assert "event: ready" in first
        ack = await api.post(
            f"/excursions/{excursion['id']}/acknowledge",
            json={"comment": "compressor service called"},
            headers=qa,
        )
        assert ack.status_code == 200, ack.text
        assert ack.json()["acknowledged_by"] == "qa"
        event = await anext(events)
        assert event.startswith("event: excursion\n")
        assert f"id: {excursion['id']}:acknowledged\n" in event
    finally:
        await events.aclose()
    refused = await api.post(
        f"/excursions/{excursion['id']}/acknowledge", json={"comment": "again"}, headers=qa
    )
    assert refused.status_code == 409
    closed = await api.post(
        f"/excursions/{excursion['id']}/close",
        json={"root_cause": "compressor relay failed", "capa_ref": "CAPA-2026-017"},
        headers=qa,
    )
    assert closed.json()["status"] == "closed"

    sign = {"decision": "reject", "meaning": "rejected", "reason": "100 min above 8 °C"}
    wrong = await api.post(
        f"/dispositions/lots/{stock.early.id}", json=sign | {"password": "nope"}, headers=qa
    )
    assert wrong.status_code == 401
    mismatch = await api.post(
        f"/dispositions/lots/{stock.early.id}",
        json=sign | {"password": PASSWORD, "meaning": "approved for release"},
        headers=qa,
    )
    assert mismatch.status_code == 422
    rejected = await api.post(
        f"/dispositions/lots/{stock.early.id}", json=sign | {"password": PASSWORD}, headers=qa
    )
    assert rejected.status_code == 201, rejected.text
    assert rejected.json()["signature"]["printed_name"] == "Qa"
    assert rejected.json()["signature"]["meaning"] == "rejected"
    history = await api.get(f"/dispositions/lots/{stock.early.id}", headers=auditor)
    assert [d["decision"] for d in history.json()] == ["reject"]

    rules = (await api.get("/storage-profiles/2-8C/rules", headers=auditor)).json()
    tighter = rules["rules"] | {"alarm_delay_s": 300.0}
    posted = await api.post(
        "/storage-profiles/2-8C/rules",
        json={"rules": tighter, "reason": "mapping study: 5 min delay"},
        headers=qa,
    )
    assert posted.status_code == 201, posted.text
    assert posted.json()["version"] == rules["version"] + 1

    before = await excursion_count(sessions)
    backtest = await api.post(
        "/storage-profiles/2-8C/backtest",
        json={
            "sensor": probe.code,
            "start": (start - timedelta(minutes=5)).isoformat(),
            "end": datetime.now(UTC).isoformat(),
        },
        headers=auditor,
    )
    assert backtest.status_code == 200, backtest.text
    kinds = [e["kind"] for e in backtest.json()["episodes"]]
    assert "temperature" in kinds
    assert backtest.json()["rules"]["alarm_delay_s"] == 300.0
    assert await excursion_count(sessions) == before
