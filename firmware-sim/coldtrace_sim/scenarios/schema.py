"""The scenario file's schema (pydantic): ``clock``, ``probes`` and ``loggers``.

Times on the scenario's timeline (``at``, ``start``, ``arrival``) are durations after the clock
start; durations are written ``90s``, ``15m``, ``1h30m``, ``2d`` or as plain seconds. ``readers``
and ``movements`` (RFID portals) belong to ``coldtrace_sim.rfworld`` and are passed to it as they
are. Unknown keys are refused so that a misspelt key is an error, not a silently ignored line.
"""

from datetime import datetime
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from coldtrace_sim.scenarios.durations import parse_duration_s

Duration = Annotated[float, BeforeValidator(parse_duration_s)]
Ident = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
ProbeSerial = Annotated[str, Field(pattern=r"^[\x21-\x7e]{1,16}$")]
Firmware = Annotated[str, Field(pattern=r"^\d{1,5}\.\d{1,5}\.\d{1,5}$")]


class Spec(BaseModel):
    """Base of every scenario block: immutable, unknown keys refused, ``for`` allowed as a key."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ClockSpec(Spec):
    """Sim time = start + speed x real time; the scenario ends after ``duration`` of sim time."""

    start: str | datetime = "now"
    speed: float = Field(default=1.0, gt=0.0, le=100_000.0)
    duration: Duration | None = None
    catch_up: bool = False  # from a past start: run at speed until sim meets the wall clock


class CycleSpec(Spec):
    """The compressor's on/off ripple around the setpoint."""

    amplitude_c: float = Field(default=0.3, ge=0.0, le=10.0)
    period: Duration = 1200.0


class DoorsSpec(Spec):
    """Routine door openings."""

    every: Duration
    open_for: Duration = 60.0
    first_at: Duration | None = None
    rise_c: float = 4.0
    humidity_rise_pct: float = 10.0


class DefrostSpec(Spec):
    """Defrost cycles."""

    every: Duration = 6 * 3600.0
    duration: Duration = 1200.0
    first_at: Duration | None = None
    rise_c: float = 5.0


class TimedSpec(Spec):
    """An event on the timeline: from ``at`` for ``for`` (open-ended when ``for`` is omitted)."""

    at: Duration
    for_: Duration | None = Field(default=None, alias="for")


class DoorOpenEvent(TimedSpec):
    """One door left open."""

    kind: Literal["door-open"]
    rise_c: float = 4.0


class DefrostEvent(TimedSpec):
    """One (extra) defrost cycle."""

    kind: Literal["defrost"]
    rise_c: float = 5.0


class CompressorFailureEvent(TimedSpec):
    """Cooling lost at ``at``; restored after ``for`` if given."""

    kind: Literal["compressor-failure"]
    warm_tau: Duration = 7200.0
    pulldown_tau: Duration = 1800.0


class ExcursionEvent(TimedSpec):
    """A spell that drives the air towards ``peak_c``."""

    kind: Literal["excursion"]
    peak_c: float


LocationEvent = Annotated[
    DoorOpenEvent | DefrostEvent | CompressorFailureEvent | ExcursionEvent,
    Field(discriminator="kind"),
]


class SensorFaultEvent(TimedSpec):
    """The probe's sensor reports a fault (no value)."""

    kind: Literal["sensor-fault"]


class UnreachableEvent(TimedSpec):
    """The probe does not answer: ``silent`` (timeouts) or ``gateway-error`` (exception 0x0B)."""

    kind: Literal["unreachable"]
    mode: Literal["silent", "gateway-error"] = "silent"


class LowBatteryEvent(TimedSpec):
    """The probe's battery reports low."""

    kind: Literal["low-battery"]


ProbeEvent = Annotated[
    SensorFaultEvent | UnreachableEvent | LowBatteryEvent, Field(discriminator="kind")
]


class ClimateSpec(Spec):
    """The air of a location over time."""

    setpoint_c: float = Field(ge=-100.0, le=60.0)
    ambient_c: float = 22.0
    humidity_pct: float = Field(default=55.0, ge=0.0, le=100.0)
    ambient_humidity_pct: float = Field(default=65.0, ge=0.0, le=100.0)
    cycle: CycleSpec = CycleSpec()
    doors: DoorsSpec | None = None
    defrost: DefrostSpec | None = None
    events: tuple[LocationEvent, ...] = ()


