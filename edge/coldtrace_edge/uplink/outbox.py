"""The edge outbox: accepted items wait on disk until the broker has acknowledged them.

Items (readings, portal passes) are appended in batches to ``pending_items``; the packer turns them
into messages of at most N items, each with the gateway's next ``seq`` (kept in the database, so it
never repeats after a restart) and fixed bytes (a re-publish after a crash is byte-identical, which
is what lets the cloud de-duplicate on ``(gateway_id, seq)``). A message row is deleted only after
its PUBACK. All SQLite work runs on one dedicated thread, so the event loop never blocks on disk.
"""

import asyncio
import logging
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final, ParamSpec, TypeVar
from uuid import UUID, uuid4

from coldtrace_edge.errors import EdgeError
from coldtrace_edge.uplink import outbox_schema
from coldtrace_protocol.envelope import UplinkEnvelope

logger = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")

# The JSON member that holds a message's items, per topic kind.
ITEMS_MEMBER: Final = {
    "telemetry": "readings",
    "rfid": "passes",
    "alarm": "alarms",
    "portal-status": "readers",
}


class OutboxFullError(EdgeError):
    """The disk budget is reached: the outbox refuses new items rather than drop old ones."""

    def __init__(self, used_bytes: int, budget_bytes: int) -> None:
        super().__init__(f"outbox full: {used_bytes} of {budget_bytes} bytes used")
        self.used_bytes = used_bytes
        self.budget_bytes = budget_bytes


@dataclass(frozen=True)
class OutboxMessage:
    """A packed message waiting for its PUBACK."""

    seq: int
    kind: str
    item_count: int
    payload: bytes


@dataclass(frozen=True)
class OutboxStats:
    """What the outbox holds right now."""

    pending_items: int
    messages: int
    rejected: int
    used_bytes: int
    budget_bytes: int

    @property
    def used_ratio(self) -> float:
        """Share of the disk budget in use."""
        return self.used_bytes / self.budget_bytes


