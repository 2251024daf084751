"""Fixtures for the probe poller: real simulated probes on loopback and a real outbox on disk."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from coldtrace_edge.uplink.outbox import Outbox
from coldtrace_sim.scenarios.clock import ManualClock
from tests.edge.sensors.simprobes import START


@pytest.fixture
def sim_clock() -> ManualClock:
    """Sim time for the probes; the poller uses it as the gateway clock too (so clocks agree)."""
    return ManualClock(START)


@pytest.fixture
async def outbox(tmp_path: Path) -> AsyncIterator[Outbox]:
    """A real outbox in the test's folder."""
    box = Outbox(tmp_path / "outbox.sqlite3", gateway_id="gw-probes-1")
    yield box
    await box.close()
