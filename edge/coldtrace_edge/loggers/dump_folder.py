"""The watched logger-dump folder: where dumps arrive, where they end up, and who may import.

Layout (edge/README.md, "Probes and logger dumps")::

    <logger_dump_dir>/            drop dumps here (names starting with "." are ignored)
      imported/<sha256>_<name>    imported dumps; the checksum in the name is the duplicate record
      rejected/<name>             refused dumps, each with <name>.reason.txt next to it
      .importer.lock              held (flock) by the process that imports: the agent, or the CLI
      .handover.lock              held for an instant while a hand-over picks a free name

Every move is a rename within the folder's file system followed by an fsync of the directories,
so a dump is in exactly one place after a power cut.
"""

import fcntl
import os
import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Self

from coldtrace_edge.settings import Settings

IGNORED_SUFFIXES = (".partial", ".tmp", ".swp")


def dump_folder_path(settings: Settings) -> Path:
    """The watched folder: the setting, or ``<data_dir>/logger-dumps``."""
    return settings.logger_dump_dir or settings.data_dir / "logger-dumps"


def fsync_directory(path: Path) -> None:
    """Make renames and new entries in ``path`` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class DumpFolder:
    """The folder layout and its atomic moves."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.imported = root / "imported"
        self.rejected = root / "rejected"
        self.lock_path = root / ".importer.lock"

    def ensure(self) -> None:
        """Create the folders."""
        for path in (self.root, self.imported, self.rejected):
            path.mkdir(parents=True, exist_ok=True)

    def candidates(self) -> list[Path]:
        """Dumps waiting in the folder, by name."""
        return sorted(path for path in self.root.iterdir() if self.is_candidate(path))

    def is_candidate(self, path: Path) -> bool:
        """A complete, visible regular file directly in the folder."""
        name = path.name
        if name.startswith(".") or name.endswith(IGNORED_SUFFIXES) or path.parent != self.root:
            return False
        return path.is_file()

    def imported_as(self, checksum: str) -> Path | None:
        """Where a dump with this checksum was imported, if it was."""
        return next(iter(sorted(self.imported.glob(f"{checksum}_*"))), None)

    def hand_over(self, source: Path) -> Path:
        """Copy ``source`` into the folder atomically (hidden copy, fsync, rename); new path."""
        self.ensure()
        partial = self.root / f".{source.name}.{uuid.uuid4().hex[:8]}.partial"
        try:
            with source.open("rb") as src, partial.open("xb") as dst:
                shutil.copyfileobj(src, dst)
                dst.flush()
                os.fsync(dst.fileno())
            target = self._publish(partial, source.name)
        finally:
            partial.unlink(missing_ok=True)
        fsync_directory(self.root)
        return target

    def _publish(self, partial: Path, name: str) -> Path:
        """Rename the complete copy to a free visible name (IN_MOVED_TO wakes the watcher).

        rename() replaces an existing file, so concurrent hand-overs pick and take their names
        under a short exclusive lock of their own.
        """
        fd = os.open(self.root / ".handover.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            target = unique_path(self.root, name)
            partial.rename(target)
        finally:
            os.close(fd)
        return target

    def mark_imported(self, path: Path, checksum: str) -> Path:
        """Move an imported dump to ``imported/<checksum>_<name>`` (this is the record)."""
        return self._move(path, unique_path(self.imported, f"{checksum}_{path.name}"))

    def reject(self, path: Path, reason: str, message: str) -> Path:
        """Move a refused dump to ``rejected/`` and write ``<name>.reason.txt`` next to it."""
        target = self._move(path, unique_path(self.rejected, path.name))
        note = target.with_name(f"{target.name}.reason.txt")
        partial = target.with_name(f".{note.name}.partial")
        text = (
            f"reason: {reason}\n"
            f"message: {message}\n"
            f"file: {path.name}\n"
            f"rejected_at: {datetime.now(UTC).isoformat()}\n"
        )
        with partial.open("w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        partial.replace(note)
        fsync_directory(self.rejected)
        return target

    def _move(self, path: Path, target: Path) -> Path:
        path.rename(target)
        fsync_directory(target.parent)
        fsync_directory(path.parent)
        return target


def unique_path(folder: Path, name: str) -> Path:
    """``folder/name``, or ``folder/<stem>.<n><suffix>`` when that name is taken."""
    candidate = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    counter = 1
    while candidate.exists():
        candidate = folder / f"{stem}.{counter}{suffix}"
        counter += 1
    return candidate


class ImporterLock:
    """An exclusive ``flock`` on ``.importer.lock``: one importing process per folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def try_acquire(self) -> bool:
        """Take the lock if free (never blocks)."""
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        """Let another process import."""
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
