"""Transit data logger dumps: the file a logger yields at arrival, shared by simulator and edge.

A dump carries the logger's identity, its recording interval, start and stop *by the logger's own
clock*, every reading with the logger's timestamp, the logger's clock offset measured at read-out
(logger clock minus true UTC at download) and a SHA-256 over a canonical rendering of everything
the logger recorded, so that a truncated or edited dump is refused as a whole. The JSON and CSV
renderings are documented in firmware-sim/README.md ("Transit logger dumps").
"""

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Final, Literal, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, model_validator

from coldtrace_protocol.errors import ProtocolError

DUMP_FORMAT: Final = "coldtrace.logger-dump"
DUMP_FORMAT_VERSION: Final = 1
CSV_COLUMNS: Final = ("logged_at", "temperature_c", "humidity_pct")
_CSV_META_PREFIX: Final = "# "
_CSV_SCALARS: Final = (
    "interval_s",
    "started_at",
    "stopped_at",
    "downloaded_at",
    "clock_offset_s",
    "reading_count",
)

Serial = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]


class DumpRejection(StrEnum):
    """Why a dump was refused."""

    NOT_PARSABLE = "not-parsable"  # not JSON / CSV at all (e.g. cut mid-file)
    SCHEMA = "schema"  # a field missing, of the wrong type or out of range
    UNSUPPORTED_FORMAT = "unsupported-format"  # another format or format version
    COUNT_MISMATCH = "count-mismatch"  # readings missing or added
    ORDER = "order"  # timestamps not increasing or outside start..stop
    CHECKSUM_MISMATCH = "checksum-mismatch"  # content changed after the logger wrote it


class LoggerDumpError(ProtocolError, ValueError):
    """A dump that must not be imported; ``reason`` says why, ``detail`` where."""

    def __init__(self, message: str, *, reason: DumpRejection, detail: str = "") -> None:
        super().__init__(message)
        self.reason = reason
        self.detail = detail


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _whole_second(moment: datetime) -> datetime:
    if moment.microsecond:
        raise ValueError("logger timestamps have whole-second resolution")
    return moment.astimezone(UTC)


class LoggerInfo(BaseModel):
    """The logger itself."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    serial: Serial
    model: str = Field(min_length=1, max_length=64)
    firmware: str = Field(default="", max_length=32)


class LoggerReading(BaseModel):
    """One recorded point; ``logged_at`` is the logger's clock, not true time."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    logged_at: AwareDatetime
    temperature_c: float = Field(ge=-200.0, le=200.0, allow_inf_nan=False)
    humidity_pct: float | None = Field(default=None, ge=0.0, le=100.0, allow_inf_nan=False)

    def canonical_line(self) -> str:
        """``<logged_at>,<temperature .2f>,<humidity .2f or empty>`` (checksum input)."""
        humidity = "" if self.humidity_pct is None else f"{self.humidity_pct:.2f}"
        return f"{_utc_text(self.logged_at)},{self.temperature_c:.2f},{humidity}"


