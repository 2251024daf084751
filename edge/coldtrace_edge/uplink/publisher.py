"""Drain the outbox to the broker: packing, ordered publishing, batched deletion after PUBACK.

At most ``window`` messages are in flight (MQTT packet ids are 16-bit, so a client cannot have
more than 65,535 unacknowledged QoS 1 messages, MQTT 5 §2.2.1); messages are handed to the link in
``seq`` order, and after a restart every message still in the outbox is published again first.
"""

import asyncio
import contextlib
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from coldtrace_edge.errors import NoSubscribersError, UplinkError
from coldtrace_edge.uplink.mqtt_link import MqttLink
from coldtrace_edge.uplink.outbox import Outbox, OutboxMessage
from coldtrace_protocol.backoff import Backoff

logger = logging.getLogger(__name__)


@dataclass
class Publisher:
    """Owns the packer, the sender and the acknowledgement flusher of one outbox."""

    outbox: Outbox
    link: MqttLink
    topic_for_kind: Callable[[str], str]
    window: int = 1000
    linger_s: float = 0.05
    _acked: list[int] = field(default_factory=list)
    _rejected: list[tuple[int, str]] = field(default_factory=list)
    _retry: list[int] = field(default_factory=list)
    _retry_event: asyncio.Event = field(default_factory=asyncio.Event)
    _acked_event: asyncio.Event = field(default_factory=asyncio.Event)
    _in_flight: int = 0
    _idle: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        if not 0 < self.window < 65_536:
            raise ValueError("window must be between 1 and 65,535 (16-bit packet ids)")
        self._slots = asyncio.Semaphore(self.window)
        self._idle.set()

    async def run(self) -> None:
        """Pack, send and flush until cancelled; three named tasks."""
        async with asyncio.TaskGroup() as tasks:
            tasks.create_task(self._pack_forever(), name="outbox-packer")
            tasks.create_task(self._send_forever(), name="outbox-sender")
            tasks.create_task(self._flush_forever(), name="outbox-acks")
            tasks.create_task(self._retry_forever(), name="outbox-retry")

    async def _pack_forever(self) -> None:
        while True:
            await self.outbox.pending_event.wait()
            # Let a burst of appends gather so messages are full, not one reading each.
            await asyncio.sleep(self.linger_s)
            self.outbox.pending_event.clear()
            while await self.outbox.pack():
                pass

    async def _send_forever(self) -> None:
        last_seq = 0
        while True:
            self.outbox.messages_event.clear()
            batch = await self.outbox.unacked(after_seq=last_seq, limit=self.window)
            if not batch:
                await self.outbox.messages_event.wait()
                continue
            for message in batch:
                await self._send(message)
                last_seq = message.seq

    async def _send(self, message: OutboxMessage) -> None:
        """Hand one message to the link within the in-flight window."""
        await self._slots.acquire()
        self._in_flight += 1
        self._idle.clear()
        future = self.link.publish_start(
            self.topic_for_kind(message.kind), message.payload, needs_subscriber=True
        )
        future.add_done_callback(functools.partial(self._on_done, message.seq))

    async def _retry_forever(self) -> None:
        """Send again, after a growing pause, what reached the broker while nobody listened."""
        backoff = Backoff(0.5, 10.0)
        while True:
            await self._retry_event.wait()
            await asyncio.sleep(backoff.next_delay_s())
            self._retry_event.clear()
            seqs, self._retry = self._retry, []
            for message in await self.outbox.by_seqs(seqs):
                await self._send(message)
            if not self._retry:
                backoff.reset()

    def _on_done(self, seq: int, future: "asyncio.Future[None]") -> None:
        self._slots.release()
        self._in_flight -= 1
        if self._in_flight == 0:
            self._idle.set()
        if future.cancelled():
            return
        error = future.exception()
        if error is None:
            self._acked.append(seq)
            self._acked_event.set()
        elif isinstance(error, NoSubscribersError):
            self._retry.append(seq)
            self._retry_event.set()
        elif isinstance(error, UplinkError):
            logger.error("broker refused message seq %s for good: %s", seq, error)
            self._rejected.append((seq, str(error)))
            self._acked_event.set()

    async def _flush_forever(self) -> None:
        while True:
            await self._acked_event.wait()
            await asyncio.sleep(self.linger_s)
            await self.flush()

    async def flush(self) -> None:
        """Delete what has been acknowledged so far; move refused messages aside."""
        self._acked_event.clear()
        acked, self._acked = self._acked, []
        rejected, self._rejected = self._rejected, []
        await self.outbox.mark_acked(acked)
        for seq, reason in rejected:
            await self.outbox.mark_rejected(seq, reason)

    async def drain(self, timeout_s: float) -> bool:
        """On shutdown: pack what is pending, wait for in-flight PUBACKs, flush. True if idle."""
        while await self.outbox.pack():
            pass
        idle = True
        try:
            await asyncio.wait_for(self._idle.wait(), timeout_s)
        except TimeoutError:
            idle = False
            logger.warning(
                "%s messages still unacknowledged at shutdown; kept in the outbox", self._in_flight
            )
        with contextlib.suppress(asyncio.CancelledError):
            await self.flush()
        return idle
