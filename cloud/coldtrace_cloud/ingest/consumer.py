"""MQTT 5 consumer with manual acknowledgement: a message is PUBACKed only after it is stored.

paho runs its network loop on its own thread; callbacks only hand their data to the event loop.
The session is persistent (clean start off, long session expiry), so messages the broker sent but
we never acknowledged are sent again after a reconnect or a restart (MQTT 5 §4.4); Receive Maximum
bounds how many unacknowledged messages the broker pushes at us (§3.1.2.11.3), which is what keeps
memory bounded. Packet ids are per connection: a delivery from a previous connection is never
acknowledged on the new one (its redelivery will be).
"""

import asyncio
import contextlib
import logging
import threading
from collections import deque
from dataclasses import dataclass

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode

from coldtrace_protocol.backoff import Backoff

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConsumerConfig:
    """Broker address, identity and what to subscribe to."""

    host: str
    port: int
    client_id: str
    username: str
    password: str
    filters: tuple[str, ...]
    receive_maximum: int = 1000
    session_expiry_s: int = 7 * 24 * 3600
    keepalive_s: int = 30
    reconnect_min_s: float = 0.5
    reconnect_max_s: float = 15.0


@dataclass(frozen=True)
class Delivery:
    """One received message and what is needed to acknowledge it on its own connection."""

    topic: str
    payload: bytes
    mid: int
    qos: int
    retain: bool
    generation: int


class MqttConsumer:
    """Receives into a queue; ``ack`` after the data is durable; ``run`` keeps the link up."""

    def __init__(self, config: ConsumerConfig) -> None:
        self.config = config
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[Delivery] = asyncio.Queue()
        # Deliveries cross from paho's thread through this inbox; the loop is woken once per
        # burst, not once per message (each wake-up is a write to the loop's self-pipe).
        self._inbox: deque[Delivery] = deque()
        self._inbox_lock = threading.Lock()
        self._wake_pending = False
        self._generation = 0
        self._connected = asyncio.Event()
        self._disconnected = asyncio.Event()
        self._stopping = asyncio.Event()
        self._round_connected = False
        self._client = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=config.client_id,
            protocol=mqtt.MQTTv5,
            reconnect_on_failure=False,
            manual_ack=True,
        )
        self._client.username_pw_set(config.username, config.password)
        self._client.on_connect = self._thread_on_connect
        self._client.on_disconnect = self._thread_on_disconnect
        self._client.on_message = self._thread_on_message

    def _thread_on_connect(
        self, _c: object, _u: object, _f: object, rc: ReasonCode, _p: Properties | None
    ) -> None:
        self._loop.call_soon_threadsafe(self._connected_in_loop, rc)

    def _thread_on_disconnect(
        self, _c: object, _u: object, _f: object, rc: ReasonCode, _p: Properties | None
    ) -> None:
        self._loop.call_soon_threadsafe(self._disconnected_in_loop, rc)

    def _thread_on_message(self, _c: object, _u: object, msg: mqtt.MQTTMessage) -> None:
        delivery = Delivery(
            msg.topic, bytes(msg.payload), msg.mid, msg.qos, bool(msg.retain), self._generation
        )
        with self._inbox_lock:
            self._inbox.append(delivery)
            if self._wake_pending:
                return
            self._wake_pending = True
        self._loop.call_soon_threadsafe(self._drain_inbox)

    def _drain_inbox(self) -> None:
        with self._inbox_lock:
            arrived = list(self._inbox)
            self._inbox.clear()
            self._wake_pending = False
        for delivery in arrived:
            self._queue.put_nowait(delivery)

    def _connected_in_loop(self, rc: ReasonCode) -> None:
        if rc.is_failure:
            logger.warning("broker refused the connection: %s", rc)
            self._disconnected.set()
            return
        for topic_filter in self.config.filters:
            self._client.subscribe(topic_filter, qos=1)
        logger.info("consumer connected, subscribed to %s", ", ".join(self.config.filters))
        self._round_connected = True
        self._connected.set()

    def _disconnected_in_loop(self, rc: ReasonCode) -> None:
        if not self._stopping.is_set():
            logger.warning("consumer disconnected: %s", rc)
        self._connected.clear()
        self._disconnected.set()

    async def wait_connected(self) -> None:
        """Return once connected and subscribed."""
        await self._connected.wait()

    async def next_batch(self, max_items: int, max_wait_s: float) -> list[Delivery]:
        """Wait for one delivery, then take what else arrives within ``max_wait_s``."""
        batch = [await self._queue.get()]
        deadline = self._loop.time() + max_wait_s
        while len(batch) < max_items:
            # Take what has already arrived without a timer; wait only when the queue is dry.
            while len(batch) < max_items and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            remaining = deadline - self._loop.time()
            if len(batch) >= max_items or remaining <= 0:
                break
            try:
                batch.append(await asyncio.wait_for(self._queue.get(), remaining))
            except TimeoutError:
                break
        return batch

    def ack(self, delivery: Delivery) -> None:
        """PUBACK a QoS 1 delivery, if its connection is still the current one."""
        if (
            delivery.qos > 0
            and delivery.generation == self._generation
            and self._connected.is_set()
        ):
            self._client.ack(delivery.mid, delivery.qos)

    async def run(self) -> None:
        """Connect and stay connected until ``stop``."""
        backoff = Backoff(self.config.reconnect_min_s, self.config.reconnect_max_s)
        props = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]
        props.SessionExpiryInterval = self.config.session_expiry_s
        props.ReceiveMaximum = self.config.receive_maximum
        while not self._stopping.is_set():
            self._disconnected.clear()
            self._generation += 1
            self._round_connected = False
            try:
                await asyncio.to_thread(
                    self._client.connect,
                    self.config.host,
                    self.config.port,
                    self.config.keepalive_s,
                    clean_start=False,
                    properties=props,
                )
                self._client.loop_start()
                await self._disconnected.wait()
                await asyncio.to_thread(self._client.loop_stop)
                if self._round_connected:
                    backoff.reset()
            except OSError as exc:
                logger.warning("broker unreachable: %s", exc)
            if self._stopping.is_set():
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=backoff.next_delay_s())

    async def stop(self) -> None:
        """Disconnect cleanly; unacknowledged deliveries will be redelivered to the session."""
        self._stopping.set()
        await asyncio.to_thread(self._client.disconnect)
        await asyncio.to_thread(self._client.loop_stop)
