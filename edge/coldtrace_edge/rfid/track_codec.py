"""A track as JSON for the RFID journal, and back (Python floats round-trip through JSON exactly).

A track's gateway-monotonic times (``first_s``, ``last_read_s``, ...) mean nothing to another
process: they are written as wall-clock seconds (monotonic + the writing process's offset) and read
back with the reading process's offset, so that a restored track's times sit on the new process's
monotonic clock where its reads really happened. What the downtime means for the pass is decided
by the caller (``resume``), not here.
"""

import json
import uuid
from datetime import datetime
from typing import Any, Final

from coldtrace_edge.rfid.reads import TagRead
from coldtrace_edge.rfid.track import Track, ZoneStats
from coldtrace_protocol.rfid import Zone

FORMAT: Final = 1


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None


def _read(read: TagRead, offset_s: float) -> list[Any]:
    return [
        read.reader_id, str(read.zone), read.antenna, read.rssi_dbm, read.seen_count,
        read.seen_at.isoformat(), _time(read.reader_at), read.received_at.isoformat(),
        read.received_s + offset_s, read.clock_suspect,
    ]  # fmt: skip


def _unread(epc: str, portal: str, row: list[Any], offset_s: float) -> TagRead:
    reader_id, zone, antenna, rssi, count, seen, reader_at, received, received_s, suspect = row
    seen_at, received_at = datetime.fromisoformat(seen), datetime.fromisoformat(received)
    return TagRead(
        epc, reader_id, portal, Zone(zone), antenna, rssi, count, seen_at, _parse(reader_at),
        received_at, received_s - offset_s, suspect,
    )  # fmt: skip


def _zone(stats: ZoneStats) -> list[Any]:
    return [
        sorted(stats.antennas), stats.read_count, stats.peak_rssi_dbm,
        _time(stats.first_seen_at), _time(stats.last_seen_at), stats.power_mw, stats.power_time_s,
    ]  # fmt: skip


def _unzone(row: list[Any]) -> ZoneStats:
    antennas, count, peak, first, last, power_mw, power_time_s = row
    return ZoneStats(
        set(antennas), count, peak, _parse(first), _parse(last), power_mw, power_time_s
    )


def encode_track(track: Track, offset_s: float) -> str:
    """The track as JSON; ``offset_s`` = wall clock minus monotonic clock of this process."""
    return json.dumps(
        {
            "format": FORMAT,
            "id": str(track.id),
            "epc": track.epc,
            "portal": track.portal,
            "reader": track.reader_id,
            "first": _read(track.first, offset_s),
            "last": _read(track.last, offset_s),
            "first_s": track.first_s + offset_s,
            "last_read_s": track.last_read_s + offset_s,
            "last_strong_s": (
                track.last_strong_s + offset_s if track.last_strong_s is not None else None
            ),
            "zones": {str(zone): _zone(stats) for zone, stats in track.zones.items()},
            "sequence": [str(zone) for zone in track.sequence],
            "clock_suspect": track.clock_suspect,
        },
        separators=(",", ":"),
    )


def decode_track(text: str, offset_s: float) -> Track:
    """A track from ``encode_track``'s JSON; ``offset_s`` as there, of the reading process.

    Raises ValueError (or KeyError/TypeError, for the caller to treat alike) on a malformed row.
    """
    data = json.loads(text)
    if data.get("format") != FORMAT:
        raise ValueError(f"unknown track format {data.get('format')!r}")
    epc, portal = data["epc"], data["portal"]
    last_strong = data["last_strong_s"]
    return Track(
        id=uuid.UUID(data["id"]),
        epc=epc,
        portal=portal,
        reader_id=data["reader"],
        first=_unread(epc, portal, data["first"], offset_s),
        last=_unread(epc, portal, data["last"], offset_s),
        first_s=data["first_s"] - offset_s,
        last_read_s=data["last_read_s"] - offset_s,
        last_strong_s=last_strong - offset_s if last_strong is not None else None,
        zones={Zone(zone): _unzone(row) for zone, row in data["zones"].items()},
        sequence=[Zone(zone) for zone in data["sequence"]],
        clock_suspect=data["clock_suspect"],
    )
