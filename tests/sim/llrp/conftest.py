"""Fixtures for the LLRP reader simulator: real readers on free loopback ports."""

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from coldtrace_sim.llrp.clock import SimClock
from coldtrace_sim.llrp.profile import ReaderProfile
from coldtrace_sim.llrp.server import ReaderServer
from coldtrace_sim.llrp.tags import SteadyField
from coldtrace_sim.rfworld.epcs import steady_epcs
from tests.sim.llrp.llrp_peer import LlrpPeer

StartReader = Callable[..., Awaitable[ReaderServer]]
Connect = Callable[[ReaderServer], Awaitable[LlrpPeer]]


@pytest.fixture
async def start_reader() -> AsyncIterator[StartReader]:
    """Start simulated readers (port 0) that stop when the test ends.

    Keyword arguments go to ReaderProfile, except ``tags`` (how many tags are in the field),
    ``epcs`` (explicit EPCs), ``read_probability`` and ``clock``.
    """
    async with contextlib.AsyncExitStack() as stack:

        async def start(
            *,
            tags: int = 5,
            epcs: list[bytes] | None = None,
            read_probability: float = 1.0,
            clock: SimClock | None = None,
            **profile: Any,
        ) -> ReaderServer:
            settings: dict[str, Any] = {"min_round_s": 0.005, **profile}
            field = SteadyField(
                epcs if epcs is not None else steady_epcs(tags),
                read_probability=read_probability,
            )
            server = ReaderServer(ReaderProfile(**settings), field, clock=clock, port=0)
            return await stack.enter_async_context(server)

        yield start


@pytest.fixture
async def connect() -> AsyncIterator[Connect]:
    """Open raw LLRP client connections (already past the greeting) and close them at the end."""
    peers: list[LlrpPeer] = []

    async def open_peer(server: ReaderServer) -> LlrpPeer:
        peer = await LlrpPeer.connect(server.port)
        peers.append(peer)
        await peer.greeting()
        return peer

    yield open_peer
    for peer in peers:
        await peer.close()
