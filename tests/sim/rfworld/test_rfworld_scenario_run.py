"""A scenario's portals served to real clients: sllurp sees a pallet go in, the photo-eye fires."""

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sllurp.llrp import LLRPReaderState

from coldtrace_protocol.identifiers import Sscc96, decode_epc_bytes
from coldtrace_sim.llrp.enums import NotificationEventType
from coldtrace_sim.llrp.messages import (
    GetReaderCapabilities,
    GetReaderCapabilitiesResponse,
    ReaderEventNotification,
    SetReaderConfig,
)
from coldtrace_sim.llrp.params_config import (
    EventNotificationState,
    GPOWriteData,
    ReaderEventNotificationSpec,
)
from coldtrace_sim.llrp.server import ReaderServer
from coldtrace_sim.rfworld.scenario import run_rfid_scenario
from tests.sim.llrp.llrp_peer import LlrpPeer
from tests.sim.llrp.sllurp_harness import SllurpHarness

# A 13 s pass takes under a second; the pallet starts 1.5 s (real) after the portal, so the
# clients are connected and configured before it reaches the first antenna.
SPEED = 20.0
DOCK_DOOR = Path(__file__).resolve().parents[3] / "firmware-sim" / "scenarios" / "dock-door.yaml"


def scenario(vendor: str) -> dict[str, Any]:
    return {
        "readers": [
            {
                "id": "door-1-reader",
                "port": 0,
                "vendor": vendor,
                "antennas": [
                    {"port": 1, "portal": "door-1", "side": "outside"},
                    {"port": 2, "portal": "door-1", "side": "inside"},
                ],
                "photo_eye": {"gpi": 1, "portal": "door-1"},
            }
        ],
        "movements": {
            "pallets": [
                {
                    "id": "PAL-1",
                    "sscc": "0000000101",
                    "contents": [{"product": "012345", "lot": "L1", "cases": 2}],
                    "passes": [{"at": "30s", "portal": "door-1", "direction": "in"}],
                }
            ],
            "noise": [{"portal": "door-1", "count": 2}],
        },
    }


@pytest.fixture
async def portal() -> AsyncIterator[Any]:
    """Run a scenario in the background; yields a starter returning the reader server."""
    stop = asyncio.Event()
    async with asyncio.TaskGroup() as group:

        async def start(vendor: str) -> ReaderServer:
            ready: asyncio.Future[list[ReaderServer]] = asyncio.get_running_loop().create_future()
            group.create_task(
                run_rfid_scenario(scenario(vendor), SPEED, stop, on_ready=ready.set_result),
                name="rfid-scenario",
            )
            (server,) = await asyncio.wait_for(ready, 10)
            return server

        yield start
        stop.set()


async def test_sllurp_sees_the_pallet_outside_first_then_inside(portal: Any) -> None:
    server = await portal("plain")
    client = SllurpHarness(
        server.port,
        {
            "antennas": [1, 2],
            "report_every_n_tags": 1,
            "report_timeout_ms": 200,
            "tag_content_selector": {"EnableAntennaID": True, "EnablePeakRSSI": True},
        },
    )
    try:
        await client.connect()
        await client.reach(LLRPReaderState.STATE_INVENTORYING)
        pallet_antennas: list[int] = []
        async with asyncio.timeout(30):
            while 2 not in pallet_antennas:
                for tag in await client.tags(1):
                    decoded = decode_epc_bytes(bytes.fromhex(tag["EPC"].decode()))
                    if isinstance(decoded, Sscc96):
                        pallet_antennas.append(tag["AntennaID"])
        assert pallet_antennas[0] == 1  # the dock side sees it first
    finally:
        await client.close()


async def test_photo_eye_events_and_stack_light(
    portal: Any, caplog: pytest.LogCaptureFixture
) -> None:
    server = await portal("impinj")
    peer = await LlrpPeer.connect(server.port)
    try:
        await peer.greeting()
        gpi_events = ReaderEventNotificationSpec(
            (EventNotificationState(NotificationEventType.GPI, enabled=True),)
        )
        with caplog.at_level(logging.INFO, logger="coldtrace_sim.rfworld.run"):
            response = await peer.request(
                SetReaderConfig(
                    False, event_spec=gpi_events, gpo_writes=(GPOWriteData(2, gpo_data=True),)
                )
            )
        assert response.status.ok  # type: ignore[attr-defined]
        assert "GPO 2 (stack light) on" in caplog.text
        levels: list[bool] = []
        while len(levels) < 2:
            _, event = await peer.expect(ReaderEventNotification, timeout_s=30)
            if event.data.gpi is not None:
                assert event.data.gpi.gpi_port_number == 1
                levels.append(event.data.gpi.gpi_event)
        assert levels == [True, False]  # beam broken, then clear
    finally:
        await peer.close()


async def test_the_example_scenario_runs_several_readers_in_one_process() -> None:
    doc = yaml.safe_load(DOCK_DOOR.read_text())
    for reader in doc["readers"]:
        reader["port"] = 0  # free ports instead of the example's fixed ones
    stop = asyncio.Event()
    ready: asyncio.Future[list[ReaderServer]] = asyncio.get_running_loop().create_future()
    async with asyncio.TaskGroup() as group:
        group.create_task(
            run_rfid_scenario(doc, 60.0, stop, on_ready=ready.set_result), name="rfid-scenario"
        )
        servers = await asyncio.wait_for(ready, 10)
        try:
            makers = []
            for server in servers:
                peer = await LlrpPeer.connect(server.port)
                await peer.greeting()
                response = await peer.request(GetReaderCapabilities(0))
                assert isinstance(response, GetReaderCapabilitiesResponse)
                assert response.general is not None
                makers.append(response.general.manufacturer)
                await peer.close()
            assert makers == [25882, 0]  # door 1 is Impinj-like, door 2 plain
        finally:
            stop.set()
