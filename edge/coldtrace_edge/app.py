"""The edge agent's composition root: one TaskGroup owning every long-lived loop of the gateway."""

import asyncio
import logging
import signal
from datetime import UTC, datetime
from importlib.metadata import version

from coldtrace_edge.producers import build_producers
from coldtrace_edge.settings import Settings
from coldtrace_edge.uplink.mqtt_link import LinkConfig, MqttLink, Will
from coldtrace_edge.uplink.outbox import Outbox
from coldtrace_edge.uplink.publisher import Publisher
from coldtrace_protocol.status import GatewayState, GatewayStatus
from coldtrace_protocol.topics import GatewayTopic, TopicKind

logger = logging.getLogger(__name__)


def status_payload(settings: Settings, state: GatewayState, *, clean: bool) -> bytes:
    """The JSON of a status message for this gateway."""
    status = GatewayStatus(
        gateway_id=settings.gateway_id,
        site_id=settings.site_id,
        state=state,
        at=datetime.now(UTC) if clean else None,
        software_version=version("coldtrace-edge"),
        clean=clean,
    )
    return status.model_dump_json().encode()


def link_config(settings: Settings) -> LinkConfig:
    """Map the settings onto the MQTT link's configuration."""
    return LinkConfig(
        host=settings.mqtt_host,
        port=settings.mqtt_port,
        client_id=settings.client_id,
        username=settings.mqtt_username,
        password=settings.mqtt_password.get_secret_value() if settings.mqtt_password else None,
        keepalive_s=settings.mqtt_keepalive_s,
        reconnect_min_s=settings.reconnect_min_s,
        reconnect_max_s=settings.reconnect_max_s,
    )


async def announce_status(link: MqttLink, topic: str, settings: Settings) -> None:
    """Publish the retained birth message after every (re)connection."""
    while True:
        await link.wait_connected()
        await link.publish(
            topic, status_payload(settings, GatewayState.ONLINE, clean=True), retain=True
        )
        logger.info("gateway online", extra={"gateway": settings.gateway_id})
        await link.wait_disconnected()


def topic_for(settings: Settings, kind: str) -> str:
    """The topic of one of this gateway's uplink kinds."""
    return str(
        GatewayTopic(
            settings.site_id, settings.gateway_id, TopicKind(kind), settings.mqtt_topic_prefix
        )
    )


def open_outbox(settings: Settings) -> Outbox:
    """The gateway's outbox under its data folder."""
    return Outbox(
        settings.data_dir / "outbox.sqlite3",
        gateway_id=settings.gateway_id,
        max_items_per_message=settings.outbox_max_items_per_message,
        budget_bytes=settings.outbox_budget_bytes,
    )


async def run_agent(settings: Settings, stop: asyncio.Event) -> None:
    """Run the gateway until ``stop`` is set, then drain the uplink and say goodbye cleanly."""
    status_topic = topic_for(settings, TopicKind.STATUS)
    will = Will(status_topic, status_payload(settings, GatewayState.OFFLINE, clean=False))
    link = MqttLink(link_config(settings), will)
    outbox = open_outbox(settings)
    publisher = Publisher(
        outbox, link, lambda kind: topic_for(settings, kind), window=settings.uplink_window
    )
    try:
        async with asyncio.TaskGroup() as tasks:
            link_task = tasks.create_task(link.run(), name="mqtt-link")
            background = [
                tasks.create_task(announce_status(link, status_topic, settings), name="status"),
                tasks.create_task(publisher.run(), name="publisher"),
            ]
            producers = [
                tasks.create_task(p.run(), name=p.name)
                for p in build_producers(settings, outbox, link)
            ]
            await stop.wait()
            logger.info("stopping: producers first, then draining the uplink")
            for task in producers:
                task.cancel()
            await asyncio.gather(*producers, return_exceptions=True)
            if link.connected:
                await publisher.drain(settings.drain_timeout_s)
            for task in background:
                task.cancel()
            offline = status_payload(settings, GatewayState.OFFLINE, clean=True)
            await link.stop(offline=(status_topic, offline))
            await link_task
    finally:
        await outbox.close()


async def main_async(settings: Settings) -> int:
    """Install SIGTERM/SIGINT handlers that drain, then run the agent."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await run_agent(settings, stop)
    return 0
