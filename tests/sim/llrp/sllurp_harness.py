"""sllurp 3.0.5 (a real LLRP client) driven from asyncio tests.

sllurp runs its own thread per reader and calls back on it; the callbacks only hand data to
thread-safe queues, and the tests wait on those through ``asyncio.to_thread``.
"""

import asyncio
import queue
import threading
from typing import Any

from sllurp.llrp import LLRPReaderClient, LLRPReaderConfig, LLRPReaderState

TIMEOUT_S = 10.0


class SllurpHarness:
    """One sllurp client of a simulated reader."""

    def __init__(self, port: int, config: dict[str, Any]) -> None:
        self.client = LLRPReaderClient("127.0.0.1", port, LLRPReaderConfig(config), timeout=5.0)
        self.reports: queue.Queue[list[dict[str, Any]]] = queue.Queue()
        self.states: queue.Queue[int] = queue.Queue()
        self.disconnected = threading.Event()
        self.client.add_tag_report_callback(lambda _reader, tags: self.reports.put(tags))
        for state in (LLRPReaderState.STATE_INVENTORYING, LLRPReaderState.STATE_PAUSED):
            self.client.add_state_callback(state, lambda _reader, s: self.states.put(s))
        self.client.add_disconnected_callback(lambda _reader: self.disconnected.set())

    async def connect(self) -> None:
        """Open the connection; the handshake runs on sllurp's thread."""
        await asyncio.to_thread(self.client.connect)

    async def reach(self, state: int, timeout_s: float = TIMEOUT_S) -> None:
        """Wait until sllurp enters ``state`` (INVENTORYING or PAUSED) once more."""
        while True:
            seen = await asyncio.to_thread(self.states.get, True, timeout_s)
            if seen == state:
                return

    async def tags(self, count: int = 1, timeout_s: float = TIMEOUT_S) -> list[dict[str, Any]]:
        """At least ``count`` tag dicts from the next reports."""
        found: list[dict[str, Any]] = []
        while len(found) < count:
            found.extend(await asyncio.to_thread(self.reports.get, True, timeout_s))
        return found

    def drain(self) -> int:
        """Drop the reports received so far; how many there were."""
        count = 0
        while True:
            try:
                self.reports.get_nowait()
            except queue.Empty:
                return count
            count += 1

    async def pause(self) -> None:
        """sllurp's pause(): DISABLE_ROSPEC."""
        await asyncio.to_thread(self.client.llrp.pause)
        await self.reach(LLRPReaderState.STATE_PAUSED)

    async def resume(self) -> None:
        """sllurp's resume(): ENABLE_ROSPEC."""
        await asyncio.to_thread(self.client.llrp.resume)
        await self.reach(LLRPReaderState.STATE_INVENTORYING)

    async def was_disconnected(self, timeout_s: float = TIMEOUT_S) -> bool:
        """Whether sllurp gave up on the connection."""
        return await asyncio.to_thread(self.disconnected.wait, timeout_s)

    async def close(self) -> None:
        """sllurp's polite stop (DELETE_ACCESSSPEC, DELETE_ROSPEC), then TCP close."""
        if self.client.is_alive():
            await asyncio.to_thread(self.client.disconnect, TIMEOUT_S)
        self.client.hard_disconnect()
        await asyncio.to_thread(self.client.join, TIMEOUT_S)
