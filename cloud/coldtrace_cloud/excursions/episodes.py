"""What the rules see and what they find: samples in, episodes (candidate excursions) out."""

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum


class EpisodeKind(StrEnum):
    """Which rule found the episode."""

    TEMPERATURE = "temperature"
    HUMIDITY = "humidity"
    RATE = "rate"
    SILENCE = "silence"
    MKT = "mkt"


class Severity(StrEnum):
    """How bad an excursion is, for triage and escalation."""

    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"


@dataclass(frozen=True, slots=True)
class Sample:
    """One reading reduced to what the rules need; ``at`` is seconds since the epoch (UTC)."""

    at: float
    temperature_c: float | None
    humidity_pct: float | None = None

    @classmethod
    def of(
        cls, at: datetime, temperature_c: float | None, humidity_pct: float | None = None
    ) -> "Sample":
        """A sample from an aware datetime."""
        return cls(at.timestamp(), temperature_c, humidity_pct)


@dataclass(frozen=True, slots=True)
class Episode:
    """A rule's finding over ``[started_at, ended_at)``; ``ended_at`` None while it goes on.

    ``peak`` is the worst value seen (°C, %RH, °C/h or the MKT), ``deviation`` how far past the
    limit it went, ``out_of_range_s`` and ``degree_s`` the time and the integral of the
    deviation (degree-seconds) while out of range.
    """

    kind: EpisodeKind
    started_at: float
    ended_at: float | None
    peak: float | None
    deviation: float
    out_of_range_s: float
    degree_s: float

    @property
    def started(self) -> datetime:
        """Start as an aware datetime."""
        return datetime.fromtimestamp(self.started_at, UTC)

    @property
    def ended(self) -> datetime | None:
        """End as an aware datetime (None while open)."""
        return None if self.ended_at is None else datetime.fromtimestamp(self.ended_at, UTC)

    def closed_at(self, at: float) -> "Episode":
        """The same episode ended at ``at``."""
        return replace(self, ended_at=at)


def overlap_s(a_from: float, a_to: float, b_from: float, b_to: float) -> float:
    """Length of the intersection of two half-open intervals (0 if disjoint)."""
    return max(0.0, min(a_to, b_to) - max(a_from, b_from))
