"""The simulation clock shared by probes, loggers and portals: sim time = start + speed * elapsed.

Everything the simulator models is a function of *sim time*, so a day of cold-room data can be
produced in 24 minutes at 60x. Two implementations share one protocol: :class:`ScaledClock`
follows the host's monotonic clock (the simulator in production), :class:`ManualClock` moves only
when told to (tests, and generating data as fast as possible).
"""

import asyncio
import math
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from coldtrace_sim.scenarios.durations import parse_duration_s


class SimClock(Protocol):
    """What devices need from a clock: the sim start, the current sim time, and a way to wait."""

    @property
    def start(self) -> datetime:
        """Sim time zero of the scenario (timezone-aware UTC)."""
        ...

    @property
    def speed(self) -> float:
        """Sim seconds per real second."""
        ...

    def elapsed_s(self) -> float:
        """Sim seconds since :attr:`start`."""
        ...

    def now(self) -> datetime:
        """Current sim time (timezone-aware UTC)."""
        ...

    async def sleep_until(self, elapsed_s: float, stop: asyncio.Event) -> bool:
        """Wait until sim time reaches ``elapsed_s``; False if ``stop`` was set first."""
        ...


def _require_utc(start: datetime) -> datetime:
    if start.tzinfo is None or start.utcoffset() is None:
        msg = f"sim clock start must be timezone-aware, got {start!r}"
        raise ValueError(msg)
    return start.astimezone(UTC)


class ScaledClock:
    """Sim time runs ``speed`` times faster than the host's monotonic clock."""

    def __init__(
        self,
        start: datetime,
        *,
        speed: float = 1.0,
        realtime_after_s: float | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if not math.isfinite(speed) or speed <= 0:
            msg = f"clock speed must be a positive number, got {speed!r}"
            raise ValueError(msg)
        self._start = _require_utc(start)
        self._speed = speed
        # After this much sim time the clock runs at 1x (a replay that has caught up with now).
        self._realtime_after_s = realtime_after_s
        self._monotonic = monotonic
        self._origin_s = monotonic()

    @classmethod
    def catching_up(
        cls,
        start: datetime,
        *,
        speed: float,
        now: datetime | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> "ScaledClock":
        """Run at ``speed`` from a past ``start`` until sim time meets the wall clock, then 1x."""
        wall = now if now is not None else datetime.now(UTC)
        behind_s = (wall - _require_utc(start)).total_seconds()
        if speed <= 1.0 or behind_s <= 0:
            return cls(start, speed=speed, monotonic=monotonic)
        # Sim meets wall after r real seconds: start + speed * r = wall + r.
        realtime_after_s = speed * behind_s / (speed - 1.0)
        return cls(start, speed=speed, realtime_after_s=realtime_after_s, monotonic=monotonic)

    def _sim_from_real(self, real_s: float) -> float:
        fast_s = real_s * self._speed
        after_s = self._realtime_after_s
        if after_s is None or fast_s <= after_s:
            return fast_s
        return after_s + (real_s - after_s / self._speed)

    def _real_from_sim(self, sim_s: float) -> float:
        after_s = self._realtime_after_s
        if after_s is None or sim_s <= after_s:
            return sim_s / self._speed
        return after_s / self._speed + (sim_s - after_s)

    @property
    def start(self) -> datetime:
        """Sim time zero."""
        return self._start

    @property
    def speed(self) -> float:
        """Sim seconds per real second."""
        return self._speed

    def elapsed_s(self) -> float:
        """Sim seconds since start: real seconds since construction times the speed."""
        return self._sim_from_real(self._monotonic() - self._origin_s)

    def now(self) -> datetime:
        """Current sim time."""
        return self._start + timedelta(seconds=self.elapsed_s())

    async def sleep_until(self, elapsed_s: float, stop: asyncio.Event) -> bool:
        """Sleep the real-time equivalent of the remaining sim time, waking early on ``stop``."""
        while not stop.is_set():
            if self.elapsed_s() >= elapsed_s:
                return True
            if math.isinf(elapsed_s):
                await stop.wait()
                break
            real_s = self._real_from_sim(elapsed_s) - (self._monotonic() - self._origin_s)
            try:
                async with asyncio.timeout(max(0.0, real_s)):
                    await stop.wait()
            except TimeoutError:
                continue
        return False


class ManualClock:
    """A clock that moves only through :meth:`advance` / :meth:`set_elapsed` (never backwards)."""

    def __init__(self, start: datetime, *, speed: float = 1.0) -> None:
        self._start = _require_utc(start)
        self._speed = speed
        self._elapsed_s = 0.0
        self._moved = asyncio.Event()

    @property
    def start(self) -> datetime:
        """Sim time zero."""
        return self._start

    @property
    def speed(self) -> float:
        """Nominal speed, reported to components that scale their own timers."""
        return self._speed

    def elapsed_s(self) -> float:
        """Sim seconds since start."""
        return self._elapsed_s

    def now(self) -> datetime:
        """Current sim time."""
        return self._start + timedelta(seconds=self._elapsed_s)

    def set_elapsed(self, elapsed_s: float) -> None:
        """Jump to ``elapsed_s`` sim seconds after start and wake every waiter."""
        if elapsed_s < self._elapsed_s:
            msg = "a sim clock never runs backwards"
            raise ValueError(msg)
        self._elapsed_s = elapsed_s
        moved, self._moved = self._moved, asyncio.Event()
        moved.set()

    def advance(self, seconds: float) -> None:
        """Move sim time forward by ``seconds``."""
        self.set_elapsed(self._elapsed_s + seconds)

    async def sleep_until(self, elapsed_s: float, stop: asyncio.Event) -> bool:
        """Wait for the clock to be moved past ``elapsed_s``; False if ``stop`` is set first."""
        while self._elapsed_s < elapsed_s:
            if stop.is_set():
                return False
            moved = self._moved
            async with asyncio.TaskGroup() as group:
                moved_task = group.create_task(moved.wait(), name="clock-moved")
                stop_task = group.create_task(stop.wait(), name="clock-stop")
                done, _ = await asyncio.wait(
                    {moved_task, stop_task}, return_when=asyncio.FIRST_COMPLETED
                )
                for task in (moved_task, stop_task):
                    if task not in done:
                        task.cancel()
        return True


def parse_start(value: str | datetime, *, now: datetime | None = None) -> datetime:
    """Read a clock start: ``now``, ``now-1d`` / ``-6h`` (relative to wall time) or ISO 8601."""
    wall = now if now is not None else datetime.now(UTC)
    if isinstance(value, datetime):
        return _require_utc(value)
    text = value.strip()
    if text == "now":
        return wall
    for prefix in ("now-", "-"):
        if text.startswith(prefix):
            return wall - timedelta(seconds=parse_duration_s(text[len(prefix) :]))
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        msg = f"clock start {value!r} is not 'now', 'now-<duration>' or ISO 8601"
        raise ValueError(msg) from exc
    return _require_utc(parsed)
