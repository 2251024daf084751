"""Portal passes through the ingest pipeline into PostgreSQL: movements, carried contents,
reconciliation, duplicates, alarms."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.ingest.consumer import Delivery
from coldtrace_cloud.ingest.pipeline import IngestPipeline
from coldtrace_cloud.items.models import Item
from coldtrace_cloud.movements.models import Movement
from coldtrace_cloud.rfid.models import UnreconciledPass
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_protocol.identifiers import encode_sgtin96
from coldtrace_protocol.rfid import (
    EpcIdentity,
    PassDirection,
    PortalPass,
    RfidBatch,
    Zone,
    ZoneReads,
)
from coldtrace_protocol.topics import GatewayTopic, TopicKind
from coldtrace_sim.rfworld.epcs import DEMO_COMPANY_PREFIX, case_epc, pallet_epc
from devstack.cli import Stack
from tests.cloud.rfid.rfid_world import SITE, RfidWorld, build

T0 = datetime.now(UTC) - timedelta(minutes=5)
GATEWAY = "gw-rfid-1"


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_async_engine(database_url)
    try:
        yield make_sessionmaker(engine)
    finally:
        await engine.dispose()


@pytest.fixture
async def world(sessions: async_sessionmaker[AsyncSession]) -> RfidWorld:
    async with sessions() as session:
        return await build(session, {"0000000101": 4})


def a_pass(epc: bytes, direction: PassDirection, parent: bytes | None = None) -> PortalPass:
    hex_epc = epc.hex().upper()
    zones = [
        ZoneReads(zone=z, antennas=[k + 1], read_count=5, peak_rssi_dbm=-50.0,
                  first_seen_at=T0, last_seen_at=T0 + timedelta(seconds=4))
        for k, z in enumerate((Zone.OUTSIDE, Zone.INSIDE))
    ]  # fmt: skip
    parent_identity = EpcIdentity.of_hex(parent.hex()) if parent else None
    return PortalPass(
        event_id=uuid4(), portal_id="door-1", reader_id="r1", epc=hex_epc,
        identity=EpcIdentity.of_hex(hex_epc), first_seen_at=T0,
        last_seen_at=T0 + timedelta(seconds=4), first_received_at=T0,
        last_received_at=T0 + timedelta(seconds=4), zone_sequence=[Zone.OUTSIDE, Zone.INSIDE],
        zones=zones, read_count=10, direction=direction,
        direction_confidence=0.0 if direction is PassDirection.UNKNOWN else 0.9,
        aggregation_parent_epc=parent.hex().upper() if parent else None,
        aggregation_parent_sscc=parent_identity.sscc if parent_identity else None,
    )  # fmt: skip


def delivery(prefix: str, passes: list[PortalPass], seq: int) -> Delivery:
    batch = RfidBatch(gateway_id=GATEWAY, seq=seq, message_id=uuid4(), sent_at=T0, passes=passes)
    topic = str(GatewayTopic(SITE, GATEWAY, TopicKind.RFID, prefix))
    return Delivery(topic, batch.model_dump_json().encode(), seq, 1, False, 0)


async def count(session: AsyncSession, query: object) -> int:
    return int(await session.scalar(query) or 0)  # type: ignore[call-overload]


async def test_a_pallet_pass_moves_the_pallet_and_its_cases_once(
    stack: Stack, sessions: async_sessionmaker[AsyncSession], world: RfidWorld, topic_prefix: str
) -> None:
    pallet = pallet_epc(DEMO_COMPANY_PREFIX, "0000000101")
    cases = [case_epc(DEMO_COMPANY_PREFIX, "012345", k) for k in range(1, 5)]
    unknown = encode_sgtin96(DEMO_COMPANY_PREFIX, "099999", 7, 1)
    passes = [a_pass(c, PassDirection.INBOUND, pallet) for c in cases]
    passes += [a_pass(pallet, PassDirection.INBOUND), a_pass(unknown, PassDirection.INBOUND)]
    passes.append(a_pass(bytes.fromhex("E28011AABBCCDDEEFF001122"), PassDirection.INBOUND))
    async with InfluxClient(stack.influx.url, "unused") as influx:
        pipeline = IngestPipeline(sessions, influx, topic_prefix)
        message = delivery(topic_prefix, passes, 1)
        await pipeline.store([message])
        await pipeline.store([message])  # redelivered: nothing changes
        await pipeline.store([delivery(topic_prefix, passes, 2)])  # resent as a new message
    (sscc,) = world.pallets
    async with sessions() as session:
        movements = await count(session, select(func.count()).select_from(Movement))
        assert movements == 1 + 4  # the pallet, and each case once (carried by the pallet)
        inside = await count(
            session,
            select(func.count()).where(
                Item.id.in_(world.pallets[sscc]),
                Item.current_location_id == world.locations["cold-room-1"],
            ),
        )
        assert inside == 4
        reasons = (await session.scalars(select(UnreconciledPass.reason))).all()
        assert sorted(reasons) == ["not_gs1", "unknown_epc"]
