"""The per (portal, tag) state machine: many raw reads in, at most one pass per physical pass out.

States of a key, driven by reads and by ``tick`` (gateway monotonic seconds)::

    (none) --weak read--> PRESENT --strong read--> PASSING --no strong read for
                                                             departure_timeout_s--> closed
    PRESENT --no read for departure_timeout_s--> (none)      (no pass: a parked or far tag)
    PASSING --dwell_s in one zone--> PRESENT                 (parked by the door, no pass)
    PASSING --dwell_s, both zones--> closed                  (a slow pass, closed anyway)

A read is strong at ``min_pass_rssi_dbm`` or above. A closed track with both zones becomes a pass
with a direction. One with one strong zone only is a pass of unknown direction if it was loud
(``single_zone_margin_db`` above the threshold: close to the antenna) and short; otherwise the tag
was only near the portal (parked, or passing by outside) and there is no pass.

The smoother also notes which open tracks changed and which ended without a pass since the last
``take_changes``: the RFID journal writes exactly those at its next checkpoint.
"""

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from coldtrace_edge.rfid.config import SmoothingConfig
from coldtrace_edge.rfid.reads import TagRead
from coldtrace_edge.rfid.track import PASS_NAMESPACE, Track

logger = logging.getLogger(__name__)


@dataclass
class SmoothingStats:
    """Counters for logs and the benchmark."""

    reads: int = 0
    passes: int = 0
    presences: int = 0


@dataclass
class TrackChanges:
    """Open tracks changed, and track ids ended without a pass, since the previous call."""

    changed: list[Track]
    ended: set[uuid.UUID]


@dataclass
class Smoother:
    """All open tracks of one gateway, keyed by (portal, EPC)."""

    config: SmoothingConfig
    namespace: uuid.UUID = PASS_NAMESPACE
    tracks: dict[tuple[str, str], Track] = field(default_factory=dict)
    stats: SmoothingStats = field(default_factory=SmoothingStats)
    # Keyed by id(track), not track.id: hashing a UUID per read would cost more than the rest of
    # this bookkeeping (a track in here is alive, so its id() is not reused meanwhile).
    _changed: dict[int, Track] = field(default_factory=dict)
    _ended: set[uuid.UUID] = field(default_factory=set)

    def feed(self, reads: Iterable[TagRead]) -> list[Track]:
        """Fold reads in; returns tracks that a read showed to be over (closed as passes)."""
        closed: list[Track] = []
        timeout_s = self.config.departure_timeout_s
        threshold = self.config.min_pass_rssi_dbm
        for read in reads:
            self.stats.reads += 1
            key = (read.portal, read.epc)
            strong = read.rssi_dbm >= threshold
            track = self.tracks.get(key)
            if track is not None:
                if track.last_strong_s is not None:
                    if read.received_s - track.last_strong_s > timeout_s:
                        closed.extend(self._close(key, track))
                        track = None
                elif read.received_s - track.last_read_s > timeout_s or (
                    strong and read.received_s - track.first_s > self.config.dwell_s
                ):
                    self._end(track)  # presence over, or a parked tag starting to move
                    track = None
            if track is None:
                track = Track.start(read, self.namespace)
                self.tracks[key] = track
            track.add(read, strong=strong)
            self._changed[id(track)] = track
        return closed

    def tick(self, now_s: float) -> list[Track]:
        """Close what timed out by ``now_s``; returns the tracks that are passes."""
        closed: list[Track] = []
        timeout_s = self.config.departure_timeout_s
        for key, track in list(self.tracks.items()):
            if track.last_strong_s is None:
                if now_s - track.last_read_s > timeout_s:
                    del self.tracks[key]
                    self._end(track)
                continue
            if now_s - track.last_strong_s > timeout_s:
                closed.extend(self._close(key, track))
            elif now_s - track.first_s >= self.config.dwell_s:
                if len(track.strong_zones(self.config.min_pass_rssi_dbm)) >= 2:
                    closed.extend(self._close(key, track))
                else:
                    self._park(track)
        return closed

    def adopt(self, tracks: Iterable[Track]) -> None:
        """Take over open tracks rebuilt from the journal (after a restart)."""
        for track in tracks:
            self.tracks[(track.portal, track.epc)] = track
            self._changed[id(track)] = track

    def take_changes(self) -> TrackChanges:
        """What changed since the last call (open tracks only; closed ones were returned)."""
        changes = TrackChanges(list(self._changed.values()), self._ended)
        self._changed, self._ended = {}, set()
        return changes

    def open_strong(self, portal: str) -> list[Track]:
        """Tracks at ``portal`` that may still become passes (for aggregation)."""
        return [t for t in self.tracks.values() if t.portal == portal and t.strong]

    def _park(self, track: Track) -> None:
        """One zone for dwell_s: the tag sits by the door; from now on it is only present."""
        logger.debug("tag %s present near portal %s", track.epc, track.portal)
        self.stats.presences += 1
        track.last_strong_s = None
        self._changed[id(track)] = track

    def _end(self, track: Track) -> None:
        """The track is over without a pass."""
        self._changed.pop(id(track), None)
        self._ended.add(track.id)

    def _close(self, key: tuple[str, str], track: Track) -> list[Track]:
        del self.tracks[key]
        strong_zones = track.strong_zones(self.config.min_pass_rssi_dbm)
        if not strong_zones:
            self._end(track)
            return []
        if len(strong_zones) == 1:
            peak = track.zones[strong_zones[0]].peak_rssi_dbm
            loud = peak >= self.config.min_pass_rssi_dbm + self.config.single_zone_margin_db
            if not loud or track.duration_s() >= self.config.dwell_s:
                self.stats.presences += 1
                self._end(track)
                return []
        self.stats.passes += 1
        self._changed.pop(id(track), None)
        return [track]
