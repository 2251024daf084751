"""Dumps recorded by the simulated transit logger, and outbox read-back, for the import tests."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from coldtrace_edge.uplink.outbox import Outbox
from coldtrace_protocol.loggerdump import LoggerDump
from coldtrace_protocol.telemetry import Reading, TelemetryBatch
from coldtrace_sim.loggers.dumpfile import DumpFormat, write_dump
from coldtrace_sim.loggers.recorder import LoggerSetup, Trip, record_trip
from coldtrace_sim.scenarios.climate import ClimateModel

TRIP_START = datetime(2025, 1, 6, 6, 0, tzinfo=UTC)  # true UTC
IMPORTED_AT = datetime(2025, 1, 7, 12, 0, tzinfo=UTC)
INTERVAL_S = 300
OFFSET_S = 90.0  # the logger's clock runs 90 s ahead of true time (no drift)


def recorded_dump(serial: str = "CTL-000123", hours: float = 6.0) -> LoggerDump:
    """A reefer trip as the simulated logger records it, its clock ``OFFSET_S`` fast."""
    setup = LoggerSetup(serial=serial, interval_s=INTERVAL_S, clock_offset_s=OFFSET_S)
    trip_s = hours * 3600.0
    trip = Trip(TRIP_START, 0.0, trip_s, trip_s + 600.0, trip_ref="SHP-2025-0042")
    return record_trip(setup, ClimateModel(5.0), trip)


def true_times(dump: LoggerDump) -> list[datetime]:
    """When each reading was really taken (the simulator knows; the importer must find it)."""
    return [TRIP_START + timedelta(seconds=i * INTERVAL_S) for i in range(dump.reading_count)]


def drop(dump: LoggerDump, folder: Path, fmt: DumpFormat = DumpFormat.JSON) -> Path:
    """Write the dump into ``folder`` the way the simulator does (hidden file, then rename)."""
    return write_dump(dump, folder, fmt)


async def landed_readings(outbox: Outbox) -> list[Reading]:
    """Everything in the outbox, packed into messages and read back through the wire model."""
    while await outbox.pack():
        pass
    readings: list[Reading] = []
    for message in await outbox.unacked(after_seq=0, limit=100_000):
        readings.extend(TelemetryBatch.model_validate_json(message.payload).readings)
    return readings
