"""Holds reach the gateways: on every ``coldtrace_holds`` notification, each site's hold list is
rebuilt and published retained to every gateway of the site.

Runs as the named task ``holds-relay`` in the ingest worker's TaskGroup: that process already
lives as long as the MQTT link, and the engine's quarantines are committed there. The list is
complete and versioned (``rfid.holds_publisher``), so the relay publishes everything once when it
starts (a restart or a missed notification is repaired at once) and coalesces bursts: all
notifications queued while it publishes lead to one more round, not one each.
"""

import asyncio
import logging

from sqlalchemy import select, union
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coldtrace_cloud.db.notifications import HOLDS_CHANNEL, Listener, listening
from coldtrace_cloud.locations.models import Location, Portal, Site
from coldtrace_cloud.quarantine.holds import site_hold_list
from coldtrace_cloud.rfid.holds_publisher import (
    HoldsPublisher,
    HoldsPublishError,
    hold_list_version,
)
from coldtrace_cloud.sensors.models import Sensor, SensorBinding
from coldtrace_cloud.settings import Settings
from coldtrace_protocol.backoff import Backoff

logger = logging.getLogger(__name__)


async def site_gateways(session: AsyncSession, site: Site) -> list[str]:
    """Gateways serving ``site``: those of its portals and of the sensors bound in it now."""
    portals = select(Portal.gateway_id).where(
        Portal.site_id == site.id, Portal.gateway_id.is_not(None)
    )
    sensors = (
        select(Sensor.gateway_id)
        .join(SensorBinding, SensorBinding.sensor_id == Sensor.id)
        .join(Location, Location.id == SensorBinding.location_id)
        .where(
            Location.site_id == site.id,
            SensorBinding.valid_to.is_(None),
            Sensor.gateway_id.is_not(None),
        )
    )
    rows = (await session.execute(union(portals, sensors))).scalars().all()
    return sorted(str(g) for g in rows if g)


async def publish_all(
    sessions: async_sessionmaker[AsyncSession], publisher: HoldsPublisher
) -> dict[str, int]:
    """Publish every site's hold list to each of its gateways; gateway -> holds published."""
    published: dict[str, int] = {}
    async with sessions() as session:
        for site in (await session.scalars(select(Site).order_by(Site.id))).all():
            gateways = await site_gateways(session, site)
            if not gateways:
                continue
            holds = await site_hold_list(session, site, hold_list_version())
            for gateway in gateways:
                await publisher.publish(gateway, holds)
                published[gateway] = len(holds.holds)
    return published


async def publish_until_sent(
    sessions: async_sessionmaker[AsyncSession], publisher: HoldsPublisher
) -> dict[str, int]:
    """``publish_all``, retried with backoff while the broker or the database is away."""
    backoff = Backoff(0.2, 10.0)
    while True:
        try:
            return await publish_all(sessions, publisher)
        except (HoldsPublishError, DBAPIError, OSError) as exc:
            delay = backoff.next_delay_s()
            logger.warning("hold lists not sent (%s); retrying in %.1fs", exc, delay)
            await asyncio.sleep(delay)


def _drain(listener: Listener) -> int:
    drained = 0
    while not listener.queue.empty():
        listener.queue.get_nowait()
        drained += 1
    return drained


async def _relay(
    settings: Settings, sessions: async_sessionmaker[AsyncSession], publisher: HoldsPublisher
) -> None:
    database_url = settings.database_url.get_secret_value()
    async with listening(database_url, HOLDS_CHANNEL) as listener:
        published = await publish_until_sent(sessions, publisher)
        logger.info("holds relay ready: %d gateways", len(published))
        async for _ in listener:
            coalesced = _drain(listener)
            published = await publish_until_sent(sessions, publisher)
            logger.info(
                "holds changed (%d notices): lists sent to %d gateways",
                coalesced + 1,
                len(published),
            )


async def run_holds_relay(settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> None:
    """Connect (again and again while the broker is away), LISTEN, publish everything once,
    then once more per burst of notifications; forever."""
    backoff = Backoff(0.5, 10.0)
    while True:
        try:
            async with HoldsPublisher(settings) as publisher:
                backoff.reset()
                await _relay(settings, sessions, publisher)
        except HoldsPublishError as exc:
            delay = backoff.next_delay_s()
            logger.warning("holds relay: broker unreachable (%s); retrying in %.1fs", exc, delay)
            await asyncio.sleep(delay)
