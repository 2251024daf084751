"""Writing dump files so that a folder watcher never sees half a file.

The dump is written to a hidden ``.<name>.partial`` file in the target folder, flushed and
fsync'd, then renamed over the final name (``os.replace`` is atomic on POSIX within a file
system) and the folder is fsync'd so the rename survives a power cut. A watcher that ignores
names starting with ``.`` therefore only ever sees complete dumps.
"""

import os
from enum import StrEnum
from pathlib import Path

from coldtrace_protocol.loggerdump import LoggerDump
from coldtrace_sim.loggers.errors import DumpWriteError


class DumpFormat(StrEnum):
    """The two renderings of a dump (see firmware-sim/README.md, "Transit logger dumps")."""

    JSON = "json"
    CSV = "csv"

    @classmethod
    def for_path(cls, path: Path) -> "DumpFormat":
        """CSV for a ``.csv`` name, JSON otherwise."""
        return cls.CSV if path.suffix.lower() == ".csv" else cls.JSON


def render_dump(dump: LoggerDump, fmt: DumpFormat) -> str:
    """The dump's text in ``fmt``."""
    return dump.to_csv() if fmt is DumpFormat.CSV else dump.to_json()


def dump_file_name(dump: LoggerDump, fmt: DumpFormat) -> str:
    """``<serial>_<logger start, UTC>.<json|csv>``, unique per logger and trip."""
    return f"{dump.logger.serial}_{dump.started_at:%Y%m%dT%H%M%SZ}.{fmt}"


def write_dump(dump: LoggerDump, target: Path, fmt: DumpFormat | None = None) -> Path:
    """Write ``dump`` atomically to ``target`` (a file, or a folder to name it in)."""
    if target.is_dir():
        chosen = fmt or DumpFormat.JSON
        path = target / dump_file_name(dump, chosen)
    else:
        chosen = fmt or DumpFormat.for_path(target)
        path = target
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            out.write(render_dump(dump, chosen))
            out.flush()
            os.fsync(out.fileno())
        partial.replace(path)
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        msg = f"cannot write logger dump to {path}: {exc.strerror or exc}"
        raise DumpWriteError(msg, path=path) from exc
    return path
