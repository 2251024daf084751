"""Import one transit logger dump: all its readings in one outbox transaction, or none.

A dump is parsed and verified by the shared model (coldtrace_protocol.loggerdump: format, count,
order, checksum); anything it refuses is moved to ``rejected/`` with the model's reason. Readings
keep the logger's timestamps corrected by the clock offset measured at read-out (``measured_at =
logged_at - clock_offset_s``), ``received_at`` is the import time, the source is ``logger`` and
the sensor id is the logger serial. A dump whose checksum is already in ``imported/`` is not
imported again.

Delivery is at least once: the readings are appended first and the file is moved to
``imported/`` after. A crash between the two (milliseconds) imports the dump again at the next
start; the copies carry the same sensor id and timestamps, so they land on the same points.
"""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from pydantic import ValidationError

from coldtrace_edge.errors import EdgeError
from coldtrace_edge.loggers.dump_folder import DumpFolder
from coldtrace_edge.uplink.outbox import Outbox, OutboxFullError
from coldtrace_protocol.loggerdump import (
    DumpRejection,
    LoggerDump,
    LoggerDumpError,
    parse_logger_dump_csv,
    parse_logger_dump_json,
)
from coldtrace_protocol.telemetry import Quality, Reading, ReadingSource

logger = logging.getLogger(__name__)

TOO_LARGE = "too-large"
ALREADY_IMPORTED = "already-imported"


class DumpTooLargeError(EdgeError):
    """A file too large to be a logger dump (it is not read into memory)."""

    def __init__(self, path: Path, size_bytes: int, max_bytes: int) -> None:
        super().__init__(f"{path.name} is {size_bytes} bytes, over the {max_bytes}-byte limit")
        self.path = path
        self.size_bytes = size_bytes
        self.max_bytes = max_bytes


class ImportOutcome(StrEnum):
    """What happened to a dump file."""

    IMPORTED = "imported"
    REJECTED = "rejected"  # malformed, truncated, tampered, too large, or a duplicate
    DEFERRED = "deferred"  # the outbox is full: left in place, tried again later


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The outcome, where the file is now, and a message for people."""

    outcome: ImportOutcome
    path: Path
    message: str
    readings: int = 0
    reason: str | None = None


def parse_dump(data: bytes, name: str) -> LoggerDump:
    """A verified dump from a file's bytes: CSV or JSON by suffix, else by its first character."""
    suffix = Path(name).suffix.lower()
    first = data.lstrip()[:1]
    if suffix == ".csv" or (suffix != ".json" and first == b"#"):
        return parse_logger_dump_csv(data)
    if suffix == ".json" or first in {b"{", b"["}:
        return parse_logger_dump_json(data)
    raise LoggerDumpError(
        f"{name} is not a logger dump (expected a .json or .csv rendering)",
        reason=DumpRejection.UNSUPPORTED_FORMAT,
    )


def dump_readings(dump: LoggerDump, received_at: datetime) -> list[Reading]:
    """The dump's readings on the wire: true time, logger source, the serial as sensor id."""
    return [
        Reading(
            sensor_id=dump.logger.serial,
            measured_at=dump.true_time(point.logged_at),
            received_at=received_at,
            source=ReadingSource.LOGGER,
            quality=Quality.OK,
            temperature_c=point.temperature_c,
            humidity_pct=point.humidity_pct,
        )
        for point in dump.readings
    ]


class DumpImporter:
    """Imports dump files found in a :class:`DumpFolder` into the outbox."""

    def __init__(
        self,
        folder: DumpFolder,
        outbox: Outbox,
        *,
        max_bytes: int = 64 << 20,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.folder = folder
        self.outbox = outbox
        self.max_bytes = max_bytes
        self._now = now

    async def import_file(self, path: Path) -> ImportResult:
        """Import, reject or defer one file (OSError if it cannot be read or moved)."""
        try:
            dump, bodies, previous = await asyncio.to_thread(self._prepare, path)
        except DumpTooLargeError as exc:
            return await self._reject(path, TOO_LARGE, str(exc))
        except LoggerDumpError as exc:
            return await self._reject(path, exc.reason, str(exc))
        except ValidationError as exc:  # a value the telemetry model refuses
            return await self._reject(path, DumpRejection.SCHEMA, f"{path.name}: {exc}")
        if previous is not None:
            message = f"{path.name} was already imported as imported/{previous.name}"
            return await self._reject(path, ALREADY_IMPORTED, message)
        # Shielded: once the readings are in the outbox the file must reach imported/.
        commit = asyncio.get_running_loop().create_task(
            self._commit(path, dump, bodies), name=f"logger-dump-{dump.logger.serial}"
        )
        try:
            return await asyncio.shield(commit)
        except asyncio.CancelledError:
            await commit
            raise

    def _prepare(self, path: Path) -> tuple[LoggerDump, list[str], Path | None]:
        """Verified dump, reading JSON bodies, earlier import if any (on a thread: CPU and disk)."""
        size = path.stat().st_size
        if size > self.max_bytes:
            raise DumpTooLargeError(path, size, self.max_bytes)
        dump = parse_dump(path.read_bytes(), path.name)
        readings = dump_readings(dump, self._now())
        bodies = [reading.model_dump_json(exclude_none=True) for reading in readings]
        return dump, bodies, self.folder.imported_as(dump.checksum.value)

    async def _commit(self, path: Path, dump: LoggerDump, bodies: list[str]) -> ImportResult:
        full: OutboxFullError | None = None
        try:
            await self.outbox.append("telemetry", bodies)  # one transaction: all or nothing
        except OutboxFullError as exc:
            full = exc
        if full is not None:
            logger.error("logger dump %s waits: %s", path.name, full)
            return ImportResult(ImportOutcome.DEFERRED, path, str(full))
        final = await asyncio.to_thread(self.folder.mark_imported, path, dump.checksum.value)
        message = (
            f"imported {len(bodies)} readings of logger {dump.logger.serial} "
            f"(clock offset {dump.clock_offset_s:+.0f} s corrected) from {path.name}"
        )
        logger.info("%s", message)
        return ImportResult(ImportOutcome.IMPORTED, final, message, readings=len(bodies))

    async def _reject(self, path: Path, reason: str, message: str) -> ImportResult:
        final = await asyncio.to_thread(self.folder.reject, path, reason, message)
        logger.warning("logger dump %s rejected (%s): %s", path.name, reason, message)
        return ImportResult(ImportOutcome.REJECTED, final, message, reason=reason)
