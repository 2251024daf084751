"""Climate of a cold room, freezer or reefer as a pure function of sim time.

The air temperature is the setpoint, plus the compressor's on/off ripple, plus the first-order
responses to disturbances (door openings, defrost cycles, a compressor failure, an excursion).
Each disturbance is a window during which the air moves towards a target with one time constant
and after which it recovers with another. Being closed-form, any instant can be evaluated without
stepping through the ones before it, so hundreds of probes cost nothing until they are read.
Sensor noise is not part of the climate: each probe or logger adds its own.
"""

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

# A first-order response has decayed below 0.03 % of its peak after 8 time constants.
_SETTLED_TAUS = 8.0


class DisturbanceKind(StrEnum):
    """What moved the air away from the setpoint."""

    DOOR = "door"
    DEFROST = "defrost"
    COMPRESSOR_FAILURE = "compressor-failure"
    EXCURSION = "excursion"


@dataclass(frozen=True, slots=True)
class Window:
    """A stretch of sim time ``[start_s, end_s)`` in seconds since the clock start."""

    start_s: float
    end_s: float = math.inf

    def contains(self, t_s: float) -> bool:
        """True while ``t_s`` is inside the window."""
        return self.start_s <= t_s < self.end_s


@dataclass(frozen=True, slots=True)
class Periodic:
    """Windows of ``length_s`` every ``every_s`` seconds, the first one starting at ``first_s``."""

    every_s: float
    length_s: float
    first_s: float = 0.0

    def __post_init__(self) -> None:
        if self.every_s <= 0 or not 0 < self.length_s <= self.every_s:
            msg = "a periodic window needs 0 < length <= every"
            raise ValueError(msg)

    def windows_between(self, lo_s: float, hi_s: float) -> Iterator[Window]:
        """Every window that overlaps ``[lo_s, hi_s]``."""
        first_index = max(0, math.floor((lo_s - self.first_s - self.length_s) / self.every_s))
        index = first_index
        while (start_s := self.first_s + index * self.every_s) <= hi_s:
            if start_s + self.length_s >= lo_s:
                yield Window(start_s, start_s + self.length_s)
            index += 1


@dataclass(frozen=True, slots=True)
class Disturbance:
    """A window plus how far (and how fast) it pushes temperature and humidity."""

    kind: DisturbanceKind
    rise_c: float
    humidity_rise_pct: float
    tau_rise_s: float
    tau_fall_s: float

    def response(self, window: Window, t_s: float) -> float:
        """Fraction (0..1 of the rise) reached at ``t_s`` by a first-order system."""
        if t_s < window.start_s:
            return 0.0
        if t_s < window.end_s:
            return 1.0 - math.exp(-(t_s - window.start_s) / self.tau_rise_s)
        peak = 1.0 - math.exp(-(window.end_s - window.start_s) / self.tau_rise_s)
        return peak * math.exp(-(t_s - window.end_s) / self.tau_fall_s)

    def horizon_s(self, window_length_s: float) -> float:
        """How far back a window can still matter."""
        return window_length_s + _SETTLED_TAUS * self.tau_fall_s


@dataclass(frozen=True, slots=True)
class Schedule:
    """A disturbance and when it happens: a fixed list of windows and/or a periodic pattern."""

    disturbance: Disturbance
    windows: tuple[Window, ...] = ()
    periodic: Periodic | None = None

    def active(self, t_s: float) -> bool:
        """True while one of the windows is open."""
        if any(window.contains(t_s) for window in self.windows):
            return True
        return self.periodic is not None and any(
            window.contains(t_s) for window in self.periodic.windows_between(t_s, t_s)
        )

    def response(self, t_s: float) -> float:
        """Sum of the responses of every window that still matters at ``t_s`` (superposition)."""
        total = sum(
            self.disturbance.response(window, t_s)
            for window in self.windows
            if window.start_s <= t_s and t_s - window.end_s <= self.disturbance.horizon_s(0.0)
        )
        if self.periodic is not None:
            horizon_s = self.disturbance.horizon_s(self.periodic.length_s)
            total += sum(
                self.disturbance.response(window, t_s)
                for window in self.periodic.windows_between(t_s - horizon_s, t_s)
            )
        return total


