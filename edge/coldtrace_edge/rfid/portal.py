"""The RFID producer: reader sessions -> reads -> smoothing -> passes (and alarms) -> outbox.

Reads arrive on the loop from ``ReaderClient``; the smoothing is synchronous and cheap. One task
("rfid-passes") closes timed-out tracks, releases aggregation groups and writes a checkpoint:
the journal's changed tracks plus the passes and alarms for the outbox, in one transaction
(``journal``). A hold alarm wakes it at once, so the alarm is on disk (and in the log) within
moments of the pass closing, whatever the uplink's state. At start the journal is read back
first: passes under way when the gateway stopped carry on (``resume``).
"""

import asyncio
import contextlib
import logging
import time
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Final

from coldtrace_edge.rfid.config import PortalFile, ReaderConfig
from coldtrace_edge.rfid.holds import HoldBook
from coldtrace_edge.rfid.journal import TrackJournal
from coldtrace_edge.rfid.passes import Aggregator, Draft, draft_of, to_portal_pass
from coldtrace_edge.rfid.reader_client import ReaderClient
from coldtrace_edge.rfid.reads import RawRead, ReaderClock, TagRead, from_us
from coldtrace_edge.rfid.resume import HeldPortals
from coldtrace_edge.rfid.smoothing import Smoother
from coldtrace_edge.rfid.track import Track, gateway_namespace
from coldtrace_edge.uplink.outbox import Outbox, OutboxFullError
from coldtrace_protocol.rfid import PassDirection, ReaderHealth

if TYPE_CHECKING:
    from coldtrace_protocol.holds import HoldAlarm

logger = logging.getLogger(__name__)
# Journal-only checkpoints at most this often (passes and alarms are written at once, with the
# journal changes so far): the reads a crash can cost (edge/README.md, fsync policy).
CHECKPOINT_INTERVAL_S: Final = 0.1


