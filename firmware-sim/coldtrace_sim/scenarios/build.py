"""Turning a validated scenario into the objects that run it: climates, probes, logger trips."""

import math
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coldtrace_sim.loggers.dumpfile import DumpFormat
from coldtrace_sim.loggers.recorder import LoggerSetup, Trip
from coldtrace_sim.modbus.fleet import EndpointOutage
from coldtrace_sim.modbus.probe import (
    MAX_UNIT_ID,
    ProbeAddress,
    ProbeBehaviour,
    ProbeIdentity,
    Reachability,
    SimProbe,
    Unreachable,
)
from coldtrace_sim.scenarios import climate as air
from coldtrace_sim.scenarios.addressing import first_free_on, free_addresses, shift_ports
from coldtrace_sim.scenarios.clock import ScaledClock, parse_start
from coldtrace_sim.scenarios.errors import ScenarioError
from coldtrace_sim.scenarios.schema import (
    ClimateSpec,
    CompressorFailureEvent,
    DefrostEvent,
    DoorOpenEvent,
    ExcursionEvent,
    LocationSpec,
    LoggerSpec,
    LowBatteryEvent,
    ProbeSpec,
    ProbesSection,
    ScenarioDoc,
    SensorFaultEvent,
    TimedSpec,
    UnreachableEvent,
)


@dataclass(frozen=True, slots=True)
class LoggerJob:
    """A logger trip and where its dump goes at download time."""

    setup: LoggerSetup
    climate: air.ClimateModel
    trip: Trip
    out_dir: Path
    fmt: DumpFormat


def window(event: TimedSpec) -> air.Window:
    """The event's stretch of sim time (open-ended without ``for``)."""
    end_s = math.inf if event.for_ is None else event.at + event.for_
    return air.Window(event.at, end_s)


def build_climate(spec: ClimateSpec, *, name: str) -> air.ClimateModel:
    """The climate model for a location (or a logger's own climate)."""
    # Stagger routine events between locations so a site does not defrost all rooms at once.
    stagger = (zlib.crc32(name.encode()) % 1000) / 1000.0
    schedules: list[air.Schedule] = []
    if spec.doors is not None:
        doors = spec.doors
        first_s = doors.first_at if doors.first_at is not None else stagger * doors.every
        schedules.append(
            air.Schedule(
                air.door(doors.rise_c, doors.humidity_rise_pct),
                periodic=air.Periodic(doors.every, min(doors.open_for, doors.every), first_s),
            )
        )
    if spec.defrost is not None:
        cycle = spec.defrost
        first_s = cycle.first_at if cycle.first_at is not None else stagger * cycle.every
        schedules.append(
            air.Schedule(
                air.defrost(cycle.rise_c, cycle.duration),
                periodic=air.Periodic(cycle.every, min(cycle.duration, cycle.every), first_s),
            )
        )
    for event in spec.events:
        schedules.append(air.Schedule(_disturbance(event, spec), windows=(window(event),)))
    return air.ClimateModel(
        setpoint_c=spec.setpoint_c,
        ambient_c=spec.ambient_c,
        humidity_pct=spec.humidity_pct,
        ambient_humidity_pct=spec.ambient_humidity_pct,
        cycle_amplitude_c=spec.cycle.amplitude_c,
        cycle_period_s=max(1.0, spec.cycle.period),
        cycle_phase_s=stagger * spec.cycle.period,
        schedules=tuple(schedules),
    )


def _disturbance(
    event: DoorOpenEvent | DefrostEvent | CompressorFailureEvent | ExcursionEvent,
    spec: ClimateSpec,
) -> air.Disturbance:
    length_s = event.for_ if event.for_ is not None else 3600.0
    if isinstance(event, DoorOpenEvent):
        return air.door(event.rise_c)
    if isinstance(event, DefrostEvent):
        return air.defrost(event.rise_c, length_s)
    if isinstance(event, CompressorFailureEvent):
        return air.compressor_failure(event.warm_tau, event.pulldown_tau)
    return air.excursion(event.peak_c - spec.setpoint_c, length_s)


def build_probes(
    section: ProbesSection, climates: Mapping[str, air.ClimateModel], *, default_port: int
) -> list[SimProbe]:
    """Every probe of every location, with ports and unit ids assigned where omitted."""
    base_port = section.port or default_port
    per_port = section.units_per_port or MAX_UNIT_ID - section.unit_base + 1
    specs = [(location, probe) for location in section.locations for probe in location.probes]
    taken = {(p.port or base_port, p.unit) for _, p in specs if p.unit is not None}
    free = free_addresses(base_port, section.unit_base, per_port, taken)
    probes = []
    for location, spec in specs:
        if spec.unit is not None:
            address = ProbeAddress(spec.port or base_port, spec.unit)
        elif spec.port is not None:
            address = first_free_on(spec.port, section.unit_base, taken)
        else:
            address = next(free)
        taken.add(address)
        probes.append(_probe(spec, address, climates[location.id], location))
    seen: dict[ProbeAddress, str] = {}
    for probe in probes:
        if probe.address in seen:
            msg = f"probes {seen[probe.address]} and {probe.identity.serial} share {probe.address}"
            raise ScenarioError(msg)
        seen[probe.address] = probe.identity.serial
    return probes