@dataclass(frozen=True, slots=True)
class ClimateState:
    """The air at one instant, before any sensor looks at it."""

    temperature_c: float
    humidity_pct: float
    door_open: bool
    defrosting: bool
    compressor_failed: bool


@dataclass(frozen=True, slots=True)
class ClimateModel:
    """A location's air as a function of sim seconds since the clock start."""

    setpoint_c: float
    ambient_c: float = 22.0
    humidity_pct: float = 55.0
    ambient_humidity_pct: float = 65.0
    cycle_amplitude_c: float = 0.3
    cycle_period_s: float = 1200.0
    cycle_phase_s: float = 0.0
    schedules: tuple[Schedule, ...] = field(default=())

    def state(self, t_s: float) -> ClimateState:
        """Temperature, humidity and door state at ``t_s``."""
        failure = min(1.0, self._response(t_s, DisturbanceKind.COMPRESSOR_FAILURE))
        # While the compressor is out, the room sits at ambient: ripples and pull-downs stop.
        working = 1.0 - failure
        ripple_c = self.cycle_amplitude_c * math.sin(
            2.0 * math.pi * (t_s + self.cycle_phase_s) / self.cycle_period_s
        )
        temperature_c = self.setpoint_c + failure * (self.ambient_c - self.setpoint_c)
        humidity_pct = self.humidity_pct + failure * (self.ambient_humidity_pct - self.humidity_pct)
        temperature_c += working * ripple_c
        for schedule in self.schedules:
            if schedule.disturbance.kind is DisturbanceKind.COMPRESSOR_FAILURE:
                continue
            response = schedule.response(t_s)
            temperature_c += working * response * schedule.disturbance.rise_c
            humidity_pct += working * response * schedule.disturbance.humidity_rise_pct
        return ClimateState(
            temperature_c=temperature_c,
            humidity_pct=min(100.0, max(0.0, humidity_pct)),
            door_open=self._active(t_s, DisturbanceKind.DOOR),
            defrosting=self._active(t_s, DisturbanceKind.DEFROST),
            compressor_failed=self._active(t_s, DisturbanceKind.COMPRESSOR_FAILURE),
        )

    def _response(self, t_s: float, kind: DisturbanceKind) -> float:
        return sum(s.response(t_s) for s in self.schedules if s.disturbance.kind is kind)

    def _active(self, t_s: float, kind: DisturbanceKind) -> bool:
        return any(s.active(t_s) for s in self.schedules if s.disturbance.kind is kind)


def door(rise_c: float = 4.0, humidity_rise_pct: float = 10.0) -> Disturbance:
    """Warm moist air rushes in within a minute and is pulled down over a few minutes."""
    return Disturbance(DisturbanceKind.DOOR, rise_c, humidity_rise_pct, 60.0, 300.0)


def defrost(rise_c: float = 5.0, length_s: float = 1200.0) -> Disturbance:
    """Heaters warm the coil air over the cycle; the compressor pulls it down afterwards."""
    return Disturbance(DisturbanceKind.DEFROST, rise_c, 8.0, length_s / 2.0, 600.0)


def compressor_failure(warm_tau_s: float = 7200.0, pulldown_tau_s: float = 1800.0) -> Disturbance:
    """No cooling: the air warms towards ambient slowly, then is pulled down once repaired."""
    return Disturbance(DisturbanceKind.COMPRESSOR_FAILURE, 0.0, 0.0, warm_tau_s, pulldown_tau_s)


def excursion(rise_c: float, length_s: float) -> Disturbance:
    """A generic warm (or cold, if negative) spell that gets ~95 % of the way to its peak."""
    tau_s = max(60.0, length_s / 3.0)
    return Disturbance(DisturbanceKind.EXCURSION, rise_c, 0.0, tau_s, tau_s)
