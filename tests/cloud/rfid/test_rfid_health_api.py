"""Portal health and movements by EPC through the API, after real ingest of passes and reports."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from sqlalchemy.ext.asyncio import create_async_engine

from coldtrace_cloud.auth import service as users
from coldtrace_cloud.auth.roles import Role
from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.ingest.consumer import Delivery
from coldtrace_cloud.ingest.pipeline import IngestPipeline
from coldtrace_cloud.settings import Settings as CloudSettings
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_protocol.identifiers import decode_epc_bytes
from coldtrace_protocol.rfid import PassDirection, PortalStatusBatch, ReaderHealth
from coldtrace_protocol.topics import GatewayTopic, TopicKind
from coldtrace_sim.rfworld.epcs import DEMO_COMPANY_PREFIX, case_epc, pallet_epc
from devstack.cli import Stack
from tests.cloud.inventory_support.client import api_client, bearer
from tests.cloud.rfid.rfid_world import ACTOR, SITE, build
from tests.cloud.rfid.test_rfid_ingest import GATEWAY, a_pass, delivery


def report(connected: bool, at: datetime, error: str | None = None) -> ReaderHealth:
    return ReaderHealth(
        reader_id="door-1-reader", portal_ids=["door-1"], connected=connected, sessions=2,
        last_report_at=at, last_error=error, reported_at=at,
    )  # fmt: skip


def status_delivery(prefix: str, seq: int, readers: list[ReaderHealth]) -> Delivery:
    batch = PortalStatusBatch(
        gateway_id=GATEWAY, seq=seq, message_id=uuid4(), sent_at=datetime.now(UTC), readers=readers
    )
    topic = str(GatewayTopic(SITE, GATEWAY, TopicKind.PORTAL_STATUS, prefix))
    return Delivery(topic, batch.model_dump_json().encode(), seq, 1, False, 0)


async def test_portal_health_and_movements_by_epc(
    stack: Stack, cloud_settings: CloudSettings, topic_prefix: str
) -> None:
    engine = create_async_engine(cloud_settings.database_url.get_secret_value())
    sessions = make_sessionmaker(engine)
    now = datetime.now(UTC)
    try:
        async with sessions() as session:
            await build(session, {"0000000101": 2})
            admin = await users.create_user(
                session, ACTOR, username="rfid-admin", display_name="A", role=Role.ADMIN,
                password=None,
            )  # fmt: skip
            _, token = await users.issue_token(session, ACTOR, admin, name="tests")
            await session.commit()
        pallet = pallet_epc(DEMO_COMPANY_PREFIX, "0000000101")
        async with InfluxClient(stack.influx.url, "unused") as influx:
            pipeline = IngestPipeline(sessions, influx, topic_prefix)
            await pipeline.store(
                [delivery(topic_prefix, [a_pass(pallet, PassDirection.INBOUND)], 1)]
            )
            newer = report(False, now, "connection lost")
            older = report(True, now - timedelta(minutes=1))
            # The newer report arrives first: the late, older one must not overwrite it.
            await pipeline.store([status_delivery(topic_prefix, 2, [newer])])
            await pipeline.store([status_delivery(topic_prefix, 3, [older])])
    finally:
        await engine.dispose()
    case = decode_epc_bytes(case_epc(DEMO_COMPANY_PREFIX, "012345", 1))
    async with api_client(cloud_settings) as api:
        health = await api.get(f"/sites/{SITE}/portals/health", headers=bearer(token))
        by_uri = await api.get("/movements", params={"epc": case.pure_uri}, headers=bearer(token))
        by_hex = await api.get(
            "/movements", params={"epc": pallet.hex().upper()}, headers=bearer(token)
        )
        unknown = await api.get(
            "/movements", params={"epc": "urn:epc:id:sgtin:9521234.099999.1"},
            headers=bearer(token),
        )  # fmt: skip
        garbage = await api.get("/movements", params={"epc": "nope"}, headers=bearer(token))
    assert health.status_code == 200
    (door,) = health.json()
    assert door["portal"] == "door-1"
    assert door["last_pass_at"] is not None
    (reader,) = door["readers"]
    assert (reader["connected"], reader["last_error"]) == (False, "connection lost")
    assert by_uri.status_code == by_hex.status_code == 200
    (carried,) = by_uri.json()["items"]
    (moved,) = by_hex.json()["items"]
    assert carried["direction"] == moved["direction"] == "inbound"
    assert (unknown.status_code, garbage.status_code) == (404, 422)
