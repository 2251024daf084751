"""Names of files that appear in a folder, as asyncio events: Linux inotify through ctypes.

The watch reports IN_CLOSE_WRITE (a writer closed the file: it is complete) and IN_MOVED_TO (a
file was renamed into the folder: atomic hand-over), see inotify(7). The descriptor is
non-blocking and read from the event loop with ``add_reader``, so no thread and no polling. When
the kernel queue overflows (IN_Q_OVERFLOW) or too many names pile up, the consumer is told to
rescan the folder instead. Where inotify does not exist (not Linux), :class:`PolledFolder` rescans
every few seconds instead; that fallback is documented in edge/README.md.
"""

import asyncio
import ctypes
import ctypes.util
import logging
import os
import struct
from pathlib import Path
from types import TracebackType
from typing import Final, Protocol, Self

logger = logging.getLogger(__name__)

# <sys/inotify.h>
IN_CLOSE_WRITE: Final = 0x00000008
IN_MOVED_TO: Final = 0x00000080
IN_DELETE_SELF: Final = 0x00000400
IN_MOVE_SELF: Final = 0x00000800
IN_Q_OVERFLOW: Final = 0x00004000
IN_IGNORED: Final = 0x00008000
IN_ONLYDIR: Final = 0x01000000
IN_ISDIR: Final = 0x40000000
IN_NONBLOCK: Final = os.O_NONBLOCK
IN_CLOEXEC: Final = os.O_CLOEXEC
_EVENT_HEADER: Final = struct.Struct("iIII")  # wd, mask, cookie, len; then len bytes of name
_READ_BYTES: Final = 64 * 1024


class FolderEvents(Protocol):
    """What the dump watcher needs: batches of new names, ``None`` meaning "rescan"."""

    async def next_names(self, timeout_s: float | None = None) -> set[str] | None:
        """Names that appeared since the last call; ``None`` to rescan (or on timeout)."""
        ...

    def close(self) -> None:
        """Stop watching."""
        ...


class InotifyUnavailableError(OSError):
    """This system has no usable inotify."""


class InotifyFolder:
    """Watches one folder (not recursively) for files that are complete."""

    def __init__(self, folder: Path, *, max_pending: int = 4096) -> None:
        self.folder = folder
        self._max_pending = max_pending
        self._pending: set[str] = set()
        self._rescan = False
        self._changed = asyncio.Event()
        self._libc = _libc()
        fd = self._libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        if fd < 0:
            errno = ctypes.get_errno()
            raise InotifyUnavailableError(errno, f"inotify_init1: {os.strerror(errno)}")
        self._fd = fd
        mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR
        if self._libc.inotify_add_watch(fd, os.fsencode(folder), mask) < 0:
            errno = ctypes.get_errno()
            os.close(fd)
            detail = f"inotify_add_watch {folder}: {os.strerror(errno)}"
            raise InotifyUnavailableError(errno, detail)
        self._loop = asyncio.get_running_loop()
        self._loop.add_reader(fd, self._on_readable)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop watching and close the descriptor."""
        if self._fd >= 0:
            self._loop.remove_reader(self._fd)
            os.close(self._fd)
            self._fd = -1

    async def next_names(self, timeout_s: float | None = None) -> set[str] | None:
        """Wait for new names; ``None`` when the folder must be rescanned or on timeout."""
        if not self._pending and not self._rescan:
            try:
                async with asyncio.timeout(timeout_s):
                    await self._changed.wait()
            except TimeoutError:
                return None
        self._changed.clear()
        names, self._pending = self._pending, set()
        if self._rescan:
            self._rescan = False
            return None
        return names

    def _on_readable(self) -> None:
        while True:
            try:
                data = os.read(self._fd, _READ_BYTES)
            except BlockingIOError:
                break
            if not data:
                break
            self._parse(data)
        self._changed.set()

    def _parse(self, data: bytes) -> None:
        offset = 0
        while offset + _EVENT_HEADER.size <= len(data):
            _wd, mask, _cookie, length = _EVENT_HEADER.unpack_from(data, offset)
            start = offset + _EVENT_HEADER.size
            name = data[start : start + length].rstrip(b"\0")
            offset = start + length
            if mask & (IN_Q_OVERFLOW | IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF):
                if not mask & IN_Q_OVERFLOW:
                    logger.error("watched folder %s went away; rescanning", self.folder)
                self._rescan = True
            elif name and not mask & IN_ISDIR:
                self._pending.add(os.fsdecode(name))
        if len(self._pending) > self._max_pending:
            self._pending.clear()
            self._rescan = True


class PolledFolder:
    """Fallback without inotify: every ``interval_s`` the consumer is told to rescan."""

    def __init__(self, interval_s: float) -> None:
        self.interval_s = interval_s

    async def next_names(self, timeout_s: float | None = None) -> set[str] | None:
        """Sleep the polling interval (or the shorter timeout), then ask for a rescan."""
        delay_s = self.interval_s if timeout_s is None else min(timeout_s, self.interval_s)
        await asyncio.sleep(delay_s)
        return None

    def close(self) -> None:
        """Nothing to release."""


def watch_folder(
    folder: Path, *, poll_interval_s: float = 5.0, inotify: bool = True
) -> FolderEvents:
    """Inotify when the system has it (and ``inotify``), otherwise the polling fallback."""
    if not inotify:
        return PolledFolder(poll_interval_s)
    try:
        return InotifyFolder(folder)
    except InotifyUnavailableError as exc:
        logger.warning("no inotify (%s): rescanning %s every %s s", exc, folder, poll_interval_s)
        return PolledFolder(poll_interval_s)


def _libc() -> ctypes.CDLL:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        init, add = libc.inotify_init1, libc.inotify_add_watch
    except (OSError, AttributeError) as exc:
        raise InotifyUnavailableError(0, f"no inotify in the C library: {exc}") from exc
    init.argtypes, init.restype = [ctypes.c_int], ctypes.c_int
    add.argtypes, add.restype = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32], ctypes.c_int
    return libc