class RfidPortals:
    """Every portal of the gateway's portal file."""

    def __init__(self, portals: PortalFile, outbox: Outbox, holds: HoldBook) -> None:
        self.portals = portals
        self.outbox = outbox
        self.holds = holds
        self.smoother = Smoother(portals.smoothing, gateway_namespace(outbox.gateway_id))
        self.aggregator = Aggregator(portals.smoothing)
        self.journal = TrackJournal(outbox)
        self.held = HeldPortals([], time.monotonic(), 0.0)
        self._closed_since: list[Draft] = []  # closed since the last checkpoint
        self._checkpoint_due_s = 0.0
        self.readers = {r.id: r for r in portals.readers}
        self.clocks = {
            r.id: ReaderClock(r.id, portals.smoothing.clock_tolerance_s) for r in portals.readers
        }
        self.clients: list[ReaderClient] = []
        self.alarms: list[HoldAlarm] = []
        self.passes_appended = 0
        self._wake = asyncio.Event()
        self._health_due = asyncio.Event()

    # --- reads (on the loop, synchronous) ------------------------------------------------------
    def on_reads(self, reader_id: str, raws: Sequence[RawRead]) -> None:
        """Place a report's reads on their portals and feed the smoothing."""
        reader = self.readers[reader_id]
        received_at = datetime.now(UTC)
        received_s = time.monotonic()
        newest = max((r.last_seen_us or r.first_seen_us or 0 for r in raws), default=0) or None
        suspect = self.clocks[reader_id].check(newest, received_at)
        reads = self._placed(reader, raws, received_at, received_s, suspect)
        if self.held:
            for portal in {read.portal for read in reads}:
                self._resume(portal, received_s)
        self._closed(self.smoother.feed(reads), received_s)

    @staticmethod
    def _placed(
        reader: ReaderConfig,
        raws: Sequence[RawRead],
        received_at: datetime,
        received_s: float,
        suspect: bool,
    ) -> list[TagRead]:
        reads: list[TagRead] = []
        for raw in raws:
            where = reader.zone_of(raw.antenna)
            if where is None:
                continue
            stamp = raw.last_seen_us or raw.first_seen_us
            reader_at = from_us(stamp) if stamp else None
            reads.append(
                TagRead(
                    epc=raw.epc,
                    reader_id=reader.id,
                    portal=where[0],
                    zone=where[1],
                    antenna=raw.antenna,
                    rssi_dbm=raw.rssi_dbm,
                    seen_count=raw.seen_count,
                    seen_at=received_at if suspect or reader_at is None else reader_at,
                    reader_at=reader_at,
                    received_at=received_at,
                    received_s=received_s,
                    clock_suspect=suspect,
                )
            )
        return reads

    def _closed(self, tracks: list[Track], now_s: float) -> None:
        for track in tracks:
            draft = draft_of(track, now_s)
            self._check_hold(draft)
            self.aggregator.add(draft)
            self._closed_since.append(draft)

    # --- restart: the journal read back --------------------------------------------------------
    async def restore(self) -> None:
        """Read the journal back; its portals wait until they are heard again (``resume``)."""
        saved = await self.journal.load()
        self.held = HeldPortals(saved, time.monotonic(), self.portals.smoothing.dwell_s)
        if self.held:
            tracks, drafts = self.held.counts()
            logger.info(
                "rfid journal: %s open tracks and %s closed passes carried over from the last run",
                tracks,
                drafts,
            )

    def _resume(self, portal: str, now_s: float) -> None:
        """The portal is heard again: its held tracks and passes carry on from ``now_s``."""
        held = self.held.release(portal, now_s)
        self.smoother.adopt(held.tracks)
        for draft in held.drafts:
            self.aggregator.add(draft)

    def _reader_changed(self, reader: ReaderConfig) -> None:
        """A reader connected or dropped: report health; once inventorying, its portals are
        listened to again."""
        self._health_due.set()
        client = next((c for c in self.clients if c.config.id == reader.id), None)
        if self.held and client is not None and client.status.connected:
            for antenna in reader.antennas:
                self._resume(antenna.portal, time.monotonic())

    def _check_hold(self, draft: Draft) -> None:
        if (
            draft.direction is not PassDirection.OUTBOUND
            or self.holds.held(draft.identity.pure_uri) is None
        ):
            return
        alarm = self.holds.alarm_for(to_portal_pass(draft, self.portals))
        if alarm is not None:
            logger.error(
                "HOLD ALARM: held %s (%s, lot %s) moved outbound through %s",
                alarm.pure_uri,
                alarm.reason,
                alarm.lot_number,
                alarm.portal_id,
                extra={"portal": alarm.portal_id, "epc": alarm.epc},
            )
            self.alarms.append(alarm)
            self._wake.set()

    # --- the passes task -----------------------------------------------------------------------
    async def run(self) -> None:
        """Read the journal back, then run every reader and the pass writer until cancelled."""
        await self.restore()
        async with asyncio.TaskGroup() as tasks:
            for reader in self.portals.readers:
                client = ReaderClient(reader, self.on_reads, partial(self._reader_changed, reader))
                self.clients.append(client)
                tasks.create_task(client.run(), name=f"reader-{reader.id}")
            tasks.create_task(self._write_passes(), name="rfid-passes")
            tasks.create_task(self._report_health(), name="rfid-health")

    def health(self) -> list[ReaderHealth]:
        """Every reader's state now (portal health for the cloud)."""
        now = datetime.now(UTC)
        return [
            ReaderHealth(
                reader_id=client.config.id,
                portal_ids=sorted({a.portal for a in client.config.antennas}),
                connected=client.status.connected,
                sessions=client.status.sessions,
                last_report_at=client.status.last_report_at,
                last_error=client.status.last_error,
                clock_suspect=self.clocks[client.config.id].suspect,
                reported_at=now,
            )
            for client in self.clients
        ]

    async def _report_health(self) -> None:
        """Reader health through the outbox (kind ``portal-status``): at once when a reader
        connects or drops, otherwise every ``health_interval_s``."""
        while True:
            await self.outbox.append("portal-status", [h.model_dump_json() for h in self.health()])
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._health_due.wait(), self.portals.health_interval_s)
            self._health_due.clear()

    async def _write_passes(self) -> None:
        tick_s = min(0.1, self.portals.smoothing.departure_timeout_s / 4)
        try:
            while True:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), tick_s)
                self._wake.clear()
                await self.flush(time.monotonic())
        finally:
            await asyncio.shield(self.flush(time.monotonic(), final=True))

    async def flush(self, now_s: float, *, final: bool = False) -> int:
        """Close timed-out tracks and write a checkpoint with what is ready; ``final``: every
        closed pass goes (open tracks stay in the journal). Returns how many passes went."""
        for portal in self.held.due(now_s):
            self._resume(portal, now_s)
        self._closed(self.smoother.tick(now_s), now_s)
        open_tracks: dict[str, list[Track]] = defaultdict(list)
        if not final:
            for track in self.smoother.tracks.values():
                if track.strong:
                    open_tracks[track.portal].append(track)
        horizon_s = now_s + (self.portals.smoothing.dwell_s if final else 0.0)
        drafts = self.aggregator.release(horizon_s, open_tracks)
        if not (drafts or self.alarms or final) and now_s < self._checkpoint_due_s:
            return 0  # only journal changes, and the last checkpoint is recent: they can wait
        self._checkpoint_due_s = now_s + CHECKPOINT_INTERVAL_S
        changes = self.smoother.take_changes()
        closed, self._closed_since = self._closed_since, []
        alarms, self.alarms = self.alarms, []
        bodies = [to_portal_pass(d, self.portals).model_dump_json() for d in drafts]
        released = [d.event_id for d in drafts]
        checkpoint = self.journal.checkpoint(changes.changed, closed, [*changes.ended, *released])
        if not checkpoint and not bodies and not alarms:
            return 0
        batches = [("alarm", [a.model_dump_json() for a in alarms]), ("rfid", bodies)]
        try:
            # Shielded: a stop (cancellation) must not leave a checkpoint half done in memory.
            await asyncio.shield(self.journal.commit(checkpoint, batches))
        except OutboxFullError as exc:
            full = exc
        else:
            self.passes_appended += len(bodies)
            return len(drafts)
        # Nothing was written: the passes wait (journalled as closed) and go at a later tick.
        logger.error("rfid: %s; %s passes wait in the journal", full, len(drafts))
        self.alarms = alarms + self.alarms
        self.aggregator.put_back(drafts)
        keep = self.journal.checkpoint(changes.changed, [*closed, *drafts], changes.ended)
        await asyncio.shield(self.journal.commit(keep))
        return 0
