"""Hold alarms through the real ingest pipeline, read back per site through the API: newest first,
decoded, with the lot as it stands, confined to the site whose portal the gateway serves."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from coldtrace_cloud.auth import service as users
from coldtrace_cloud.auth.roles import Role
from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.ingest.consumer import Delivery
from coldtrace_cloud.ingest.pipeline import IngestPipeline
from coldtrace_cloud.locations import service as places
from coldtrace_cloud.locations.models import LocationKind
from coldtrace_cloud.lots.flows import quarantine
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.settings import Settings as CloudSettings
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_protocol.holds import AlarmBatch, HoldAlarm, HoldReason
from coldtrace_protocol.identifiers import Sgtin96, decode_epc_bytes
from coldtrace_protocol.rfid import PassDirection
from coldtrace_protocol.topics import GatewayTopic, TopicKind
from coldtrace_sim.rfworld.epcs import DEMO_COMPANY_PREFIX, case_epc
from devstack.cli import Stack
from tests.cloud.inventory_support.client import api_client, bearer
from tests.cloud.rfid.rfid_world import ACTOR, SITE, build

GATEWAY = "gw-alarms-1"
OTHER_SITE, OTHER_GATEWAY = "site-rfid-other", "gw-alarms-2"
REASON = "probe 3 read 11 °C for 40 min"
T0 = datetime.now(UTC) - timedelta(minutes=30)


def alarm(serial: int, seen_at: datetime) -> HoldAlarm:
    """What a gateway raises when case ``serial`` leaves through door-1 while held."""
    epc = case_epc(DEMO_COMPANY_PREFIX, "012345", serial)
    decoded = decode_epc_bytes(epc)
    assert isinstance(decoded, Sgtin96)
    return HoldAlarm(
        event_id=uuid4(), pass_event_id=uuid4(), raised_at=seen_at + timedelta(seconds=1),
        portal_id="door-1", epc=epc.hex().upper(), pure_uri=decoded.pure_uri,
        reason=HoldReason.QUARANTINED, lot_number="L1", direction=PassDirection.OUTBOUND,
        seen_at=seen_at, holds_version=7,
    )  # fmt: skip


def alarm_delivery(
    prefix: str, site: str, gateway: str, seq: int, alarms: list[HoldAlarm]
) -> Delivery:
    batch = AlarmBatch(
        gateway_id=gateway, seq=seq, message_id=uuid4(), sent_at=datetime.now(UTC), alarms=alarms
    )
    topic = str(GatewayTopic(site, gateway, TopicKind.ALARM, prefix))
    return Delivery(topic, batch.model_dump_json().encode(), seq, 1, False, 0)


async def other_site(session: AsyncSession) -> None:
    """A second site whose portal has the same code, served by another gateway."""
    site = await places.create_site(
        session, ACTOR, code=OTHER_SITE, name="other", timezone="UTC", region=None, gln=None
    )
    for code in ("door-1", "room-1"):
        await places.create_location(
            session, ACTOR, site, code=code, name=code, kind=LocationKind.DOCK_DOOR, sgln=None
        )
    await places.create_portal(
        session, ACTOR, site, code="door-1", name="other door", door="door-1", outside=None,
        inside="room-1", reader_host=None, reader_port=5084, gateway_id=OTHER_GATEWAY,
        antennas=[places.AntennaSpec(1, "outside"), places.AntennaSpec(2, "inside")],
    )  # fmt: skip


@dataclass(frozen=True)
class Seeded:
    """The quarantined lot, a token per caller, and the alarms sent (``stray``: other site)."""

    lot_id: int
    tokens: dict[str, str]
    older: HoldAlarm
    newer: HoldAlarm
    stray: HoldAlarm = field(default_factory=lambda: alarm(2, T0 + timedelta(minutes=20)))


async def token_for(
    session: AsyncSession, username: str, role: Role, grants: dict[str, str]
) -> str:
    user = await users.create_user(
        session, ACTOR, username=username, display_name=username, role=role, password=None
    )
    for scope, value in grants.items():
        await users.add_grant(session, ACTOR, user, scope=scope, value=value)
    _, token = await users.issue_token(session, ACTOR, user, name="tests")
    return token


async def seed(cloud_settings: CloudSettings, topic_prefix: str, influx_url: str) -> Seeded:
    """Both sites, a quarantined lot, three callers; alarms through the ingest pipeline."""
    engine = create_async_engine(cloud_settings.database_url.get_secret_value())
    sessions = make_sessionmaker(engine)
    try:
        async with sessions() as session:
            await build(session, {"0000000101": 2}, gateway_id=GATEWAY)
            await other_site(session)
            lot = await session.scalar(select(Lot).where(Lot.lot_number == "L1"))
            assert lot is not None
            await quarantine(session, ACTOR, lot, reason=REASON)
            tokens = {
                "admin": await token_for(session, "alarm-admin", Role.ADMIN, {}),
                "gateway": await token_for(session, "alarm-gw", Role.GATEWAY, {"site": SITE}),
                "elsewhere": await token_for(
                    session, "alarm-qa", Role.QA, {"site": OTHER_SITE, "category": "*"}
                ),
            }
            await session.commit()
        seeded = Seeded(lot.id, tokens, alarm(1, T0), alarm(2, T0 + timedelta(minutes=10)))
        async with InfluxClient(influx_url, "unused") as influx:
            pipeline = IngestPipeline(sessions, influx, topic_prefix)
            first = alarm_delivery(topic_prefix, SITE, GATEWAY, 1, [seeded.older])
            await pipeline.store([first])
            await pipeline.store([first])  # redelivered: stored once
            await pipeline.store([alarm_delivery(topic_prefix, SITE, GATEWAY, 2, [seeded.newer])])
            # The same EPC through the other site's door-1 (same portal code, other gateway).
            await pipeline.store(
                [alarm_delivery(topic_prefix, OTHER_SITE, OTHER_GATEWAY, 1, [seeded.stray])]
            )
    finally:
        await engine.dispose()
    return seeded


def check_row(row: dict[str, Any], seeded: Seeded) -> None:
    """The newest alarm, field by field."""
    newer = seeded.newer
    decoded = decode_epc_bytes(case_epc(DEMO_COMPANY_PREFIX, "012345", 2))
    assert isinstance(decoded, Sgtin96)
    assert (row["portal"], row["portal_name"], row["gateway_id"]) == ("door-1", "door 1", GATEWAY)
    assert (row["direction"], row["hold_reason"]) == ("outbound", "quarantined")
    assert (row["epc"], row["pure_uri"]) == (newer.epc, decoded.pure_uri)
    assert (row["gtin"], row["serial"]) == (decoded.gtin, str(decoded.serial))
    assert (row["lot_id"], row["lot_number"]) == (seeded.lot_id, "L1")
    assert (row["lot_status"], row["lot_status_reason"]) == ("quarantined", REASON)
    assert datetime.fromisoformat(row["seen_at"]) == newer.seen_at
    assert datetime.fromisoformat(row["raised_at"]) == newer.raised_at
    assert datetime.fromisoformat(row["recorded_at"]) >= datetime.fromisoformat(row["seen_at"])
    assert row["pass_event_id"] == str(newer.pass_event_id)


async def test_hold_alarms_of_a_site(
    stack: Stack, cloud_settings: CloudSettings, topic_prefix: str
) -> None:
    seeded = await seed(cloud_settings, topic_prefix, stack.influx.url)
    path = f"/sites/{SITE}/portals/alarms"
    async with api_client(cloud_settings) as api:

        async def get(token: str, url: str = path, **params: Any) -> Any:
            return await api.get(url, params=params, headers=bearer(seeded.tokens[token]))

        listed = await get("admin")
        recent = await get("admin", since=(T0 + timedelta(minutes=5)).isoformat())
        first_only = await get("admin", limit=1)
        other = await get("admin", f"/sites/{OTHER_SITE}/portals/alarms")
        no_inventory = await get("gateway")
        not_granted = await get("elsewhere")
        unknown = await get("admin", "/sites/nowhere/portals/alarms")
    assert listed.status_code == 200
    newest_first = [str(seeded.newer.event_id), str(seeded.older.event_id)]
    assert [r["event_id"] for r in listed.json()] == newest_first
    check_row(listed.json()[0], seeded)
    assert [r["event_id"] for r in recent.json()] == newest_first[:1]
    assert [r["event_id"] for r in first_only.json()] == newest_first[:1]
    (stray,) = other.json()
    assert (stray["event_id"], stray["portal_name"]) == (str(seeded.stray.event_id), "other door")
    # A gateway reads its site but not inventory: the alarm, without the lot's details.
    assert no_inventory.status_code == 200
    hidden = no_inventory.json()[0]
    assert (hidden["lot_number"], hidden["lot_id"], hidden["lot_status"]) == ("L1", None, None)
    assert hidden["lot_status_reason"] is None
    for refused, status in ((not_granted, 403), (unknown, 404)):
        assert refused.status_code == status
        assert refused.headers["content-type"] == "application/problem+json"
