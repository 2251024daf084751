"""Threshold with alarm delay and hysteresis, as a streaming state machine whose state is data.

The state is a small JSON-able dict, persisted per sensor by the engine, so evaluation resumes
after a restart exactly where it stopped. Values hold until the next sample (sample-and-hold),
capped at the silence limit: beyond it exposure is unknown, not assumed in range.
"""

from dataclasses import asdict, dataclass
from typing import Any

from coldtrace_cloud.excursions.episodes import Episode, EpisodeKind, Sample


@dataclass
class Band:
    """Limits of one quantity; None means no limit on that side."""

    low: float | None
    high: float | None
    hysteresis: float
    delay_s: float
    max_hold_s: float

    def deviation(self, value: float) -> float:
        """How far outside the band (0 inside)."""
        if self.high is not None and value > self.high:
            return value - self.high
        if self.low is not None and value < self.low:
            return self.low - value
        return 0.0

    def cleared(self, value: float) -> bool:
        """Back inside the band by at least the hysteresis."""
        above = self.high is not None and value > self.high - self.hysteresis
        below = self.low is not None and value < self.low + self.hysteresis
        return not (above or below)


@dataclass
class RunState:
    """An out-of-range run in progress (or none) and the last sample seen."""

    last_at: float | None = None
    last_value: float | None = None
    run_start: float | None = None
    alarmed: bool = False
    peak: float | None = None
    deviation: float = 0.0
    out_s: float = 0.0
    degree_s: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """Plain dict for JSONB."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> "RunState":
        """Back from JSONB (an empty state when there is none)."""
        return cls(**data) if data else cls()


class ThresholdDetector:
    """Feeds samples of one quantity in time order; returns episode snapshots as they change."""

    def __init__(self, kind: EpisodeKind, band: Band, state: RunState | None = None) -> None:
        self.kind = kind
        self.band = band
        self.state = state or RunState()

    def _snapshot(self, start: float, ended_at: float | None) -> Episode:
        s = self.state
        return Episode(self.kind, start, ended_at, s.peak, s.deviation, s.out_s, s.degree_s)

    def _accumulate(self, until: float) -> None:
        """Credit the previous value over ``[last_at, until)`` to the run."""
        s = self.state
        if s.run_start is None or s.last_at is None or s.last_value is None:
            return
        held = min(until - s.last_at, self.band.max_hold_s)
        dev = self.band.deviation(s.last_value)
        if held > 0 and dev > 0:
            s.out_s += held
            s.degree_s += held * dev

    def step(self, at: float, value: float | None) -> Episode | None:
        """One sample; an episode snapshot when the alarm opens, grows or clears."""
        s = self.state
        if s.last_at is not None and at <= s.last_at:
            return None  # not in order: the engine replays late data from history instead
        if value is None:
            return None
        self._accumulate(at)
        s.last_at, s.last_value = at, value
        dev = self.band.deviation(value)
        if s.run_start is None:
            if dev <= 0:
                return None
            s.run_start, s.peak, s.deviation = at, value, dev
            s.alarmed, s.out_s, s.degree_s = False, 0.0, 0.0
        elif dev > s.deviation:
            s.peak, s.deviation = value, dev
        start = s.run_start
        if self.band.cleared(value):
            episode = self._snapshot(start, at) if s.alarmed else None
            s.run_start, s.alarmed, s.peak, s.deviation = None, False, None, 0.0
            return episode
        if not s.alarmed and at - start >= self.band.delay_s:
            s.alarmed = True
        return self._snapshot(start, None) if s.alarmed else None


def detect(kind: EpisodeKind, band: Band, samples: list[Sample]) -> list[Episode]:
    """Every episode of a whole series (the last snapshot of each, open ones included)."""
    detector = ThresholdDetector(kind, band)
    found: dict[float, Episode] = {}
    for sample in samples:
        value = sample.temperature_c if kind is EpisodeKind.TEMPERATURE else sample.humidity_pct
        episode = detector.step(sample.at, value)
        if episode is not None:
            found[episode.started_at] = episode
    return list(found.values())