class ProbeSpec(Spec):
    """One Modbus probe; ``port``/``unit`` are assigned in order when omitted."""

    serial: ProbeSerial
    port: int | None = Field(default=None, ge=1, le=65535)
    unit: int | None = Field(default=None, ge=1, le=247)
    model: ProbeSerial = "CT-THP-2"
    firmware: Firmware = "2.4.1"
    offset_c: float = 0.0
    noise_c: float = Field(default=0.05, ge=0.0)
    has_humidity: bool = True
    door_contact: bool = True
    sample_interval: Duration = Field(default=10.0, ge=1.0, le=65535.0)
    battery_pct: float = Field(default=100.0, ge=0.0, le=100.0)
    battery_drain_pct_per_day: float = Field(default=0.0, ge=0.0)
    clock_offset_s: float = 0.0
    clock_drift_ppm: float = 0.0
    events: tuple[ProbeEvent, ...] = ()


class LocationSpec(ClimateSpec):
    """A cold room, freezer or reefer with its probes."""

    id: Ident
    kind: str = "cold-room"
    probes: tuple[ProbeSpec, ...] = ()


class OutageSpec(TimedSpec):
    """A whole Modbus TCP endpoint (port) down: listener and connections closed."""

    port: int = Field(ge=1, le=65535)


class ProbesSection(Spec):
    """Where probes listen, and the locations they measure."""

    host: str = "127.0.0.1"
    port: int | None = Field(default=None, ge=1, le=65535, description="first port")
    unit_base: int = Field(default=1, ge=1, le=247)
    units_per_port: int | None = Field(default=None, ge=1, le=247)
    locations: tuple[LocationSpec, ...] = ()
    outages: tuple[OutageSpec, ...] = ()


class LoggerSpec(Spec):
    """A transit logger: travels from ``start`` to ``arrival``, dumped ``download_after`` later."""

    serial: Ident
    model: str = "CT-TL20"
    firmware: str = "1.8.2"
    trip_ref: str | None = None
    location: Ident | None = None
    climate: ClimateSpec | None = None
    start: Duration = 0.0
    arrival: Duration
    download_after: Duration = 600.0
    interval: Duration = Field(default=300.0, ge=1.0, le=86400.0)
    clock_offset_s: float = 0.0
    clock_drift_ppm: float = 0.0
    noise_c: float = Field(default=0.1, ge=0.0)
    has_humidity: bool = True
    format: Literal["json", "csv"] = "json"
    out_dir: str | None = None

    @model_validator(mode="after")
    def _one_climate(self) -> Self:
        if (self.location is None) == (self.climate is None):
            msg = "give exactly one of 'location' (a probes location id) or 'climate'"
            raise ValueError(msg)
        if self.arrival <= self.start:
            msg = "'arrival' must come after 'start'"
            raise ValueError(msg)
        return self


class ScenarioDoc(Spec):
    """A whole scenario file."""

    name: str | None = None
    description: str | None = None
    clock: ClockSpec = ClockSpec()
    probes: ProbesSection | None = None
    loggers: tuple[LoggerSpec, ...] = ()
    readers: Any = None
    movements: Any = None

    @model_validator(mode="after")
    def _cross_references(self) -> Self:
        locations = self.probes.locations if self.probes else ()
        ids = [location.id for location in locations]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            msg = f"location id(s) used twice: {', '.join(duplicates)}"
            raise ValueError(msg)
        serials = [probe.serial for location in locations for probe in location.probes]
        duplicates = sorted({s for s in serials if serials.count(s) > 1})
        if duplicates:
            msg = f"probe serial(s) used twice: {', '.join(duplicates)}"
            raise ValueError(msg)
        for index, spec in enumerate(self.loggers):
            if spec.location is not None and spec.location not in ids:
                msg = f"loggers[{index}] refers to unknown location {spec.location!r}"
                raise ValueError(msg)
        return self

    @property
    def has_rfid(self) -> bool:
        """True when the file describes RFID portals (``readers`` / ``movements``)."""
        return self.readers is not None or self.movements is not None