class DumpChecksum(BaseModel):
    """SHA-256 of :func:`canonical_text`, lowercase hex."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    algorithm: Literal["sha256"] = "sha256"
    value: str = Field(pattern=r"^[0-9a-f]{64}$")


class LoggerDump(BaseModel):
    """A complete, verified dump. Constructing one checks count, order and checksum."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["coldtrace.logger-dump"] = DUMP_FORMAT
    format_version: Literal[1] = DUMP_FORMAT_VERSION
    logger: LoggerInfo
    trip_ref: str | None = Field(default=None, max_length=64)
    interval_s: int = Field(ge=1, le=86400)
    started_at: AwareDatetime
    stopped_at: AwareDatetime
    downloaded_at: AwareDatetime
    clock_offset_s: float = Field(allow_inf_nan=False, ge=-10 * 365 * 86400, le=10 * 365 * 86400)
    reading_count: int = Field(ge=0)
    readings: tuple[LoggerReading, ...]
    checksum: DumpChecksum

    @model_validator(mode="after")
    def _verify(self) -> Self:
        if len(self.readings) != self.reading_count:
            msg = (
                f"{DumpRejection.COUNT_MISMATCH}: reading_count says {self.reading_count}, "
                f"the dump holds {len(self.readings)}"
            )
            raise ValueError(msg)
        for moment in (self.started_at, self.stopped_at, *(r.logged_at for r in self.readings)):
            _whole_second(moment)
        if self.stopped_at < self.started_at:
            msg = f"{DumpRejection.ORDER}: stopped_at is before started_at"
            raise ValueError(msg)
        previous = self.started_at - timedelta(seconds=1)
        for index, reading in enumerate(self.readings):
            if not previous < reading.logged_at <= self.stopped_at:
                msg = (
                    f"{DumpRejection.ORDER}: reading {index} at {_utc_text(reading.logged_at)} "
                    "is not after the previous one and within started_at..stopped_at"
                )
                raise ValueError(msg)
            previous = reading.logged_at
        expected = dump_checksum(
            logger=self.logger,
            trip_ref=self.trip_ref,
            interval_s=self.interval_s,
            started_at=self.started_at,
            stopped_at=self.stopped_at,
            readings=self.readings,
        )
        if expected != self.checksum.value:
            msg = f"{DumpRejection.CHECKSUM_MISMATCH}: content does not match its checksum"
            raise ValueError(msg)
        return self

    @classmethod
    def seal(
        cls,
        *,
        logger: LoggerInfo,
        interval_s: int,
        started_at: datetime,
        stopped_at: datetime,
        downloaded_at: datetime,
        clock_offset_s: float,
        readings: Sequence[LoggerReading],
        trip_ref: str | None = None,
    ) -> "LoggerDump":
        """Build a dump and compute its checksum (what the logger's firmware does at read-out)."""
        value = dump_checksum(
            logger=logger,
            trip_ref=trip_ref,
            interval_s=interval_s,
            started_at=started_at,
            stopped_at=stopped_at,
            readings=readings,
        )
        return cls(
            logger=logger,
            trip_ref=trip_ref,
            interval_s=interval_s,
            started_at=started_at,
            stopped_at=stopped_at,
            downloaded_at=downloaded_at,
            clock_offset_s=clock_offset_s,
            reading_count=len(readings),
            readings=tuple(readings),
            checksum=DumpChecksum(value=value),
        )

    def true_time(self, logged_at: datetime) -> datetime:
        """Best estimate of true UTC for a logger timestamp: subtract the read-out offset."""
        return logged_at - timedelta(seconds=self.clock_offset_s)

    def to_json(self) -> str:
        """The JSON rendering (UTF-8, timestamps as ``YYYY-MM-DDTHH:MM:SSZ``)."""
        return self.model_dump_json() + "\n"

    def to_csv(self) -> str:
        """The CSV rendering: ``# key,value`` metadata lines, a header line, one row per reading."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        for key, value in _csv_metadata(self):
            out.write(_CSV_META_PREFIX)
            writer.writerow([key, value])
        writer.writerow(CSV_COLUMNS)
        for reading in self.readings:
            humidity = "" if reading.humidity_pct is None else repr(reading.humidity_pct)
            writer.writerow([_utc_text(reading.logged_at), repr(reading.temperature_c), humidity])
        return out.getvalue()


def canonical_text(
    *,
    logger: LoggerInfo,
    trip_ref: str | None,
    interval_s: int,
    started_at: datetime,
    stopped_at: datetime,
    readings: Sequence[LoggerReading],
) -> str:
    """What the checksum covers: everything the logger recorded, nothing the reader added."""
    head = [
        f"{DUMP_FORMAT}/{DUMP_FORMAT_VERSION}",
        f"serial={logger.serial}",
        f"model={logger.model}",
        f"trip_ref={trip_ref or ''}",
        f"interval_s={interval_s}",
        f"started_at={_utc_text(started_at)}",
        f"stopped_at={_utc_text(stopped_at)}",
    ]
    return "".join(line + "\n" for line in (*head, *(r.canonical_line() for r in readings)))


def dump_checksum(
    *,
    logger: LoggerInfo,
    trip_ref: str | None,
    interval_s: int,
    started_at: datetime,
    stopped_at: datetime,
    readings: Sequence[LoggerReading],
) -> str:
    """SHA-256 (lowercase hex) of the UTF-8 canonical text."""
    text = canonical_text(
        logger=logger,
        trip_ref=trip_ref,
        interval_s=interval_s,
        started_at=started_at,
        stopped_at=stopped_at,
        readings=readings,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _csv_metadata(dump: LoggerDump) -> list[tuple[str, str]]:
    return [
        ("format", dump.format),
        ("format_version", str(dump.format_version)),
        ("serial", dump.logger.serial),
        ("model", dump.logger.model),
        ("firmware", dump.logger.firmware),
        ("trip_ref", dump.trip_ref or ""),
        ("interval_s", str(dump.interval_s)),
        ("started_at", _utc_text(dump.started_at)),
        ("stopped_at", _utc_text(dump.stopped_at)),
        ("downloaded_at", dump.downloaded_at.astimezone(UTC).isoformat().replace("+00:00", "Z")),
        ("clock_offset_s", repr(dump.clock_offset_s)),
        ("reading_count", str(dump.reading_count)),
        ("checksum_sha256", dump.checksum.value),
    ]


def _rejection(exc: ValidationError) -> LoggerDumpError:
    errors = exc.errors(include_url=False)
    first = errors[0]
    where = ".".join(str(part) for part in first["loc"]) or "dump"
    message = str(first["msg"]).removeprefix("Value error, ")
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problems)"
    reason = DumpRejection.SCHEMA
    for candidate in DumpRejection:
        if message.startswith(f"{candidate}:"):
            reason = candidate
    if where in {"format", "format_version"}:
        reason = DumpRejection.UNSUPPORTED_FORMAT
    text = f"logger dump rejected ({reason}): {where}: {message}"
    return LoggerDumpError(text, reason=reason, detail=where)


def parse_logger_dump_json(data: str | bytes) -> LoggerDump:
    """A verified dump from its JSON rendering, or :class:`LoggerDumpError`."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
        msg = f"logger dump is not valid JSON: {exc}"
        raise LoggerDumpError(msg, reason=DumpRejection.NOT_PARSABLE) from exc
    try:
        return LoggerDump.model_validate(document)
    except ValidationError as exc:
        raise _rejection(exc) from exc


