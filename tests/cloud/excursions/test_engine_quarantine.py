"""The engine in the ingest transaction: excursion after the delay, exposure, quarantine,
idempotent redelivery, state across batches, and late data opening an excursion in the past."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from coldtrace_cloud.audit import Actor
from coldtrace_cloud.audit.models import AuditEvent
from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.excursions.models import Excursion
from coldtrace_cloud.ingest.pipeline import IngestPipeline
from coldtrace_cloud.items.models import Item
from coldtrace_cloud.items.service import sgtin_uri
from coldtrace_cloud.locations.models import Site
from coldtrace_cloud.lots import flows as lot_flows
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.quarantine.holds import site_hold_list
from coldtrace_cloud.quarantine.models import Exposure
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_protocol.holds import HoldReason
from devstack.cli import Stack
from tests.cloud.excursions.engine_support import delivery, readings, watched_probe
from tests.cloud.inventory_support.stock import Stock, stock_up
from tests.cloud.inventory_support.world import COMPANY_PREFIX, World, build_world

TEMPERATURE = Excursion.kind == "temperature"


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
async def pipeline(
    stack: Stack,
    influx_database: str,
    sessions: async_sessionmaker[AsyncSession],
    topic_prefix: str,
) -> AsyncIterator[IngestPipeline]:
    async with InfluxClient(stack.influx.url, influx_database) as influx:
        yield IngestPipeline(sessions, influx, topic_prefix)


async def status_of(sessions: async_sessionmaker[AsyncSession], lot_id: int) -> str:
    async with sessions() as session:
        return (await session.get_one(Lot, lot_id)).status


async def test_warm_cold_room_quarantines_its_lots_once(
    pipeline: IngestPipeline,
    sessions: async_sessionmaker[AsyncSession],
    world: World,
    stock: Stock,
    topic_prefix: str,
) -> None:
    probe = await watched_probe(sessions, world, "cold-probe-1", "cold")
    start = datetime.now(UTC) - timedelta(minutes=40)
    series = readings(probe.code, start, [5.0] * 5 + [12.0] * 25)
    # Ten minutes warm: under the 15 min delay, nothing yet (state is kept between batches).
    await pipeline.store([delivery(topic_prefix, 1, series[:15])])
    assert await status_of(sessions, stock.late.id) == "released"
    second = delivery(topic_prefix, 2, series[15:])
    await pipeline.store([second])
    await pipeline.store([second])  # redelivered: nothing changes
    async with sessions() as session:
        kinds = sorted((await session.scalars(select(Excursion.kind))).all())
        assert kinds == ["rate", "temperature"]  # 5 -> 12 °C in a minute is also too fast
        (excursion,) = (await session.scalars(select(Excursion).where(TEMPERATURE))).all()
        assert abs((excursion.started_at - series[5].measured_at).total_seconds()) < 1e-3
        assert excursion.ended_at is None
        assert excursion.peak == 12.0
        assert excursion.severity == "major"
        exposed = await session.scalar(select(func.count()).select_from(Exposure))
        assert exposed == sum(
            len(lot.items) for lot in (stock.late, stock.early, stock.held, stock.soon, stock.past)
        )
        reasons = (
            await session.scalars(
                select(AuditEvent.reason).where(
                    AuditEvent.entity_type == "lot", AuditEvent.actor == "system:excursion-engine"
                )
            )
        ).all()
        assert len(reasons) == 4  # late, early, soon, past; held was already quarantined
    for lot in (stock.late, stock.early, stock.soon, stock.past, stock.held):
        assert await status_of(sessions, lot.id) == "quarantined"
    assert await status_of(sessions, stock.caged.id) == "released"
    assert await status_of(sessions, stock.device.id) == "released"
    # Back in range past the hysteresis: the condition ends, the excursion stays open for QA.
    now = datetime.now(UTC)
    await pipeline.store([delivery(topic_prefix, 3, readings(probe.code, now, [5.0]))])
    async with sessions() as session:
        (excursion,) = (await session.scalars(select(Excursion).where(TEMPERATURE))).all()
        assert excursion.ended_at is not None
        assert abs((excursion.ended_at - now).total_seconds()) < 1e-3
        assert excursion.status == "open"


async def test_late_logger_data_opens_an_excursion_in_the_past(
    pipeline: IngestPipeline,
    sessions: async_sessionmaker[AsyncSession],
    world: World,
    stock: Stock,
    topic_prefix: str,
) -> None:
    probe = await watched_probe(sessions, world, "ambient-probe-1", "ambient")
    now = datetime.now(UTC)
    await pipeline.store(
        [delivery(topic_prefix, 10, readings(probe.code, now - timedelta(minutes=5), [5.0] * 5))]
    )
    assert await status_of(sessions, stock.device.id) == "released"
    old = readings(probe.code, now - timedelta(minutes=100), [5.0] + [14.0] * 40 + [5.0])
    await pipeline.store([delivery(topic_prefix, 11, old)])
    assert await status_of(sessions, stock.device.id) == "quarantined"
    async with sessions() as session:
        excursion = await session.scalar(
            select(Excursion).where(
                Excursion.location_id == world.north.locations["ambient"], TEMPERATURE
            )
        )
        assert excursion is not None
        assert abs((excursion.started_at - old[1].measured_at).total_seconds()) < 1e-3
        assert excursion.ended_at is not None
        assert abs((excursion.ended_at - old[-1].measured_at).total_seconds()) < 1e-3
        assert excursion.out_of_range_s == pytest.approx(40 * 60)
        assert excursion.degree_minutes == pytest.approx(40 * 6.0)
    # The same dump again changes nothing.
    await pipeline.store([delivery(topic_prefix, 12, old)])
    async with sessions() as session:
        count = await session.scalar(
            select(func.count()).where(
                Excursion.location_id == world.north.locations["ambient"], TEMPERATURE
            )
        )
        assert count == 1


async def test_hold_list_carries_the_quarantined_items_of_the_site(
    sessions: async_sessionmaker[AsyncSession], world: World, stock: Stock
) -> None:
    async with sessions.begin() as session:
        # The test serials are not numeric (no SGTIN-96): give the items EPCs by their ids.
        for item in (await session.scalars(select(Item))).all():
            item.epc_uri = sgtin_uri(item.gtin, str(item.id), COMPANY_PREFIX)
    async with sessions() as session:
        north = await session.get_one(Site, world.north.id)
        holds = await site_hold_list(session, north, version=7)
        lots = {hold.lot_number for hold in holds.holds}
        quarantined = (
            await session.scalars(select(Lot.lot_number).where(Lot.status == "quarantined"))
        ).all()
        assert lots == set(quarantined)
        assert holds.version == 7
        assert all(h.pure_uri.startswith("urn:epc:id:sgtin:") for h in holds.holds)


async def test_a_rejected_lot_stays_on_the_hold_list(
    sessions: async_sessionmaker[AsyncSession], world: World, stock: Stock
) -> None:
    """Non-conformant stock awaiting destruction must alarm at a portal like quarantined stock."""
    async with sessions.begin() as session:
        for item in (await session.scalars(select(Item))).all():
            item.epc_uri = sgtin_uri(item.gtin, str(item.id), COMPANY_PREFIX)
        lot = await session.scalar(select(Lot).where(Lot.status == "quarantined").limit(1))
        assert lot is not None
        await lot_flows.reject(session, Actor.system("tests"), lot, reason="failed inspection")
        rejected_number = lot.lot_number
    async with sessions() as session:
        north = await session.get_one(Site, world.north.id)
        holds = await site_hold_list(session, north, version=8)
        reasons = {h.lot_number: h.reason for h in holds.holds}
        assert reasons.get(rejected_number) == HoldReason.REJECTED
