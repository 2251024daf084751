"""A simulated dock door (coldtrace-sim's RF world) and a gateway's RFID portals reading it."""

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coldtrace_edge.rfid.config import PortalFile
from coldtrace_edge.rfid.holds import HoldBook
from coldtrace_edge.rfid.portal import RfidPortals
from coldtrace_edge.uplink.outbox import Outbox
from coldtrace_protocol.holds import HoldAlarm
from coldtrace_protocol.rfid import PortalPass
from coldtrace_sim.llrp.server import ReaderServer
from coldtrace_sim.rfworld.scenario import run_rfid_scenario

SMOOTHING = {
    "departure_timeout_s": 0.6,
    "min_pass_rssi_dbm": -70.0,
    "dwell_s": 4.0,
    "aggregation_delay_s": 0.3,
}


def door_readers(pallets: list[dict[str, Any]], noise: int = 2) -> dict[str, Any]:
    """A scenario with door-1 (outside antenna 1, inside antenna 2) on an ephemeral port."""
    return {
        "readers": [
            {
                "id": "door-1-reader",
                "port": 0,
                "vendor": "plain",
                "antennas": [
                    {"port": 1, "portal": "door-1", "side": "outside"},
                    {"port": 2, "portal": "door-1", "side": "inside"},
                ],
            }
        ],
        "movements": {
            "pallets": pallets,
            "noise": [{"portal": "door-1", "count": noise, "distance_m": 4}] if noise else [],
        },
    }


def portal_file(port: int, **smoothing: float) -> PortalFile:
    """The gateway's portal file for the scenario's door-1 reader."""
    return PortalFile.model_validate(
        {
            "readers": [
                {
                    "id": "door-1-reader",
                    "port": port,
                    "report_every_n_tags": 20,
                    "report_timeout_ms": 100,
                    "keepalive_ms": 500,
                    "reconnect_min_s": 0.2,
                    "reconnect_max_s": 1.0,
                    "antennas": [
                        {"port": 1, "portal": "door-1", "zone": "outside"},
                        {"port": 2, "portal": "door-1", "zone": "inside"},
                    ],
                }
            ],
            "portals": [
                {"id": "door-1", "outside_location": "dock-1", "inside_location": "cold-room-1"}
            ],
            "smoothing": {**SMOOTHING, **smoothing},
        }
    )


@dataclass
class Running:
    """The scenario's reader server and the gateway side."""

    server: ReaderServer
    portals: RfidPortals
    outbox: Outbox


@asynccontextmanager
async def simulated_door(
    scenario: dict[str, Any], speed: float, data_dir: Path, outbox: Outbox
) -> AsyncIterator[Running]:
    """Serve the scenario and run the gateway's portals against it until the block ends."""
    stop = asyncio.Event()
    async with asyncio.TaskGroup() as group:
        ready: asyncio.Future[list[ReaderServer]] = asyncio.get_running_loop().create_future()
        group.create_task(
            run_rfid_scenario(scenario, speed, stop, on_ready=ready.set_result), name="sim"
        )
        (server,) = await asyncio.wait_for(ready, 10)
        portals = RfidPortals(portal_file(server.port), outbox, HoldBook(data_dir / "h.json"))
        gateway = group.create_task(portals.run(), name="portals")
        try:
            yield Running(server, portals, outbox)
        finally:
            gateway.cancel()
            stop.set()


@asynccontextmanager
async def open_outbox(data_dir: Path) -> AsyncIterator[Outbox]:
    """A gateway outbox in ``data_dir``."""
    outbox = Outbox(data_dir / "outbox.sqlite3", gateway_id="gw-rfid-test")
    try:
        yield outbox
    finally:
        await outbox.close()


async def outbox_items(outbox: Outbox) -> tuple[list[PortalPass], list[HoldAlarm]]:
    """Every pass and alarm the outbox holds (packed into messages first)."""
    await outbox.pack()
    passes: list[PortalPass] = []
    alarms: list[HoldAlarm] = []
    for message in await outbox.unacked(0, 100_000):
        body = json.loads(message.payload)
        passes += [PortalPass.model_validate(p) for p in body.get("passes", [])]
        alarms += [HoldAlarm.model_validate(a) for a in body.get("alarms", [])]
    return passes, alarms
