"""Typed tag reads, and the reader clock check that decides which time a read is given.

A read keeps three times: the reader's (microseconds since the epoch, LLRP 1.0.1 §7.1.3.1.1.1,
as reported, possibly absent), the gateway's wall clock at receipt, and the gateway's monotonic
clock at receipt (for timeouts, immune to clock steps). Readers with an unset clock report times
around 2000-01-01; a reader time further than the tolerance from the receipt time is not
trusted: the read gets the receipt time and the reader is flagged ``clock_suspect``.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from coldtrace_protocol.rfid import Zone

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RawRead:
    """One tag entry of an RO_ACCESS_REPORT (LLRP 1.0.1 §13.2.3), as the reader gave it."""

    epc: str  # upper-case hex
    antenna: int
    rssi_dbm: float
    seen_count: int
    first_seen_us: int | None
    last_seen_us: int | None


@dataclass(frozen=True, slots=True)
class TagRead:
    """A read placed on a portal side, with trusted and raw times."""

    epc: str
    reader_id: str
    portal: str
    zone: Zone
    antenna: int
    rssi_dbm: float
    seen_count: int
    seen_at: datetime  # trusted: reader time, or receipt time when the reader clock is off
    reader_at: datetime | None  # as reported by the reader
    received_at: datetime
    received_s: float  # gateway monotonic seconds at receipt
    clock_suspect: bool


def from_us(value_us: int) -> datetime:
    """LLRP microseconds since the Unix epoch as an aware UTC datetime."""
    return datetime.fromtimestamp(value_us / 1_000_000, UTC)


class ReaderClock:
    """Tracks whether one reader's clock can be trusted (checked on every report)."""

    def __init__(self, reader_id: str, tolerance_s: float) -> None:
        self.reader_id = reader_id
        self.tolerance_s = tolerance_s
        self.suspect = False

    def check(self, reader_us: int | None, received_at: datetime) -> bool:
        """Judge the reader's newest timestamp of a report; returns True if it is suspect."""
        if reader_us is None:
            return self.suspect
        skew_s = reader_us / 1_000_000 - received_at.timestamp()
        suspect = abs(skew_s) > self.tolerance_s
        if suspect != self.suspect:
            if suspect:
                logger.warning(
                    "reader %s clock is %.0f s off the gateway's: using receipt times",
                    self.reader_id,
                    skew_s,
                    extra={"reader": self.reader_id},
                )
            else:
                logger.info("reader %s clock is sane again", self.reader_id)
            self.suspect = suspect
        return suspect
