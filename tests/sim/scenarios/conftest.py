"""Fixtures for scenario tests: free loopback ports and a manual sim clock."""

import logging
import random
import socket
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

from coldtrace_sim.scenarios.clock import ManualClock


@pytest.fixture
def manual_clock() -> ManualClock:
    """A sim clock that moves only when the test says so."""
    return ManualClock(datetime(2025, 1, 6, 6, 0, tzinfo=UTC))


@pytest.fixture
def free_port() -> Callable[[], int]:
    """Find a loopback port that is free right now (for servers that need a fixed port)."""

    def find() -> int:
        rng = random.Random()
        for _ in range(50):
            port = rng.randrange(20000, 60000)
            with socket.socket() as sock:
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    continue
            return port
        pytest.fail("no free port")

    return find


@pytest.fixture(autouse=True)
def restore_root_logging() -> Iterator[None]:
    """The commands configure logging for a process; put the test process's back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
