"""The logger-dump producer: watch the folder and import every dump that lands in it.

The agent holds the folder's importer lock for as long as it runs, so the ``import-dump`` CLI
knows to hand files over instead of opening the outbox itself. The watch starts before the first
scan, so a dump that arrives while the backlog is being imported is not missed.
"""

import asyncio
import logging
from pathlib import Path

from coldtrace_edge.loggers.dump_folder import DumpFolder, ImporterLock
from coldtrace_edge.loggers.dump_importer import DumpImporter, ImportOutcome
from coldtrace_edge.loggers.folder_events import FolderEvents, watch_folder
from coldtrace_protocol.backoff import Backoff

logger = logging.getLogger(__name__)


class DumpWatcher:
    """Imports dumps from one folder until cancelled."""

    def __init__(
        self,
        importer: DumpImporter,
        *,
        poll_interval_s: float = 5.0,
        inotify: bool = True,
        retry_min_s: float = 1.0,
        retry_max_s: float = 60.0,
    ) -> None:
        self.importer = importer
        self.folder: DumpFolder = importer.folder
        self.poll_interval_s = poll_interval_s
        self.inotify = inotify
        self._backoff = Backoff(retry_min_s, retry_max_s)
        self.watching = asyncio.Event()  # set once the lock is held and the watch is in place

    async def run(self) -> None:
        """Take the importer lock, import the backlog, then every new dump."""
        await asyncio.to_thread(self.folder.ensure)
        with ImporterLock(self.folder.lock_path) as lock:
            await self._acquire(lock)
            events = watch_folder(
                self.folder.root, poll_interval_s=self.poll_interval_s, inotify=self.inotify
            )
            self.watching.set()
            try:
                await self._watch(events)
            finally:
                self.watching.clear()
                events.close()

    async def _acquire(self, lock: ImporterLock) -> None:
        """Another process (a CLI import, or a second agent by mistake) may hold it for a while."""
        while not lock.try_acquire():
            delay_s = self._backoff.next_delay_s()
            logger.warning("%s is locked by another process; retry in %.1f s", lock.path, delay_s)
            await asyncio.sleep(delay_s)
        self._backoff.reset()
        logger.info("importing logger dumps dropped in %s", self.folder.root)

    async def _watch(self, events: FolderEvents) -> None:
        retry_in_s: float | None = None
        names: set[str] | None = None  # None: scan the whole folder
        while True:
            if names is None:
                paths = await asyncio.to_thread(self.folder.candidates)
            else:
                paths = [self.folder.root / name for name in sorted(names)]
            deferred = await self.import_all(paths)
            if deferred:
                retry_in_s = self._backoff.next_delay_s()  # the outbox is full: try again later
            else:
                retry_in_s = None
                self._backoff.reset()
            names = await events.next_names(timeout_s=retry_in_s)

    async def import_all(self, paths: list[Path]) -> int:
        """Import each candidate in turn; how many were deferred (outbox full)."""
        deferred = 0
        for path in paths:
            if not self.folder.is_candidate(path):
                continue  # gone already, or a hidden partial file
            try:
                result = await self.importer.import_file(path)
            except OSError:
                logger.exception("logger dump %s could not be read or moved", path.name)
                continue
            if result.outcome is ImportOutcome.DEFERRED:
                deferred += 1
        return deferred
