"""The RFID producer: reader sessions -> reads -> smoothing -> passes (and alarms) -> outbox.

Reads arrive on the loop from ``ReaderClient``; the smoothing is synchronous and cheap. One task
("rfid-passes") closes timed-out tracks, releases aggregation groups and appends passes and
alarms to the outbox; a hold alarm wakes it at once, so the alarm is on disk (and in the log)
within moments of the pass closing, whatever the uplink's state.
"""

import asyncio
import contextlib
import logging
import time
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from coldtrace_edge.rfid.config import PortalFile, ReaderConfig
from coldtrace_edge.rfid.holds import HoldBook
from coldtrace_edge.rfid.passes import Aggregator, Draft, draft_of, to_portal_pass
from coldtrace_edge.rfid.reader_client import ReaderClient
from coldtrace_edge.rfid.reads import RawRead, ReaderClock, TagRead, from_us
from coldtrace_edge.rfid.smoothing import Smoother
from coldtrace_edge.rfid.track import Track
from coldtrace_edge.uplink.outbox import Outbox
from coldtrace_protocol.rfid import PassDirection, ReaderHealth

if TYPE_CHECKING:
    from coldtrace_protocol.holds import HoldAlarm

logger = logging.getLogger(__name__)


class RfidPortals:
    """Every portal of the gateway's portal file."""

    def __init__(self, portals: PortalFile, outbox: Outbox, holds: HoldBook) -> None:
        self.portals = portals
        self.outbox = outbox
        self.holds = holds
        self.smoother = Smoother(portals.smoothing)
        self.aggregator = Aggregator(portals.smoothing)
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
        self._closed(
            self.smoother.feed(self._placed(reader, raws, received_at, received_s, suspect)),
            received_s,
        )

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
        """Run every reader and the pass writer until cancelled."""
        async with asyncio.TaskGroup() as tasks:
            for reader in self.portals.readers:
                client = ReaderClient(reader, self.on_reads, self._health_due.set)
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
        """Close timed-out tracks and append what is ready; ``final``: everything closed."""
        self._closed(self.smoother.tick(now_s), now_s)
        if self.alarms:
            alarms, self.alarms = self.alarms, []
            await self.outbox.append("alarm", [a.model_dump_json() for a in alarms])
        open_tracks: dict[str, list[Track]] = defaultdict(list)
        if not final:
            for track in self.smoother.tracks.values():
                if track.strong:
                    open_tracks[track.portal].append(track)
        horizon_s = now_s + (self.portals.smoothing.dwell_s if final else 0.0)
        drafts = self.aggregator.release(horizon_s, open_tracks)
        if drafts:
            bodies = [to_portal_pass(d, self.portals).model_dump_json() for d in drafts]
            await self.outbox.append("rfid", bodies)
            self.passes_appended += len(bodies)
        return len(drafts)
