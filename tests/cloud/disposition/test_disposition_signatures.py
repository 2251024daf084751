"""QA disposition: signatures need the password, a reason, a quarantined lot, and an override
when the budget is spent; excursion lifecycle open -> acknowledged -> closed; audit verifies."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from coldtrace_cloud.audit.verify import verify_chain
from coldtrace_cloud.auth.models import User
from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.disposition import flows
from coldtrace_cloud.disposition.flows import Signing
from coldtrace_cloud.disposition.models import Disposition, ElectronicSignature
from coldtrace_cloud.errors import AuthenticationError, ConflictError, ValidationFailedError
from coldtrace_cloud.excursions import flows as excursion_flows
from coldtrace_cloud.excursions.models import Excursion
from coldtrace_cloud.excursions.rules import TEMPLATES
from coldtrace_cloud.excursions.rulesets import set_rules
from coldtrace_cloud.ingest.pipeline import IngestPipeline
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.products.service import get_profile
from coldtrace_cloud.quarantine.ledger import lot_exposure
from coldtrace_cloud.timeseries.client import InfluxClient
from devstack.cli import Stack
from tests.cloud.excursions.engine_support import delivery, readings, watched_probe
from tests.cloud.inventory_support.stock import Stock, stock_up
from tests.cloud.inventory_support.world import ACTOR, PASSWORD, World, build_world


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


async def signer(sessions: async_sessionmaker[AsyncSession]) -> int:
    """The user with a password in the test world (its role does not matter to the flows)."""
    async with sessions() as session:
        user_id = await session.scalar(select(User.id).where(User.username == "operator"))
        assert user_id is not None
        return user_id


async def test_disposition_after_an_excursion(  # noqa: PLR0915  # one QA story, in order
    stack: Stack,
    influx_database: str,
    sessions: async_sessionmaker[AsyncSession],
    world: World,
    stock: Stock,
    topic_prefix: str,
) -> None:
    probe = await watched_probe(sessions, world, "qa-probe", "cold")
    start = datetime.now(UTC) - timedelta(hours=2)
    series = readings(probe.code, start, [5.0] + [12.0] * 100 + [5.0])
    async with InfluxClient(stack.influx.url, influx_database) as influx:
        pipeline = IngestPipeline(sessions, influx, topic_prefix)
        await pipeline.store([delivery(topic_prefix, 1, series)])
    user_id = await signer(sessions)
    async with sessions.begin() as session:
        late = await session.get_one(Lot, stock.late.id)
        assert late.status == "quarantined"
        ledger = await lot_exposure(session, late.id)
        assert ledger.consumed_s == pytest.approx(100 * 60, rel=0.05)
        with pytest.raises(AuthenticationError):
            await flows.release(
                session, ACTOR, late, signing=Signing(user_id, "wrong password!"), reason="ok"
            )
    async with sessions.begin() as session:
        late = await session.get_one(Lot, stock.late.id)
        with pytest.raises(ValidationFailedError):
            await flows.release(
                session, ACTOR, late, signing=Signing(user_id, PASSWORD), reason=" "
            )
    async with sessions.begin() as session:
        late = await session.get_one(Lot, stock.late.id)
        row = await flows.release(
            session, ACTOR, late, signing=Signing(user_id, PASSWORD), reason="stability data OK"
        )
        signature = await session.get_one(ElectronicSignature, row.signature_id)
        assert signature.printed_name == "Operator"
        assert signature.meaning == "approved for release"
        assert late.status == "released"
    async with sessions.begin() as session:
        early = await session.get_one(Lot, stock.early.id)
        await flows.reject(
            session, ACTOR, early, signing=Signing(user_id, PASSWORD), reason="above 8 °C too long"
        )
        assert early.status == "rejected"
        with pytest.raises(ConflictError):
            await flows.release(
                session, ACTOR, early, signing=Signing(user_id, PASSWORD), reason="changed mind"
            )
    # A spent budget: a new rule version with a 1 h budget makes 100 min too much.
    async with sessions.begin() as session:
        profile = await get_profile(session, "2-8C")
        tight = TEMPLATES["2-8C"].model_copy(update={"budget_s": 3600.0})
        await set_rules(session, ACTOR, profile, tight, reason="stability study revised")
    async with sessions.begin() as session:
        soon = await session.get_one(Lot, stock.soon.id)
        with pytest.raises(ConflictError, match="budget is spent"):
            await flows.release(
                session, ACTOR, soon, signing=Signing(user_id, PASSWORD), reason="needed"
            )
    async with sessions.begin() as session:
        soon = await session.get_one(Lot, stock.soon.id)
        row = await flows.release_with_restriction(
            session,
            ACTOR,
            soon,
            signing=Signing(user_id, PASSWORD),
            override=Signing(user_id, PASSWORD),
            reason="shortage; supplier data supports 3 h at 12 °C",
            restriction="use within 7 days",
        )
        assert row.override_signature_id is not None
        assert row.budget_remaining_s is not None
        assert row.budget_remaining_s < 0
    async with sessions.begin() as session:
        excursion = await session.scalar(select(Excursion).where(Excursion.kind == "temperature"))
        assert excursion is not None
        with pytest.raises(ConflictError):
            await excursion_flows.close(session, ACTOR, excursion, root_cause="x", capa_ref="y")
        await excursion_flows.acknowledge(session, ACTOR, excursion, comment="compressor call")
        await excursion_flows.close(
            session, ACTOR, excursion, root_cause="compressor relay", capa_ref="CAPA-42"
        )
        assert excursion.status == "closed"
    async with sessions() as session:
        assert len((await session.scalars(select(Disposition))).all()) == 3
        report = await verify_chain(session)
        assert report.ok
