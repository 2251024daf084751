"""paho-mqtt 2.x inside asyncio: an MQTT 5 connection whose QoS 1 publishes are awaited to PUBACK.

paho runs its network loop on its own thread; every callback only hands its arguments to the event
loop with ``call_soon_threadsafe`` (the Home Assistant pattern). Reconnection is ours, with
jittered exponential backoff, and keeps the MQTT session (clean start off, session expiry set), so
QoS 1 messages in flight at a disconnect are re-sent by paho with DUP set (MQTT 5 §4.4).
"""

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode

from coldtrace_edge.errors import NoSubscribersError, UplinkError
from coldtrace_protocol.backoff import Backoff

logger = logging.getLogger(__name__)

# PUBACK reason "No matching subscribers" (MQTT 5 §3.4.2.1). Mosquitto 2.0 does not restore shared
# subscriptions when it restarts, so until the ingest workers have subscribed again, data
# messages are acknowledged with this code and dropped: such a message must be sent again.
NO_MATCHING_SUBSCRIBERS = 0x10


@dataclass(frozen=True)
class LinkConfig:
    """How to reach the broker and how to behave on it."""

    host: str
    port: int
    client_id: str
    username: str | None = None
    password: str | None = None
    keepalive_s: int = 30
    session_expiry_s: int = 7 * 24 * 3600
    max_inflight: int = 1000
    reconnect_min_s: float = 0.5
    reconnect_max_s: float = 30.0


@dataclass(frozen=True)
class Will:
    """Last will: published by the broker if we vanish without a clean DISCONNECT."""

    topic: str
    payload: bytes
    retain: bool = True


