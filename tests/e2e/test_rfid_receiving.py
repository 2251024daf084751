"""Receiving through a dock door, end to end: simulator -> sllurp/edge -> MQTT -> ingest -> PG.

Three pallets of 50 cases come in through door-1 and the first goes back out; a pallet parked
inside by the door and unencoded tags on the dock are read all along. PostgreSQL must hold
exactly one movement per pallet pass with the right direction, the cases carried by it, and
nothing for the parked pallet or the noise.
"""

from pathlib import Path

import pytest

from coldtrace_cloud.settings import Settings as CloudSettings
from coldtrace_sim.rfworld.epcs import DEMO_COMPANY_PREFIX, case_epc, pallet_epc
from devstack.cli import Stack
from tests.e2e.rfid_door import DockDoor, expected_moves, provision
from tests.support.processes import ProcessManager

pytestmark = pytest.mark.slow


def parked_epcs() -> set[str]:
    """EPCs of PAL-PARKED, which stands inside by the door and never passes."""
    epcs = {pallet_epc(DEMO_COMPANY_PREFIX, "0000000199")}
    epcs |= {case_epc(DEMO_COMPANY_PREFIX, "023456", 9001 + k) for k in range(4)}
    return {epc.hex().upper() for epc in epcs}


def test_three_pallets_in_one_out_exactly_the_expected_movements(
    stack: Stack,
    cloud_settings: CloudSettings,
    processes: ProcessManager,
    mqtt_admin: tuple[str, str],
    tmp_path: Path,
) -> None:
    door = DockDoor(tmp_path, processes, cloud_settings, mqtt_admin, stack.config.mqtt_port)
    provision(door.database_url)
    door.start_ingest()
    edge = door.start_edge(door.portal_file())
    sim = door.start_sim(door.scenario())
    edge.wait_for_log("reader door-1-reader inventorying")
    expected = expected_moves(door.document)
    assert door.wait_for_movements(expected, sim) == expected
    unreconciled = door.unreconciled()
    assert [row for row in unreconciled if row[0] in parked_epcs()] == []
    assert [row for row in unreconciled if row[1] == "not_gs1"] == []  # no pass for the noise
