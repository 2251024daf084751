"""Arbitrary bytes from clients never crash the simulated reader; it keeps serving the next one."""

import asyncio
import contextlib
import struct
import weakref

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coldtrace_sim.llrp.enums import ConnectionAttemptStatus
from coldtrace_sim.llrp.messages import ErrorMessage, ReaderEventNotification
from coldtrace_sim.llrp.messages_specs import GetROSpecs, GetROSpecsResponse
from coldtrace_sim.llrp.server import ReaderServer
from tests.sim.llrp.conftest import StartReader
from tests.sim.llrp.llrp_peer import LlrpPeer

# A header with a plausible length followed by garbage, or garbage alone.
frames = st.one_of(
    st.binary(max_size=64),
    st.tuples(st.integers(0, 0xFFFF), st.integers(0, 40), st.binary(max_size=40)).map(
        lambda t: struct.pack(">HII", t[0], 10 + t[1], 7) + t[2]
    ),
)


# One reader for all the examples of a test: it must survive every one of them.
_shared: "weakref.WeakKeyDictionary[StartReader, ReaderServer]" = weakref.WeakKeyDictionary()


async def shared_reader(start_reader: StartReader) -> ReaderServer:
    """The reader of the running test, started by its first example."""
    if start_reader not in _shared:
        _shared[start_reader] = await start_reader(name="fuzz")
    return _shared[start_reader]


async def served(server: ReaderServer) -> LlrpPeer:
    """A fresh client, once the previous one has been let go."""
    await server.wait_for(lambda: not server.connected())
    peer = await LlrpPeer.connect(server.port)
    _, greeting = await peer.read_frame()
    assert isinstance(greeting, ReaderEventNotification)
    assert greeting.data.connection_attempt is not None
    assert greeting.data.connection_attempt.status == ConnectionAttemptStatus.SUCCESS
    return peer


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(chunks=st.lists(frames, min_size=1, max_size=3))
async def test_garbage_from_a_client_never_stops_the_reader(
    start_reader: StartReader, chunks: list[bytes]
) -> None:
    server = await shared_reader(start_reader)
    peer = await served(server)
    with contextlib.suppress(ConnectionError):
        for chunk in chunks:
            await peer.send_raw(chunk)
    # Whatever the reader made of it (responses, ERROR_MESSAGE, a close), it answers nothing
    # it should not, and it is still alive for the next client.
    with contextlib.suppress(TimeoutError):
        await peer.closed_by_reader(timeout_s=0.05)
    for _, message in peer.backlog:
        assert not isinstance(message, ReaderEventNotification) or message.data.connection_close
    await peer.close()
    checker = await served(server)
    assert isinstance(await checker.request(GetROSpecs()), GetROSpecsResponse)
    await checker.close()


async def test_error_message_then_the_next_client(start_reader: StartReader) -> None:
    server = await start_reader()
    for _ in range(3):
        peer = await served(server)
        await peer.send_raw(b"\xff" * 10)  # version 7, type 1023, length 0xffffffff
        _, error = await peer.expect(ErrorMessage)
        assert not error.status.ok
        assert await peer.closed_by_reader()
        await peer.close()
    await asyncio.wait_for(server.wait_for(lambda: not server.connected()), 5)