class MqttLink:
    """One MQTT 5 connection; ``run`` keeps it up until ``stop``; ``publish`` awaits the PUBACK."""

    def __init__(self, config: LinkConfig, will: Will | None = None) -> None:
        self.config = config
        self._loop = asyncio.get_running_loop()
        self._connected = asyncio.Event()
        self._disconnected = asyncio.Event()
        self._stopping = asyncio.Event()
        self._round_connected = False
        self._acks: dict[int, asyncio.Future[None]] = {}
        self._needs_subscriber: set[int] = set()
        self._subscriptions: dict[str, Callable[[bytes], object]] = {}
        self._client = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=config.client_id,
            protocol=mqtt.MQTTv5,
            reconnect_on_failure=False,
        )
        if config.username is not None:
            self._client.username_pw_set(config.username, config.password)
        if will is not None:
            self._client.will_set(will.topic, will.payload, qos=1, retain=will.retain)
        self._client.max_inflight_messages_set(config.max_inflight)
        self._client.max_queued_messages_set(0)
        self._client.on_connect = self._thread_on_connect
        self._client.on_disconnect = self._thread_on_disconnect
        self._client.on_publish = self._thread_on_publish
        self._client.on_message = self._thread_on_message

    # --- paho thread: hand over to the loop, nothing else ---------------------------------------
    def _thread_on_connect(
        self, _c: object, _u: object, _f: object, rc: ReasonCode, _p: Properties | None
    ) -> None:
        self._loop.call_soon_threadsafe(self._connected_in_loop, rc)

    def _thread_on_disconnect(
        self, _c: object, _u: object, _f: object, rc: ReasonCode, _p: Properties | None
    ) -> None:
        self._loop.call_soon_threadsafe(self._disconnected_in_loop, rc)

    def _thread_on_publish(
        self, _c: object, _u: object, mid: int, rc: ReasonCode, _p: Properties | None
    ) -> None:
        self._loop.call_soon_threadsafe(self._acked_in_loop, mid, rc)

    def _thread_on_message(self, _c: object, _u: object, message: mqtt.MQTTMessage) -> None:
        self._loop.call_soon_threadsafe(
            self._message_in_loop, message.topic, bytes(message.payload)
        )

    # --- event loop side -----------------------------------------------------------------------
    def _message_in_loop(self, topic: str, payload: bytes) -> None:
        handler = self._subscriptions.get(topic)
        if handler is None:
            return
        try:
            handler(payload)
        except Exception:  # a task boundary: one bad message must not stop the link
            logger.exception("handler of %s failed", topic)

    def _connected_in_loop(self, rc: ReasonCode) -> None:
        if rc.is_failure:
            logger.warning("broker refused the connection: %s", rc)
            self._disconnected.set()
            return
        logger.info("connected to broker %s:%s", self.config.host, self.config.port)
        self._round_connected = True
        self._disconnected.clear()
        self._connected.set()
        # Subscribed again on every connection: a broker that lost our session (a restart
        # without persistence) would otherwise never send us the retained holds again.
        for topic in self._subscriptions:
            self._client.subscribe(topic, qos=1)

    def _disconnected_in_loop(self, rc: ReasonCode) -> None:
        if self._stopping.is_set():
            logger.info("disconnected from broker: %s", rc)
        elif self._connected.is_set():
            logger.warning("disconnected from broker: %s", rc)
        self._connected.clear()
        self._disconnected.set()

    def _acked_in_loop(self, mid: int, rc: ReasonCode) -> None:
        future = self._acks.pop(mid, None)
        needs_subscriber = mid in self._needs_subscriber
        self._needs_subscriber.discard(mid)
        if future is None or future.done():
            return
        if rc.value == NO_MATCHING_SUBSCRIBERS and needs_subscriber:
            future.set_exception(NoSubscribersError("no subscriber took the message"))
        elif rc.is_failure:
            future.set_exception(UplinkError(f"broker refused publish: {rc}", reason_code=rc.value))
        else:
            future.set_result(None)

    @property
    def connected(self) -> bool:
        """True while the connection is up."""
        return self._connected.is_set()

    async def wait_connected(self) -> None:
        """Return once connected (immediately if already)."""
        await self._connected.wait()

    async def wait_disconnected(self) -> None:
        """Return once the connection is down (immediately if it is)."""
        await self._disconnected.wait()

    async def run(self) -> None:
        """Connect and stay connected until ``stop``: the link's one long-lived task."""
        backoff = Backoff(self.config.reconnect_min_s, self.config.reconnect_max_s)
        props = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]
        props.SessionExpiryInterval = self.config.session_expiry_s
        first = True
        while not self._stopping.is_set():
            self._disconnected.clear()
            self._round_connected = False
            try:
                if first:
                    await asyncio.to_thread(
                        self._client.connect,
                        self.config.host,
                        self.config.port,
                        self.config.keepalive_s,
                        clean_start=False,
                        properties=props,
                    )
                else:
                    await asyncio.to_thread(self._client.reconnect)
                first = False
                self._client.loop_start()
                await self._disconnected.wait()
                await asyncio.to_thread(self._client.loop_stop)
                if self._round_connected:
                    backoff.reset()
                backoff_s = backoff.next_delay_s()
            except OSError as exc:
                backoff_s = backoff.next_delay_s()
                logger.warning("broker unreachable (%s); retrying in %.1fs", exc, backoff_s)
            if self._stopping.is_set():
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=backoff_s)

    def publish_start(
        self, topic: str, payload: bytes, *, retain: bool = False, needs_subscriber: bool = False
    ) -> "asyncio.Future[None]":
        """Hand a QoS 1 message to paho; the future completes at its PUBACK (across reconnects).

        While disconnected paho queues the message and sends it once connected again; messages
        in flight at a disconnect are re-sent with DUP set, so the future stays valid. With
        ``needs_subscriber`` a PUBACK "No matching subscribers" fails the future with
        NoSubscribersError instead of completing it.
        """
        info = self._client.publish(topic, payload, qos=1, retain=retain)
        if info.rc not in (mqtt.MQTT_ERR_SUCCESS, mqtt.MQTT_ERR_NO_CONN):
            raise UplinkError(f"publish failed locally: {mqtt.error_string(info.rc)}")
        future = self._acks.get(info.mid)
        if future is None:
            future = self._loop.create_future()
            self._acks[info.mid] = future
        if needs_subscriber:
            self._needs_subscriber.add(info.mid)
        return future

    def subscribe(self, topic: str, handler: Callable[[bytes], object]) -> None:
        """Deliver messages of ``topic`` (an exact topic, QoS 1) to ``handler`` on the loop."""
        self._subscriptions[topic] = handler
        if self.connected:
            self._client.subscribe(topic, qos=1)

    async def publish(self, topic: str, payload: bytes, *, retain: bool = False) -> None:
        """Publish at QoS 1 and wait for the broker's PUBACK."""
        await self.publish_start(topic, payload, retain=retain)

    async def stop(
        self, *, offline: tuple[str, bytes] | None = None, timeout_s: float = 5.0
    ) -> None:
        """Publish a last message (e.g. a clean 'offline' status), then DISCONNECT cleanly."""
        if offline is not None and self.connected:
            with contextlib.suppress(TimeoutError, UplinkError):
                await asyncio.wait_for(self.publish(*offline, retain=True), timeout_s)
        self._stopping.set()
        await asyncio.to_thread(self._client.disconnect)
        await asyncio.to_thread(self._client.loop_stop)
