"""Readings from every endpoint into the outbox, many per transaction (group commit).

Endpoint pollers hand over whole rounds; the writer appends everything that has queued up while
the previous append was on disk in one outbox transaction, so the number of fsyncs follows the
disk's pace, not the number of probes. The queue is bounded: if the outbox refuses (its disk
budget is reached) the writer holds its batch and retries with backoff, the queue fills and the
pollers wait, rather than readings being dropped in memory.
"""

import asyncio
import logging
from collections.abc import Sequence

from coldtrace_edge.uplink.outbox import Outbox, OutboxFullError
from coldtrace_protocol.backoff import Backoff
from coldtrace_protocol.telemetry import Reading

logger = logging.getLogger(__name__)


class ReadingSink:
    """Bounded hand-over from the pollers to one writer task that owns the outbox appends."""

    def __init__(
        self,
        outbox: Outbox,
        *,
        max_rounds: int = 256,
        retry_min_s: float = 1.0,
        retry_max_s: float = 30.0,
    ) -> None:
        self.outbox = outbox
        self._queue: asyncio.Queue[list[Reading]] = asyncio.Queue(maxsize=max_rounds)
        self._backoff = Backoff(retry_min_s, retry_max_s)
        self._holding: list[Reading] = []
        self._append_task: asyncio.Task[None] | None = None
        self.appended = 0

    async def put(self, readings: Sequence[Reading]) -> None:
        """Queue one round's readings (waits while the queue is full)."""
        await self._queue.put(list(readings))

    async def run(self) -> None:
        """Append batches until cancelled; on cancellation, append what is already queued."""
        try:
            while True:
                self._holding = await self._queue.get()
                self._take_queued()
                await self._append_until_accepted()
        except asyncio.CancelledError:
            await self._shutdown_append()
            raise

    def _take_queued(self) -> None:
        while not self._queue.empty():
            self._holding.extend(self._queue.get_nowait())

    async def _append_until_accepted(self) -> None:
        bodies = [reading.model_dump_json(exclude_none=True) for reading in self._holding]
        while True:
            # Shielded: a cancellation must not leave us unsure whether the batch was committed.
            self._append_task = asyncio.get_running_loop().create_task(
                self.outbox.append("telemetry", bodies), name="probe-readings-append"
            )
            try:
                await asyncio.shield(self._append_task)
            except OutboxFullError as exc:
                full = exc
            else:
                break
            delay_s = self._backoff.next_delay_s()
            logger.error(
                "outbox full (%s of %s bytes): holding %s readings, retry in %.1f s",
                full.used_bytes,
                full.budget_bytes,
                len(bodies),
                delay_s,
            )
            await asyncio.sleep(delay_s)
        self._accepted(len(bodies))
        self._backoff.reset()

    def _accepted(self, count: int) -> None:
        self.appended += count
        self._holding = []
        self._append_task = None

    async def _shutdown_append(self) -> None:
        """Cancelled: finish the append in progress, then one attempt for the rest in hand."""
        in_progress, self._append_task = self._append_task, None
        if in_progress is not None:
            try:
                await in_progress
            except OutboxFullError:
                pass  # not stored: retried below with the rest
            else:
                self._accepted(len(self._holding))
        self._take_queued()
        if not self._holding:
            return
        bodies = [reading.model_dump_json(exclude_none=True) for reading in self._holding]
        try:
            await self.outbox.append("telemetry", bodies)
        except OutboxFullError:
            logger.exception("shutdown: outbox full, %s readings not stored", len(bodies))
        else:
            self._accepted(len(bodies))
