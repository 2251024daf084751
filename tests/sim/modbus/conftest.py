"""Fixtures for the simulated Modbus probes: real servers on loopback, real pymodbus clients."""

import random
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime

import pytest
from pymodbus.client import AsyncModbusTcpClient

from coldtrace_sim.scenarios.clock import ManualClock

START = datetime(2025, 1, 6, 6, 0, tzinfo=UTC)

ClientFactory = Callable[..., Awaitable[AsyncModbusTcpClient]]


@pytest.fixture
def clock() -> ManualClock:
    """A sim clock that moves only when the test says so."""
    return ManualClock(START)


@pytest.fixture
async def modbus_client() -> AsyncIterator[ClientFactory]:
    """Connect real pymodbus clients (no retries, no reconnect) and close them afterwards."""
    clients: list[AsyncModbusTcpClient] = []

    async def connect(port: int, *, timeout_s: float = 2.0) -> AsyncModbusTcpClient:
        client = AsyncModbusTcpClient(
            "127.0.0.1", port=port, timeout=timeout_s, retries=0, reconnect_delay=0
        )
        assert await client.connect(), f"cannot connect to 127.0.0.1:{port}"
        clients.append(client)
        return client

    yield connect
    for client in clients:
        client.close()


@pytest.fixture
def free_port_block() -> Callable[[int], int]:
    """Find a base port such that ``count`` consecutive ports are free right now on loopback."""
    return _free_port_block


def _free_port_block(count: int) -> int:
    rng = random.Random()
    for _ in range(50):
        base = rng.randrange(20000, 60000 - count)
        sockets = []
        try:
            for port in range(base, base + count):
                sock = socket.socket()
                sockets.append(sock)
                sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
        return base
    pytest.fail(f"no block of {count} free ports")