class Outbox:
    """Durable queue of one gateway's uplink messages."""

    def __init__(
        self,
        path: Path,
        *,
        gateway_id: str,
        max_items_per_message: int = 100,
        budget_bytes: int = 1 << 30,
        alarm_ratio: float = 0.8,
    ) -> None:
        self.gateway_id = gateway_id
        self.max_items_per_message = max_items_per_message
        self.budget_bytes = budget_bytes
        self.alarm_ratio = alarm_ratio
        self.pending_event = asyncio.Event()
        self.messages_event = asyncio.Event()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox")
        self._conn = outbox_schema.open_database(path)
        self._used_bytes = outbox_schema.database_bytes(self._conn)
        self._alarmed = False
        # Items left pending by a previous run (or a dump imported while the agent was stopped)
        # are packed at start, not only at the next append.
        if self._conn.execute("SELECT EXISTS (SELECT 1 FROM pending_items)").fetchone()[0]:
            self.pending_event.set()

    async def _run(self, func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: func(*args, **kwargs))

    async def close(self) -> None:
        """Finish pending disk work and close the database."""
        await self._run(self._conn.close)
        self._executor.shutdown(wait=True)

    # --- appending ------------------------------------------------------------------------------
    async def append(self, kind: str, bodies: Sequence[str]) -> None:
        """Store item JSON bodies durably (one fsynced transaction) or raise OutboxFullError."""
        if kind not in ITEMS_MEMBER:
            raise ValueError(f"unknown outbox kind {kind!r}")
        if bodies:
            await self.transact(lambda _conn: None, [(kind, bodies)])

    async def transact(
        self,
        work: Callable[[sqlite3.Connection], T],
        batches: Sequence[tuple[str, Sequence[str]]] = (),
    ) -> T:
        """Run ``work`` and append ``batches`` (kind, bodies) in ONE fsynced transaction, for state
        that must change with the appends (the RFID journal forgets a track as its pass is
        appended). Items to append over the disk budget: OutboxFullError, nothing done."""
        if unknown := [kind for kind, _ in batches if kind not in ITEMS_MEMBER]:
            raise ValueError(f"unknown outbox kind {unknown[0]!r}")
        items = [(kind, list(bodies)) for kind, bodies in batches if bodies]
        if items and self._used_bytes >= self.budget_bytes:
            self._used_bytes = await self._run(outbox_schema.database_bytes, self._conn)
            if self._used_bytes >= self.budget_bytes:
                raise OutboxFullError(self._used_bytes, self.budget_bytes)
        result = await self._run(self._transact_sync, work, items)
        if items:
            self._check_budget()
            self.pending_event.set()
        return result

    def _transact_sync(
        self, work: Callable[[sqlite3.Connection], T], items: list[tuple[str, list[str]]]
    ) -> T:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = work(conn)
            rows = ((kind, body) for kind, bodies in items for body in bodies)
            conn.executemany("INSERT INTO pending_items (kind, body) VALUES (?, ?)", rows)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        self._used_bytes += sum(len(b) + 16 for _, bodies in items for b in bodies)
        return result

    def _check_budget(self) -> None:
        ratio = self._used_bytes / self.budget_bytes
        if ratio >= self.alarm_ratio and not self._alarmed:
            logger.error(
                "outbox at %.0f%% of its disk budget (%s bytes): the uplink is not draining",
                ratio * 100,
                self.budget_bytes,
                extra={"gateway": self.gateway_id},
            )
            self._alarmed = True
        elif ratio < self.alarm_ratio * 0.9:
            self._alarmed = False

    # --- packing --------------------------------------------------------------------------------
    async def pack(self, limit_items: int = 20_000) -> int:
        """Turn pending items into messages (in order); returns how many messages were made."""
        made = await self._run(self._pack_sync, limit_items)
        if made:
            self.messages_event.set()
        return made

    def _pack_sync(self, limit_items: int) -> int:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        rows = conn.execute(
            "SELECT id, kind, body FROM pending_items ORDER BY id LIMIT ?", (limit_items,)
        ).fetchall()
        if not rows:
            conn.execute("COMMIT")
            return 0
        next_seq = conn.execute("SELECT value FROM meta WHERE key = 'next_seq'").fetchone()[0]
        messages = list(self._chunks(rows))
        now = datetime.now(UTC)
        for offset, (kind, bodies) in enumerate(messages):
            seq = next_seq + offset
            message_id = uuid4()
            payload = self._render(seq, message_id, now, kind, bodies)
            conn.execute(
                "INSERT INTO messages (seq, kind, message_id, item_count, payload, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (seq, kind, str(message_id), len(bodies), payload, now.isoformat()),
            )
        conn.execute("DELETE FROM pending_items WHERE id <= ?", (rows[-1][0],))
        conn.execute(
            "UPDATE meta SET value = ? WHERE key = 'next_seq'", (next_seq + len(messages),)
        )
        conn.execute("COMMIT")
        return len(messages)

    def _chunks(self, rows: Iterable[tuple[int, str, str]]) -> Iterable[tuple[str, list[str]]]:
        """Consecutive items of one kind, at most ``max_items_per_message`` per message."""
        kind: str | None = None
        bodies: list[str] = []
        for _, row_kind, body in rows:
            if bodies and (row_kind != kind or len(bodies) >= self.max_items_per_message):
                assert kind is not None  # noqa: S101  # set with the first body
                yield kind, bodies
                bodies = []
            kind = row_kind
            bodies.append(body)
        if bodies and kind is not None:
            yield kind, bodies

    def _render(
        self, seq: int, message_id: UUID, now: datetime, kind: str, bodies: list[str]
    ) -> bytes:
        """The message bytes: the validated envelope plus the already-validated item bodies."""
        envelope = UplinkEnvelope(
            gateway_id=self.gateway_id,
            seq=seq,
            message_id=message_id,
            sent_at=now,
        ).model_dump_json()
        items = ",".join(bodies)
        return f'{envelope[:-1]},"kind":"{kind}","{ITEMS_MEMBER[kind]}":[{items}]}}'.encode()

    # --- draining -------------------------------------------------------------------------------
    async def unacked(self, after_seq: int, limit: int) -> list[OutboxMessage]:
        """Messages still waiting for a PUBACK, in seq order, after ``after_seq``."""
        rows = await self._run(
            lambda: self._conn.execute(
                "SELECT seq, kind, item_count, payload FROM messages WHERE seq > ? "
                "ORDER BY seq LIMIT ?",
                (after_seq, limit),
            ).fetchall()
        )
        return [
            OutboxMessage(seq, kind, count, bytes(payload)) for seq, kind, count, payload in rows
        ]

    async def by_seqs(self, seqs: Sequence[int]) -> list[OutboxMessage]:
        """The messages with these seqs that are still waiting, in seq order."""
        wanted = sorted(set(seqs))

        def read() -> list[tuple[int, str, int, bytes]]:
            return [
                row
                for seq in wanted
                for row in self._conn.execute(
                    "SELECT seq, kind, item_count, payload FROM messages WHERE seq = ?", (seq,)
                ).fetchall()
            ]

        rows = await self._run(read)
        return [
            OutboxMessage(seq, kind, count, bytes(payload)) for seq, kind, count, payload in rows
        ]

    async def mark_acked(self, seqs: Sequence[int]) -> None:
        """Delete acknowledged messages (one transaction for the whole batch)."""
        if seqs:
            await self._run(self._delete_sync, list(seqs))

    def _delete_sync(self, seqs: list[int]) -> None:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("DELETE FROM messages WHERE seq = ?", ((s,) for s in seqs))
        conn.execute("COMMIT")

    async def mark_rejected(self, seq: int, reason: str) -> None:
        """Move a message the broker refused for good aside, with the reason."""

        def move() -> None:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT OR REPLACE INTO rejected_messages (seq, kind, payload, reason, rejected_at)"
                " SELECT seq, kind, payload, ?, ? FROM messages WHERE seq = ?",
                (reason, datetime.now(UTC).isoformat(), seq),
            )
            conn.execute("DELETE FROM messages WHERE seq = ?", (seq,))
            conn.execute("COMMIT")

        await self._run(move)

    async def stats(self) -> OutboxStats:
        """Counts and disk use."""

        def read() -> OutboxStats:
            conn = self._conn
            pending = conn.execute("SELECT count(*) FROM pending_items").fetchone()[0]
            messages = conn.execute("SELECT count(*) FROM messages").fetchone()[0]
            rejected = conn.execute("SELECT count(*) FROM rejected_messages").fetchone()[0]
            used = outbox_schema.database_bytes(conn)
            return OutboxStats(pending, messages, rejected, used, self.budget_bytes)

        return await self._run(read)
