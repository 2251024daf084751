"""General-purpose inputs (a photo-eye at a door) and outputs (a stack light) of a reader.

GPI ports report 0 low, 1 high, 2 unknown (LLRP 1.0.1 §12.2.7); a port that the client disabled
generates no events. GPO writes come from SET_READER_CONFIG GPOWriteData (§12.2.3).
"""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)

GPI_LOW = 0
GPI_HIGH = 1
GPI_UNKNOWN = 2


@dataclass
class _Waiter:
    port: int
    level: bool
    future: asyncio.Future[None]


@dataclass
class Gpio:
    """The GPI and GPO ports of one reader (ports numbered from 1)."""

    gpi_count: int
    gpo_count: int
    gpi_enabled: dict[int, bool] = field(default_factory=dict)
    gpi_state: dict[int, int] = field(default_factory=dict)
    gpo_state: dict[int, bool] = field(default_factory=dict)
    _gpi_listeners: list[Callable[[int, bool], None]] = field(default_factory=list)
    _gpo_listeners: list[Callable[[int, bool], None]] = field(default_factory=list)
    _waiters: list[_Waiter] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Factory state: every GPI enabled at unknown level, every GPO low."""
        self.gpi_enabled = dict.fromkeys(range(1, self.gpi_count + 1), True)
        self.gpi_state = dict.fromkeys(range(1, self.gpi_count + 1), GPI_UNKNOWN)
        self.gpo_state = dict.fromkeys(range(1, self.gpo_count + 1), False)

    def on_gpi(self, listener: Callable[[int, bool], None]) -> Callable[[], None]:
        """Call ``listener(port, high)`` on each event of an enabled GPI; returns an unsubscribe."""
        self._gpi_listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._gpi_listeners:
                self._gpi_listeners.remove(listener)

        return unsubscribe

    def on_gpo(self, listener: Callable[[int, bool], None]) -> None:
        """Call ``listener(port, high)`` whenever the client writes a GPO."""
        self._gpo_listeners.append(listener)

    def set_gpi(self, port: int, high: bool) -> None:
        """Drive an input (a photo-eye); a level change on an enabled port is an event."""
        if port not in self.gpi_state:
            raise ValueError(f"no GPI port {port}")
        level = GPI_HIGH if high else GPI_LOW
        if self.gpi_state[port] == level:
            return
        self.gpi_state[port] = level
        if not self.gpi_enabled[port]:
            return
        for listener in list(self._gpi_listeners):
            listener(port, high)
        for waiter in [w for w in self._waiters if w.port == port and w.level == high]:
            self._waiters.remove(waiter)
            if not waiter.future.done():
                waiter.future.set_result(None)

    def write_gpo(self, port: int, high: bool) -> None:
        """Apply a GPOWriteData from the client."""
        if port not in self.gpo_state:
            raise ValueError(f"no GPO port {port}")
        self.gpo_state[port] = high
        logger.info("GPO %s set %s", port, "high" if high else "low")
        for listener in list(self._gpo_listeners):
            listener(port, high)

    async def wait_for(self, port: int, high: bool, timeout_s: float | None) -> bool:
        """Wait for an event on ``port`` going to ``high``; False after ``timeout_s`` (real)."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        waiter = _Waiter(port, high, future)
        self._waiters.append(waiter)
        try:
            await asyncio.wait_for(future, timeout_s)
        except TimeoutError:
            return False
        finally:
            if waiter in self._waiters:
                self._waiters.remove(waiter)
        return True
