"""The cloud's holds publisher: a site's quarantined lots reach a gateway as a retained list."""

from datetime import UTC, datetime
from uuid import uuid4

from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from coldtrace_cloud.containers.models import Container
from coldtrace_cloud.containers.service import relocate
from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.lots import flows
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.rfid.holds_publisher import HoldsPublisher, publish_gateway_holds
from coldtrace_cloud.settings import Settings as CloudSettings
from coldtrace_protocol.holds import HoldList, HoldReason
from tests.cloud.rfid.rfid_world import ACTOR, SITE, build
from tests.support.mqtt_probe import subscribed

GATEWAY = "gw-holds-1"


async def test_a_quarantined_lot_on_site_is_published_retained_to_the_gateway(
    cloud_settings: CloudSettings, mqtt_admin: tuple[str, str]
) -> None:
    engine = create_async_engine(cloud_settings.database_url.get_secret_value())
    sessions = make_sessionmaker(engine)
    try:
        async with sessions() as session:
            world = await build(session, {"0000000101": 3, "0000000102": 2})
            # Only the first pallet is on site: the second was never received.
            pallet = await session.scalar(select(Container).order_by(Container.id).limit(1))
            assert pallet is not None
            await relocate(
                session, ACTOR, pallet, to_location_id=world.locations["cold-room-1"],
                event_id=uuid4(), at=datetime.now(UTC),
            )  # fmt: skip
            lot = await session.scalar(select(Lot).where(Lot.lot_number == "L1"))
            assert lot is not None
            await flows.quarantine(session, ACTOR, lot, reason="excursion in cold-room-1")
            await session.commit()
        async with sessions() as session, HoldsPublisher(cloud_settings) as publisher:
            first = await publish_gateway_holds(session, publisher, SITE, GATEWAY)
            second = await publish_gateway_holds(session, publisher, SITE, GATEWAY)
    finally:
        await engine.dispose()
    assert second.version > first.version
    assert len(first.holds) == 3
    assert {h.reason for h in first.holds} == {HoldReason.QUARANTINED}
    assert {h.lot_number for h in first.holds} == {"L1"}
    topic = publisher.topic(SITE, GATEWAY)
    # A gateway connecting afterwards gets the newest list at once: it is retained.
    with subscribed(cloud_settings.mqtt_port, mqtt_admin, topic) as inbox:
        message = inbox.get(timeout=10)
    assert message.retain
    assert HoldList.model_validate_json(message.payload) == second
