"""The sim clock (scaled, catching up, manual), start times and durations."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coldtrace_sim.scenarios.clock import ManualClock, ScaledClock, parse_start
from coldtrace_sim.scenarios.durations import format_duration, parse_duration_s

START = datetime(2025, 1, 6, 6, 0, tzinfo=UTC)


class SteppedTime:
    """A monotonic time source the test moves by hand (the clock's only input)."""

    def __init__(self) -> None:
        self.now_s = 1000.0

    def __call__(self) -> float:
        return self.now_s


def test_scaled_clock_runs_speed_times_faster():
    time_source = SteppedTime()
    clock = ScaledClock(START, speed=60.0, monotonic=time_source)
    time_source.now_s += 30.0
    assert clock.elapsed_s() == 1800.0
    assert clock.now() == START + timedelta(minutes=30)


def test_catching_up_runs_fast_then_real_time():
    time_source = SteppedTime()
    wall = START + timedelta(hours=1)
    clock = ScaledClock.catching_up(START, speed=61.0, now=wall, monotonic=time_source)
    # 1 h behind at 61x: sim meets the wall clock after 60 real seconds (61 sim minutes).
    time_source.now_s += 60.0
    assert clock.elapsed_s() == pytest.approx(3660.0)
    time_source.now_s += 10.0
    assert clock.elapsed_s() == pytest.approx(3670.0)


def test_catching_up_from_the_future_is_plain_scaling():
    clock = ScaledClock.catching_up(START, speed=10.0, now=START - timedelta(hours=1))
    assert clock.speed == 10.0


def test_scaled_clock_rejects_nonsense():
    with pytest.raises(ValueError, match="positive"):
        ScaledClock(START, speed=0.0)
    with pytest.raises(ValueError, match="timezone-aware"):
        ScaledClock(datetime(2025, 1, 1))  # noqa: DTZ001 (the point of the test)


async def test_scaled_sleep_until_wakes_on_time_or_on_stop():
    clock = ScaledClock(START, speed=10_000.0)
    stop = asyncio.Event()
    assert await clock.sleep_until(50.0, stop)  # 5 ms of real time
    assert clock.elapsed_s() >= 50.0
    stop.set()
    assert not await clock.sleep_until(1e9, stop)


async def test_manual_clock_wakes_sleepers_when_moved():
    clock = ManualClock(START)
    stop = asyncio.Event()
    async with asyncio.TaskGroup() as group:
        reached = group.create_task(clock.sleep_until(600.0, stop), name="sleeper")
        stopped = group.create_task(clock.sleep_until(9999.0, stop), name="stopped")
        await asyncio.sleep(0)
        clock.advance(300.0)
        await asyncio.sleep(0)
        assert not reached.done()
        clock.advance(300.0)
        assert await reached
        stop.set()
        assert not await stopped
    with pytest.raises(ValueError, match="backwards"):
        clock.set_elapsed(10.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", START),
        ("now-1d", START - timedelta(days=1)),
        ("-6h", START - timedelta(hours=6)),
        ("2025-01-01T00:00:00Z", datetime(2025, 1, 1, tzinfo=UTC)),
        ("2025-01-01T02:00:00+02:00", datetime(2025, 1, 1, tzinfo=UTC)),
    ],
)
def test_parse_start(text, expected):
    assert parse_start(text, now=START) == expected


def test_parse_start_refuses_naive_and_nonsense():
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_start("2025-01-01T00:00:00")
    with pytest.raises(ValueError, match="not 'now'"):
        parse_start("tomorrow")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90", 90.0), ("90s", 90.0), ("15m", 900.0), ("1h30m", 5400.0), ("1.5h", 5400.0),
     ("2d", 172800.0), ("250ms", 0.25), (45, 45.0)],
)  # fmt: skip
def test_durations(text, seconds):
    assert parse_duration_s(text) == seconds


@pytest.mark.parametrize("bad", ["", "5x", "m5", "1h 30", "-5m", True, "nan"])
def test_bad_durations(bad):
    with pytest.raises(ValueError, match="duration"):
        parse_duration_s(bad)


@given(st.integers(1, 10_000_000))
def test_format_duration_round_trips(seconds):
    assert parse_duration_s(format_duration(seconds)) == seconds
