"""The reads of one tag at one portal, summarised as they arrive (no per-read history kept).

Direction comes from where the reads' energy sits in time on each side of the door: the
power-weighted mean time of the outside reads versus that of the inside reads (reads in mW, so a
strong read near an antenna outweighs a faint reflection on the far one).

A track's id is the event id of the pass it may become. It derives from the gateway, portal, EPC
and the receipt time of the track's first read, so it is the same whenever the track is rebuilt
(from the journal after a restart): a pass sent twice is recognised by the cloud as one.
"""

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Final

from coldtrace_edge.rfid.reads import TagRead
from coldtrace_protocol.rfid import MAX_ZONE_SEQUENCE, PassDirection, Zone, ZoneReads

# Namespace of pass event ids (UUIDv5, RFC 9562 §5.5); a gateway's own namespace derives from it.
PASS_NAMESPACE: Final = uuid.UUID("6f1d3a52-2c55-4f0e-9b7a-cd0e1f6a7c31")


def gateway_namespace(gateway_id: str) -> uuid.UUID:
    """The namespace of one gateway's pass ids (two gateways never mint the same id)."""
    return uuid.uuid5(PASS_NAMESPACE, gateway_id)


def pass_id(namespace: uuid.UUID, read: TagRead) -> uuid.UUID:
    """The event id of the pass that ``read`` starts."""
    return uuid.uuid5(namespace, f"{read.portal}/{read.epc}/{read.received_at.isoformat()}")


@dataclass
class ZoneStats:
    """One side's reads so far."""

    antennas: set[int] = field(default_factory=set)
    read_count: int = 0
    peak_rssi_dbm: float = -128.0
    first_seen_at: datetime | None = None
    last_seen_at: datetime | None = None
    power_mw: float = 0.0
    power_time_s: float = 0.0  # sum of power x (seen_at - track start) for the centroid

    def summary(self, zone: Zone) -> ZoneReads:
        """The wire summary of this side."""
        assert self.first_seen_at is not None  # noqa: S101 - only summarised after a read
        assert self.last_seen_at is not None  # noqa: S101
        return ZoneReads(
            zone=zone,
            antennas=sorted(self.antennas),
            read_count=self.read_count,
            peak_rssi_dbm=round(self.peak_rssi_dbm, 2),
            first_seen_at=self.first_seen_at,
            last_seen_at=self.last_seen_at,
        )


@dataclass
class Track:
    """A tag's reads at one portal from its first read until the pass (or presence) ends."""

    id: uuid.UUID
    epc: str
    portal: str
    reader_id: str
    first: TagRead
    last: TagRead
    first_s: float
    last_read_s: float
    last_strong_s: float | None = None
    zones: dict[Zone, ZoneStats] = field(default_factory=dict)
    sequence: list[Zone] = field(default_factory=list)
    clock_suspect: bool = False

    @classmethod
    def start(cls, read: TagRead, namespace: uuid.UUID = PASS_NAMESPACE) -> "Track":
        """A track holding nothing but its first read's identity (add the read next)."""
        track_id = pass_id(namespace, read)
        return cls(
            track_id, read.epc, read.portal, read.reader_id, read, read, read.received_s, 0.0
        )

    @property
    def strong(self) -> bool:
        """True once a read was strong enough to be part of a pass."""
        return self.last_strong_s is not None

    def add(self, read: TagRead, *, strong: bool) -> None:
        """Fold one read in."""
        if read.seen_at < self.first.seen_at:
            self.first = read
        if read.seen_at >= self.last.seen_at:
            self.last = read
        self.last_read_s = max(self.last_read_s, read.received_s)
        if strong:
            self.last_strong_s = read.received_s
        self.clock_suspect = self.clock_suspect or read.clock_suspect
        stats = self.zones.setdefault(read.zone, ZoneStats())
        stats.antennas.add(read.antenna)
        stats.read_count += read.seen_count
        stats.peak_rssi_dbm = max(stats.peak_rssi_dbm, read.rssi_dbm)
        if stats.first_seen_at is None or read.seen_at < stats.first_seen_at:
            stats.first_seen_at = read.seen_at
        if stats.last_seen_at is None or read.seen_at > stats.last_seen_at:
            stats.last_seen_at = read.seen_at
        power = 10 ** (read.rssi_dbm / 10) * read.seen_count
        stats.power_mw += power
        stats.power_time_s += power * (read.received_s - self.first_s)
        if (not self.sequence or self.sequence[-1] != read.zone) and len(
            self.sequence
        ) < MAX_ZONE_SEQUENCE:
            self.sequence.append(read.zone)

    def shift(self, delta_s: float) -> None:
        """Move the track's gateway-monotonic times by ``delta_s`` (time the gateway was blind).

        Zone energy times are relative to ``first_s`` and move with it.
        """
        self.first_s += delta_s
        self.last_read_s += delta_s
        if self.last_strong_s is not None:
            self.last_strong_s += delta_s
        self.first = replace(self.first, received_s=self.first.received_s + delta_s)
        self.last = replace(self.last, received_s=self.last.received_s + delta_s)

    def strong_zones(self, min_rssi_dbm: float) -> list[Zone]:
        """Sides whose peak read is at least ``min_rssi_dbm``."""
        return [z for z, s in self.zones.items() if s.peak_rssi_dbm >= min_rssi_dbm]

    def duration_s(self) -> float:
        """Gateway seconds from the first to the last read."""
        return self.last_read_s - self.first_s

    def direction(self) -> tuple[PassDirection, float]:
        """Inbound if the inside reads' energy comes after the outside reads', with confidence."""
        outside, inside = self.zones.get(Zone.OUTSIDE), self.zones.get(Zone.INSIDE)
        if outside is None or inside is None or not outside.power_mw or not inside.power_mw:
            return PassDirection.UNKNOWN, 0.0
        delta_s = inside.power_time_s / inside.power_mw - outside.power_time_s / outside.power_mw
        span_s = self.duration_s()
        if span_s <= 0 or delta_s == 0:
            return PassDirection.UNKNOWN, 0.0
        confidence = round(min(1.0, 3 * abs(delta_s) / span_s), 3)
        if confidence == 0.0:
            return PassDirection.UNKNOWN, 0.0
        way = PassDirection.INBOUND if delta_s > 0 else PassDirection.OUTBOUND
        return way, confidence
