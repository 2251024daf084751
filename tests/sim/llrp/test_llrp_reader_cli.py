"""``coldtrace-sim reader``: one reader with N tags in its field, until SIGTERM."""

import asyncio
import signal
import sys

from coldtrace_protocol.identifiers import Sgtin96, decode_epc_bytes
from coldtrace_sim.llrp.messages import GetReaderCapabilities, GetReaderCapabilitiesResponse
from coldtrace_sim.llrp.messages_specs import AddROSpec, EnableROSpec
from tests.sim.llrp.llrp_peer import LlrpPeer
from tests.sim.llrp.rospecs import aispec, rospec


async def test_reader_command_serves_its_tags_and_stops_on_sigterm() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "coldtrace_sim", "reader", "--port", "0", "--tags", "7",
        "--antennas", "2", "--plain", "--read-probability", "1", "--log-level", "WARNING",
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None
    try:
        line = await asyncio.wait_for(process.stdout.readline(), 30)
        _, _host, port = line.decode().split()
        peer = await LlrpPeer.connect(int(port))
        await peer.greeting()
        capabilities = await peer.request(GetReaderCapabilities(0))
        assert isinstance(capabilities, GetReaderCapabilitiesResponse)
        assert capabilities.general is not None
        assert capabilities.general.max_antennas == 2
        assert capabilities.general.manufacturer == 0  # plain: not Impinj's PEN
        assert (await peer.request(AddROSpec(rospec(specs=(aispec((0,), n_tags=7),))))).status.ok  # type: ignore[attr-defined]
        assert (await peer.request(EnableROSpec(1))).status.ok  # type: ignore[attr-defined]
        tags = await peer.tags(14)
        assert len({t.epc for t in tags}) == 7
        assert all(isinstance(decode_epc_bytes(t.epc), Sgtin96) for t in tags)
        assert {t.antenna_id for t in tags} == {1, 2}
        await peer.close()
    finally:
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 30) == 0
