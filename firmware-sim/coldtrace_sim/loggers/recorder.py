"""What a transit logger records over a trip, by its own (imperfect) clock.

A logger is started by a PC at dispatch (its clock then off by ``clock_offset_s``), drifts by
``clock_drift_ppm`` while travelling, records every ``interval_s`` *by its own clock*, and is read
out at receiving. The read-out station measures the offset at that moment; that is the only clock
information the dump carries, so the edge can correct timestamps to true UTC.
"""

import math
import random
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from coldtrace_protocol.loggerdump import LoggerDump, LoggerInfo, LoggerReading
from coldtrace_sim.loggers.errors import LoggerSetupError
from coldtrace_sim.scenarios.climate import ClimateModel


@dataclass(frozen=True, slots=True)
class LoggerSetup:
    """The logger: identity, recording interval, clock error and sensor."""

    serial: str
    model: str = "CT-TL20"
    firmware: str = "1.8.2"
    interval_s: int = 300
    clock_offset_s: float = 0.0
    clock_drift_ppm: float = 0.0
    noise_c: float = 0.1
    humidity_noise_pct: float = 0.5
    has_humidity: bool = True


@dataclass(frozen=True, slots=True)
class Trip:
    """When the logger travelled, in sim seconds since ``clock_start`` (true time)."""

    clock_start: datetime
    started_s: float
    stopped_s: float
    downloaded_s: float
    trip_ref: str | None = None

    def __post_init__(self) -> None:
        if self.clock_start.tzinfo is None:
            msg = "trip clock_start must be timezone-aware"
            raise LoggerSetupError(msg)
        if not self.started_s <= self.stopped_s <= self.downloaded_s:
            msg = "a trip must start, stop, then be downloaded (in that order)"
            raise LoggerSetupError(msg)


def record_trip(setup: LoggerSetup, climate: ClimateModel, trip: Trip) -> LoggerDump:
    """The sealed dump the logger yields at read-out after ``trip`` through ``climate``."""
    if not 1 <= setup.interval_s <= 86400:
        msg = f"logger {setup.serial}: interval must be 1..86400 s"
        raise LoggerSetupError(msg, serial=setup.serial)
    drift = setup.clock_drift_ppm * 1e-6
    base_s = trip.clock_start.timestamp()
    true_start_s = base_s + trip.started_s

    def logger_clock_s(true_s: float) -> float:
        return true_s + setup.clock_offset_s + drift * (true_s - true_start_s)

    def true_time_s(logger_s: float) -> float:
        # Inverse of logger_clock_s: the true instant at which the logger's clock showed logger_s.
        return (logger_s - setup.clock_offset_s + drift * true_start_s) / (1.0 + drift)

    started_logger_s = math.floor(logger_clock_s(true_start_s))
    stopped_logger_s = math.floor(logger_clock_s(base_s + trip.stopped_s))
    seed = zlib.crc32(setup.serial.encode())
    readings = []
    for index in range((stopped_logger_s - started_logger_s) // setup.interval_s + 1):
        logged_s = started_logger_s + index * setup.interval_s
        air = climate.state(true_time_s(logged_s) - base_s)
        noise = random.Random((seed << 32) ^ index)  # noqa: S311 (simulation, not crypto)
        temperature_c = round(air.temperature_c + noise.gauss(0.0, 1.0) * setup.noise_c, 1)
        humidity_pct = air.humidity_pct + noise.gauss(0.0, 1.0) * setup.humidity_noise_pct
        humidity = round(min(100.0, max(0.0, humidity_pct)), 1) if setup.has_humidity else None
        readings.append(
            LoggerReading(
                logged_at=_utc(logged_s), temperature_c=temperature_c, humidity_pct=humidity
            )
        )
    downloaded_s = base_s + trip.downloaded_s
    return LoggerDump.seal(
        logger=LoggerInfo(serial=setup.serial, model=setup.model, firmware=setup.firmware),
        trip_ref=trip.trip_ref,
        interval_s=setup.interval_s,
        started_at=_utc(started_logger_s),
        stopped_at=_utc(stopped_logger_s),
        downloaded_at=_utc(downloaded_s),
        clock_offset_s=round(logger_clock_s(downloaded_s) - downloaded_s, 3),
        readings=readings,
    )


def _utc(epoch_s: float) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=epoch_s)
