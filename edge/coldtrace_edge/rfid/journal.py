"""The RFID journal: every open track, and every closed pass not yet in the outbox, on disk.

Without it a pass under way (or closed, waiting for its aggregation group) lives only in memory
and a SIGKILL or a power cut loses its reads. The journal is a table of the outbox's own SQLite
database (WAL, ``synchronous=FULL``), one row per track, so that one transaction can append a
pass to the outbox *and* forget its track: after a crash there is the pass or the track, never
both and never neither.

A checkpoint (``RfidPortals.flush``, every pass-writer tick) writes in one fsynced transaction the
tracks changed since the previous one, the passes closed since, deletes the tracks that ended
without a pass and the passes released, and appends the released passes and hold alarms to the
outbox. What a crash can cost is the reads since the last checkpoint (edge/README.md).
"""

import asyncio
import logging
import sqlite3
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from coldtrace_edge.rfid.passes import Draft
from coldtrace_edge.rfid.track import Track
from coldtrace_edge.rfid.track_codec import decode_track, encode_track
from coldtrace_edge.uplink.outbox import Outbox

logger = logging.getLogger(__name__)

# closed_at: wall-clock seconds when the pass closed; NULL while the track is open.
_DDL: Final = """CREATE TABLE IF NOT EXISTS rfid_tracks (
    id TEXT PRIMARY KEY,
    portal TEXT NOT NULL,
    epc TEXT NOT NULL,
    closed_at REAL,
    body TEXT NOT NULL
)"""
_UPSERT: Final = (
    "INSERT OR REPLACE INTO rfid_tracks (id, portal, epc, closed_at, body) VALUES (?, ?, ?, ?, ?)"
)
_FORGET: Final = "DELETE FROM rfid_tracks WHERE id = ?"


@dataclass(frozen=True)
class SavedTrack:
    """A journalled track; ``closed_s`` (this process's monotonic clock) if it is a closed pass."""

    track: Track
    closed_s: float | None


@dataclass
class Checkpoint:
    """The journal rows one checkpoint writes (already serialised: the loop keeps changing the
    live tracks while the outbox thread writes)."""

    rows: list[tuple[str, str, str, float | None, str]] = field(default_factory=list)
    forget: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.rows or self.forget)

    def write(self, conn: sqlite3.Connection) -> None:
        """Apply the checkpoint (inside the outbox's transaction)."""
        conn.executemany(_UPSERT, self.rows)
        conn.executemany(_FORGET, ((track_id,) for track_id in self.forget))


class TrackJournal:
    """The journal of one gateway, in its outbox's database."""

    def __init__(self, outbox: Outbox, offset_s: float | None = None) -> None:
        self.outbox = outbox
        # Wall clock minus monotonic clock: how this process writes and reads monotonic times.
        self.offset_s = time.time() - time.monotonic() if offset_s is None else offset_s
        # Checkpoints are written in the order they were taken, even when one outlives a
        # cancelled flush (a later snapshot of a track must never be overwritten by an older one).
        self._order = asyncio.Lock()
        self._table_ready = False

    async def load(self) -> list[SavedTrack]:
        """Every journalled track (creating the table on first use), oldest reads first."""

        def read(conn: sqlite3.Connection) -> list[tuple[str, float | None, str]]:
            conn.execute(_DDL)
            return conn.execute("SELECT id, closed_at, body FROM rfid_tracks").fetchall()

        rows = await self.outbox.transact(read)
        self._table_ready = True
        saved: list[SavedTrack] = []
        for track_id, closed_at, body in rows:
            track = self._decode(track_id, body)
            if track is None:
                continue
            closed_s = closed_at - self.offset_s if closed_at is not None else None
            saved.append(SavedTrack(track, closed_s))
        saved.sort(key=lambda s: s.track.first_s)
        return saved

    def _decode(self, track_id: str, body: str) -> Track | None:
        try:
            return decode_track(body, self.offset_s)
        except (ValueError, KeyError, TypeError) as exc:
            problem = exc
        # Left in the table for a person to look at; never silently deleted.
        logger.error("rfid journal: track %s unreadable, left as it is: %s", track_id, problem)
        return None

    def checkpoint(
        self, changed: Iterable[Track], closed: Iterable[Draft], forget: Iterable[uuid.UUID]
    ) -> Checkpoint:
        """Rows for the changed open tracks and the closed passes, minus those to forget."""
        gone = {str(track_id) for track_id in forget}
        point = Checkpoint(forget=sorted(gone))
        offset_s = self.offset_s
        for track in changed:
            if str(track.id) not in gone:
                body = encode_track(track, offset_s)
                point.rows.append((str(track.id), track.portal, track.epc, None, body))
        for draft in closed:
            track = draft.track
            if str(track.id) not in gone:
                body = encode_track(track, offset_s)
                closed_at = draft.closed_s + offset_s
                point.rows.append((str(track.id), track.portal, track.epc, closed_at, body))
        return point

    async def commit(
        self, checkpoint: Checkpoint, batches: Sequence[tuple[str, Sequence[str]]] = ()
    ) -> None:
        """Write the checkpoint and append ``batches`` to the outbox, in one transaction."""
        async with self._order:
            if not self._table_ready:
                await self.outbox.transact(lambda conn: conn.execute(_DDL))
                self._table_ready = True
            await self.outbox.transact(checkpoint.write, batches)