def _probe(
    spec: ProbeSpec, address: ProbeAddress, climate: air.ClimateModel, location: LocationSpec
) -> SimProbe:
    events = spec.events
    major, minor, patch = (int(part) for part in spec.firmware.split("."))
    behaviour = ProbeBehaviour(
        climate=climate,
        offset_c=spec.offset_c,
        noise_c=spec.noise_c,
        has_humidity=spec.has_humidity,
        door_contact=spec.door_contact,
        sample_interval_s=spec.sample_interval,
        battery_pct=spec.battery_pct,
        battery_drain_pct_per_day=spec.battery_drain_pct_per_day,
        sensor_faults=tuple(window(e) for e in events if isinstance(e, SensorFaultEvent)),
        low_battery=tuple(window(e) for e in events if isinstance(e, LowBatteryEvent)),
        unreachable=tuple(
            Unreachable(window(e), Reachability(e.mode))
            for e in events
            if isinstance(e, UnreachableEvent)
        ),
        clock_offset_s=spec.clock_offset_s,
        clock_drift_ppm=spec.clock_drift_ppm,
    )
    identity = ProbeIdentity(spec.serial, spec.model, (major, minor, patch))
    return SimProbe(identity, address, behaviour, location=location.id)


def build_outages(section: ProbesSection) -> list[EndpointOutage]:
    """Scheduled whole-endpoint outages."""
    return [EndpointOutage(outage.port, window(outage)) for outage in section.outages]


def build_logger_jobs(
    loggers: tuple[LoggerSpec, ...],
    climates: Mapping[str, air.ClimateModel],
    *,
    clock_start: datetime,
    dump_dir: Path,
) -> list[LoggerJob]:
    """One job per logger of the scenario."""
    jobs = []
    for spec in loggers:
        if spec.climate is not None:
            climate = build_climate(spec.climate, name=spec.serial)
        else:
            climate = climates[str(spec.location)]
        setup = LoggerSetup(
            serial=spec.serial,
            model=spec.model,
            firmware=spec.firmware,
            interval_s=round(spec.interval),
            clock_offset_s=spec.clock_offset_s,
            clock_drift_ppm=spec.clock_drift_ppm,
            noise_c=spec.noise_c,
            has_humidity=spec.has_humidity,
        )
        trip = Trip(
            clock_start,
            spec.start,
            spec.arrival,
            spec.arrival + spec.download_after,
            trip_ref=spec.trip_ref,
        )
        out_dir = Path(spec.out_dir) if spec.out_dir is not None else dump_dir
        jobs.append(LoggerJob(setup, climate, trip, out_dir, DumpFormat(spec.format)))
    return jobs


@dataclass(frozen=True, slots=True)
class ScenarioPlan:
    """Everything a run needs, built and checked before anything listens."""

    clock_start: datetime
    speed: float
    duration_s: float | None
    host: str
    probes: tuple[SimProbe, ...]
    outages: tuple[EndpointOutage, ...]
    loggers: tuple[LoggerJob, ...]
    catch_up: bool = False

    def clock(self, *, now: datetime | None = None) -> ScaledClock:
        """The run's clock, started now."""
        if self.catch_up:
            return ScaledClock.catching_up(self.clock_start, speed=self.speed, now=now)
        return ScaledClock(self.clock_start, speed=self.speed)


def build_plan(
    doc: ScenarioDoc,
    *,
    default_port: int,
    dump_dir: Path,
    speed: float | None = None,
    start: str | None = None,
    port: int | None = None,
    now: datetime | None = None,
) -> ScenarioPlan:
    """The run plan of ``doc``; ``speed``, ``start`` and ``port`` override the file's values."""
    try:
        clock_start = parse_start(start if start is not None else doc.clock.start, now=now)
    except ValueError as exc:
        raise ScenarioError(str(exc)) from exc
    section = doc.probes or ProbesSection()
    if port is not None:
        base_port = section.port or default_port
        section = shift_ports(section.model_copy(update={"port": base_port}), port - base_port)
    climates = {
        location.id: build_climate(location, name=location.id) for location in section.locations
    }
    probes = build_probes(section, climates, default_port=default_port)
    outages = build_outages(section)
    unknown = sorted({o.port for o in outages} - {p.address.port for p in probes})
    if unknown:
        msg = f"probes.outages: no probe listens on port(s) {unknown}"
        raise ScenarioError(msg)
    return ScenarioPlan(
        clock_start=clock_start,
        speed=speed if speed is not None else doc.clock.speed,
        duration_s=doc.clock.duration,
        host=section.host,
        probes=tuple(probes),
        outages=tuple(outages),
        loggers=tuple(
            build_logger_jobs(doc.loggers, climates, clock_start=clock_start, dump_dir=dump_dir)
        ),
        catch_up=doc.clock.catch_up,
    )
