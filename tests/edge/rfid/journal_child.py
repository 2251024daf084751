"""A gateway's RFID portals in a process of their own, fed a pallet-less walk through door-1, for
the journal tests to SIGKILL: ``python -m tests.edge.rfid.journal_child DATA_DIR MODE``.

MODE ``half``: the walk's first reports (outside, then the first inside ones), each followed by a
checkpoint; ``whole``: every report, then the pass is closed and appended. Either way the child
prints one line (``journalled <track id>`` or ``appended <track id>``) and waits to be killed.
"""

import asyncio
import sys
import time
from pathlib import Path

from coldtrace_edge.rfid.config import PortalFile
from coldtrace_edge.rfid.holds import HoldBook
from coldtrace_edge.rfid.portal import CHECKPOINT_INTERVAL_S, RfidPortals
from coldtrace_edge.rfid.reads import RawRead
from coldtrace_edge.uplink.outbox import Outbox
from coldtrace_sim.rfworld.epcs import DEMO_COMPANY_PREFIX, item_epc

GATEWAY = "gw-journal-test"
READER = "door-1-reader"
EPC = item_epc(DEMO_COMPANY_PREFIX, "012345", 7).hex().upper()
# Long enough that a loaded machine never splits the walk; the tests close passes by passing
# flush() a later time, never by waiting.
SMOOTHING = {
    "departure_timeout_s": 5.0,
    "min_pass_rssi_dbm": -70.0,
    "dwell_s": 30.0,
    "aggregation_delay_s": 0.5,
}
# (antenna, rssi) of each report of the walk: outside (antenna 1) growing, inside (2) fading.
WALK = [(1, -66.0 + 2 * k) for k in range(6)] + [(2, -52.0 - 2 * k) for k in range(6)]
HALF = 9  # six outside reports and three inside ones


def portal_file() -> PortalFile:
    """door-1 between dock-1 and cold-room-1; the reader is never connected to."""
    return PortalFile.model_validate(
        {
            "readers": [
                {
                    "id": READER,
                    "port": 9,
                    "antennas": [
                        {"port": 1, "portal": "door-1", "zone": "outside"},
                        {"port": 2, "portal": "door-1", "zone": "inside"},
                    ],
                }
            ],
            "portals": [
                {"id": "door-1", "outside_location": "dock-1", "inside_location": "cold-room-1"}
            ],
            "smoothing": SMOOTHING,
        }
    )


def gateway(data_dir: Path) -> tuple[Outbox, RfidPortals]:
    """The outbox and the portals of the test gateway in ``data_dir``."""
    outbox = Outbox(data_dir / "outbox.sqlite3", gateway_id=GATEWAY)
    return outbox, RfidPortals(portal_file(), outbox, HoldBook(data_dir / "holds.json"))


async def feed(portals: RfidPortals, steps: list[tuple[int, float]]) -> None:
    """One report per step, 20 ms apart, as the pass writer would tick; then, once a journal
    checkpoint is due again, one more tick: every read fed is on disk."""
    for antenna, rssi in steps:
        now_us = time.time_ns() // 1000
        portals.on_reads(READER, [RawRead(EPC, antenna, rssi, 1, now_us, now_us)])
        await portals.flush(time.monotonic())
        await asyncio.sleep(0.02)
    await asyncio.sleep(CHECKPOINT_INTERVAL_S)
    await portals.flush(time.monotonic())


async def main(data_dir: Path, mode: str) -> None:
    """Feed, say what is on disk, wait for the SIGKILL."""
    _, portals = gateway(data_dir)  # the outbox stays open until the kill
    await portals.restore()
    await feed(portals, WALK if mode == "whole" else WALK[:HALF])
    (track,) = portals.smoother.tracks.values()
    if mode == "whole":
        later_s = time.monotonic() + SMOOTHING["departure_timeout_s"] + 1
        while not await portals.flush(later_s):
            later_s += 1
        print("appended", track.id, flush=True)
    else:
        print("journalled", track.id, flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), sys.argv[2]))
