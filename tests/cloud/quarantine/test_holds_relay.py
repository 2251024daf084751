"""Holds reach the gateway: the relay publishes at start, and again when an excursion quarantines
lots (the engine's NOTIFY), a complete retained list with a newer version each time."""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.ingest.pipeline import IngestPipeline
from coldtrace_cloud.items.models import Item
from coldtrace_cloud.items.service import sgtin_uri
from coldtrace_cloud.quarantine.holds_relay import run_holds_relay
from coldtrace_cloud.settings import Settings
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_protocol.holds import HoldList, HoldReason
from coldtrace_protocol.topics import GatewayTopic, TopicKind
from tests.cloud.excursions.engine_support import GATEWAY, SITE, delivery, readings, watched_probe
from tests.cloud.inventory_support.stock import Stock, stock_up
from tests.cloud.inventory_support.world import COMPANY_PREFIX, World, build_world
from tests.support.mqtt_probe import Received, subscribed

if TYPE_CHECKING:
    import queue


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


async def next_list(inbox: "queue.Queue[Received]") -> HoldList:
    message = await asyncio.to_thread(inbox.get, timeout=20)
    return HoldList.model_validate_json(message.payload)


async def give_items_epcs(sessions: async_sessionmaker[AsyncSession]) -> None:
    """The test serials are not numeric (no SGTIN-96): EPCs by item id instead."""
    async with sessions.begin() as session:
        for item in (await session.scalars(select(Item))).all():
            item.epc_uri = sgtin_uri(item.gtin, str(item.id), COMPANY_PREFIX)


async def test_a_quarantine_reaches_the_gateway_as_a_new_retained_list(
    cloud_settings: Settings,
    mqtt_admin: tuple[str, str],
    sessions: async_sessionmaker[AsyncSession],
    world: World,
    stock: Stock,
) -> None:
    probe = await watched_probe(sessions, world, "relay-probe", "cold")
    await give_items_epcs(sessions)
    prefix = cloud_settings.mqtt_topic_prefix
    topic = str(GatewayTopic(SITE, GATEWAY, TopicKind.HOLDS, prefix))
    with subscribed(cloud_settings.mqtt_port, mqtt_admin, topic) as inbox:
        async with asyncio.TaskGroup() as tasks:
            relay = tasks.create_task(run_holds_relay(cloud_settings, sessions), name="holds-relay")
            first = await next_list(inbox)
            assert first.site_id == SITE
            assert {h.lot_number for h in first.holds} == {"HELD-1"}
            start = datetime.now(UTC) - timedelta(hours=1)
            series = readings(probe.code, start, [5.0] + [12.0] * 40 + [5.0])
            async with InfluxClient(
                cloud_settings.influx_url, cloud_settings.influx_database
            ) as influx:
                await IngestPipeline(sessions, influx, prefix).store([delivery(prefix, 1, series)])
            second = await next_list(inbox)
            relay.cancel()
    # A gateway that connects later gets the newest list at once: it is retained.
    with subscribed(cloud_settings.mqtt_port, mqtt_admin, topic) as late_inbox:
        message = await asyncio.to_thread(late_inbox.get, timeout=20)
    assert message.retain
    assert HoldList.model_validate_json(message.payload) == second
    assert second.version > first.version
    held = {h.lot_number for h in second.holds}
    assert {"HELD-1", "LATE-1", "EARLY-1", "SOON-1"} <= held
    assert {h.reason for h in second.holds} == {HoldReason.QUARANTINED}
    assert len(second.holds) >= len(stock.late.items) + len(stock.held.items)