def parse_logger_dump_csv(data: str | bytes) -> LoggerDump:
    """A verified dump from its CSV rendering, or :class:`LoggerDumpError`."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        lines = [line for line in text.splitlines() if line]
        meta_lines = [line.removeprefix(_CSV_META_PREFIX) for line in lines if line[0] == "#"]
        table = [line for line in lines if line[0] != "#"]
        meta = {row[0]: row[1] for row in csv.reader(meta_lines) if len(row) == 2}
        header = next(csv.reader(table[:1]), [])
        rows = list(csv.DictReader(table))
    except (ValueError, csv.Error) as exc:
        msg = f"logger dump is not a readable CSV dump: {exc}"
        raise LoggerDumpError(msg, reason=DumpRejection.NOT_PARSABLE) from exc
    if header != list(CSV_COLUMNS):
        msg = f"logger dump CSV must have the header line {','.join(CSV_COLUMNS)}"
        raise LoggerDumpError(msg, reason=DumpRejection.NOT_PARSABLE)
    version = meta.get("format_version", "")
    document = {
        "format": meta.get("format"),
        "format_version": int(version) if version.isdigit() else version,
        "logger": {key: meta.get(key) for key in ("serial", "model", "firmware")},
        "trip_ref": meta.get("trip_ref") or None,
        **{key: meta.get(key) for key in _CSV_SCALARS},
        "readings": [{**row, "humidity_pct": row.get("humidity_pct") or None} for row in rows],
        "checksum": {"algorithm": "sha256", "value": meta.get("checksum_sha256")},
    }
    try:
        return LoggerDump.model_validate(document)
    except ValidationError as exc:
        raise _rejection(exc) from exc
