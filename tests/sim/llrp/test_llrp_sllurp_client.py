"""sllurp 3.0.5, the client the edge uses, against the simulated reader (LLRP-NOTES.md)."""

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from sllurp.llrp import LLRPReaderState

from coldtrace_protocol.identifiers import Sgtin96, decode_epc_bytes
from coldtrace_sim.llrp.enums import ROSpecState
from coldtrace_sim.llrp.server import ReaderServer
from tests.sim.llrp.conftest import StartReader
from tests.sim.llrp.sllurp_harness import SllurpHarness

SELECTOR_KEYS = {
    "EnableROSpecID": "ROSpecID",
    "EnableSpecIndex": "SpecIndex",
    "EnableInventoryParameterSpecID": "InventoryParameterSpecID",
    "EnableAntennaID": "AntennaID",
    "EnableChannelIndex": "ChannelIndex",
    "EnablePeakRSSI": "PeakRSSI",
    "EnableFirstSeenTimestamp": "FirstSeenTimestampUTC",
    "EnableLastSeenTimestamp": "LastSeenTimestampUTC",
    "EnableTagSeenCount": "TagSeenCount",
    "EnableAccessSpecID": "AccessSpecID",
}
IMPINJ_SELECTOR = {
    "EnableRFPhaseAngle": False,
    "EnablePeakRSSI": True,
    "EnableRFDopplerFrequency": False,
}

Harness = Callable[..., SllurpHarness]


def config(asked: set[str], **extra: Any) -> dict[str, Any]:
    """A sllurp config reporting every 5 tags with exactly the selector flags in ``asked``."""
    return {
        "antennas": [1, 2],
        "report_every_n_tags": 5,
        "tag_content_selector": {flag: flag in asked for flag in SELECTOR_KEYS},
        **extra,
    }


@pytest.fixture
async def sllurp() -> AsyncIterator[Harness]:
    """sllurp clients that are stopped when the test ends."""
    clients: list[SllurpHarness] = []

    def make(server: ReaderServer, settings: dict[str, Any]) -> SllurpHarness:
        client = SllurpHarness(server.port, settings)
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.close()


@pytest.mark.parametrize(
    "asked",
    [
        set(SELECTOR_KEYS) - {"EnableAccessSpecID"},
        {"EnableAntennaID", "EnablePeakRSSI", "EnableFirstSeenTimestamp"},
        set(),
    ],
    ids=["everything", "antenna-rssi-first-seen", "epc-only"],
)
async def test_plain_config_gets_exactly_the_fields_it_asked_for(
    start_reader: StartReader, sllurp: Harness, asked: set[str]
) -> None:
    server = await start_reader(tags=8, vendor="plain")
    client = sllurp(server, config(asked))
    await client.connect()
    await client.reach(LLRPReaderState.STATE_INVENTORYING)
    tags = await client.tags(10)
    expected = {"EPC-96", "EPC"} | {SELECTOR_KEYS[flag] for flag in asked}
    for tag in tags:
        assert set(tag) == expected
        assert isinstance(decode_epc_bytes(bytes.fromhex(tag["EPC"].decode())), Sgtin96)
        if "AntennaID" in tag:
            assert tag["AntennaID"] in (1, 2)
        if "PeakRSSI" in tag:
            assert -100 < tag["PeakRSSI"] < 0
        if "FirstSeenTimestampUTC" in tag:
            assert abs(tag["FirstSeenTimestampUTC"] - server.clock.now_us()) < 60_000_000


async def test_impinj_options_on_an_impinj_reader(
    start_reader: StartReader, sllurp: Harness
) -> None:
    server = await start_reader(tags=8, vendor="impinj")
    settings = config(
        {"EnableAntennaID", "EnablePeakRSSI"},
        impinj_search_mode=2,
        impinj_tag_content_selector=IMPINJ_SELECTOR,
    )
    client = sllurp(server, settings)
    await client.connect()
    await client.reach(LLRPReaderState.STATE_INVENTORYING)
    for tag in await client.tags(5):
        assert set(tag) == {"EPC-96", "EPC", "AntennaID", "PeakRSSI", "ImpinjPeakRSSI"}
        assert abs(tag["ImpinjPeakRSSI"] / 100 - tag["PeakRSSI"]) <= 0.5


async def test_impinj_options_on_a_plain_reader_fail_like_a_non_impinj_reader(
    start_reader: StartReader, sllurp: Harness
) -> None:
    server = await start_reader(vendor="plain")
    client = sllurp(server, config(set(), impinj_search_mode=2))
    await client.connect()
    assert await client.was_disconnected()
    assert client.states.empty()  # never got to INVENTORYING
    await server.wait_for(lambda: not server.connected())


async def test_pause_and_resume(start_reader: StartReader, sllurp: Harness) -> None:
    server = await start_reader(tags=5)
    client = sllurp(server, config({"EnableAntennaID"}))
    await client.connect()
    await client.reach(LLRPReaderState.STATE_INVENTORYING)
    await client.tags(5)
    await client.pause()
    assert server.reader.rospecs.get(1).state is ROSpecState.DISABLED
    client.drain()
    await client.resume()
    assert server.reader.rospecs.get(1).state is not ROSpecState.DISABLED
    assert await client.tags(5)


async def test_reconnects_after_the_reader_drops_the_connection(
    start_reader: StartReader, sllurp: Harness
) -> None:
    server = await start_reader(tags=5)
    client = sllurp(server, config({"EnableAntennaID"}, reconnect=True))
    await client.connect()
    await client.reach(LLRPReaderState.STATE_INVENTORYING)
    await client.tags(5)
    served = server.sessions_served
    server.drop_client()
    await server.wait_for(lambda: server.sessions_served > served and server.connected())
    await client.reach(LLRPReaderState.STATE_INVENTORYING)  # the handshake was redone
    client.drain()
    assert await client.tags(5)
