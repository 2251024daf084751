"""Push each gateway its site's hold list: retained, QoS 1, on the gateway's ``holds`` topic.

Retained (MQTT 5 §3.3.1.3) so that a gateway that connects later, or reconnects after an outage,
gets the newest list at once; the list is complete (``quarantine.holds.site_hold_list``), so one
missed update is repaired by the next. Versions are milliseconds since the epoch of the moment the
list is built: they grow across cloud restarts, and the edge ignores anything not newer than what
it enforces. A publish returns once the broker acknowledged it (PUBACK, §3.4).
"""

import asyncio
import logging
import time
from types import TracebackType
from typing import Self

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.errors import CloudError
from coldtrace_cloud.locations.models import Site
from coldtrace_cloud.quarantine.holds import site_hold_list
from coldtrace_cloud.settings import Settings
from coldtrace_protocol.holds import HoldList
from coldtrace_protocol.topics import GatewayTopic, TopicKind

logger = logging.getLogger(__name__)


class HoldsPublishError(CloudError):
    """The broker could not be reached or did not acknowledge a hold list."""

    def __init__(self, message: str, *, topic: str | None = None) -> None:
        super().__init__(message)
        self.topic = topic


def hold_list_version() -> int:
    """A version that increases with every list built (ms since the epoch)."""
    return time.time_ns() // 1_000_000


class HoldsPublisher:
    """One MQTT connection of the cloud for hold lists; ``async with`` connects and closes it."""

    def __init__(self, settings: Settings, *, timeout_s: float = 10.0) -> None:
        self.settings = settings
        self.timeout_s = timeout_s
        self._client = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=f"coldtrace-holds-{time.time_ns()}",
            protocol=mqtt.MQTTv5,
        )
        self._client.username_pw_set(
            settings.mqtt_username, settings.mqtt_password.get_secret_value()
        )

    async def __aenter__(self) -> Self:
        try:
            await asyncio.to_thread(
                self._client.connect, self.settings.mqtt_host, self.settings.mqtt_port
            )
        except OSError as exc:
            raise HoldsPublishError(f"broker unreachable: {exc}") from exc
        self._client.loop_start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._client.disconnect()
        await asyncio.to_thread(self._client.loop_stop)

    def topic(self, site_code: str, gateway_id: str) -> str:
        """The gateway's holds topic (built by ``coldtrace_protocol.topics`` only)."""
        prefix = self.settings.mqtt_topic_prefix
        return str(GatewayTopic(site_code, gateway_id, TopicKind.HOLDS, prefix))

    async def publish(self, gateway_id: str, holds: HoldList) -> str:
        """Publish ``holds`` retained for ``gateway_id`` and wait for the PUBACK; the topic."""
        topic = self.topic(holds.site_id, gateway_id)
        info = self._client.publish(topic, holds.model_dump_json(), qos=1, retain=True)
        try:
            await asyncio.to_thread(info.wait_for_publish, self.timeout_s)
        except (RuntimeError, ValueError) as exc:
            raise HoldsPublishError(f"hold list not sent: {exc}", topic=topic) from exc
        if info.rc != mqtt.MQTT_ERR_SUCCESS or not info.is_published():
            raise HoldsPublishError(f"no PUBACK in time (rc {info.rc})", topic=topic)
        logger.info(
            "hold list v%s for %s: %s held EPCs", holds.version, gateway_id, len(holds.holds)
        )
        return topic


async def publish_gateway_holds(
    session: AsyncSession, publisher: HoldsPublisher, site_code: str, gateway_id: str
) -> HoldList:
    """Build the site's complete hold list now and publish it to one of its gateways."""
    site = await session.scalar(select(Site).where(Site.code == site_code))
    if site is None:
        raise HoldsPublishError(f"unknown site {site_code!r}")
    holds = await site_hold_list(session, site, hold_list_version())
    await publisher.publish(gateway_id, holds)
    return holds
