"""A scalable simulation clock: UTC time that runs ``speed`` times faster than the wall clock."""

import asyncio
import time
from datetime import UTC, datetime


class SimClock:
    """Simulated UTC time; every reader and RF world of one process shares one instance.

    Durations that belong to the simulated world (ROSpec and AISpec triggers, inventory rounds,
    pallet movements) are in simulated seconds and pass ``speed`` times faster; protocol timers
    that belong to the TCP connection (keepalive) stay in real time.
    """

    def __init__(self, speed: float = 1.0, start: datetime | None = None) -> None:
        if speed <= 0:
            raise ValueError("clock speed must be positive")
        self.speed = speed
        self._mono0 = time.monotonic()
        self._start_s = (start or datetime.now(UTC)).timestamp()

    def now_s(self) -> float:
        """Simulated seconds since the Unix epoch."""
        return self._start_s + (time.monotonic() - self._mono0) * self.speed

    def now_us(self) -> int:
        """Simulated microseconds since the Unix epoch (LLRP UTCTimestamp, §7.1.3.1.1.1)."""
        return int(self.now_s() * 1_000_000)

    def elapsed_s(self) -> float:
        """Simulated seconds since the clock was created (the simulated readers' uptime)."""
        return (time.monotonic() - self._mono0) * self.speed

    def now(self) -> datetime:
        """Simulated time as an aware UTC datetime."""
        return datetime.fromtimestamp(self.now_s(), UTC)

    def real_seconds(self, sim_seconds: float) -> float:
        """How long ``sim_seconds`` of simulated time lasts on the wall clock."""
        return max(0.0, sim_seconds) / self.speed

    async def wait(self, event: asyncio.Event, sim_seconds: float | None) -> bool:
        """Wait until ``event`` is set or ``sim_seconds`` have passed; True if the event fired."""
        if event.is_set():
            return True
        if sim_seconds is None:
            await event.wait()
            return True
        real = self.real_seconds(sim_seconds)
        if real <= 0:
            await asyncio.sleep(0)
            return event.is_set()
        try:
            await asyncio.wait_for(event.wait(), real)
        except TimeoutError:
            return event.is_set()
        return True

    async def sleep(self, sim_seconds: float) -> None:
        """Sleep for ``sim_seconds`` of simulated time."""
        await asyncio.sleep(self.real_seconds(sim_seconds))
