"""Faults during receiving at a dock door: no pass lost or duplicated, alarms without uplink.

The receiving scenario of ``test_rfid_receiving`` runs through real processes while the reader's
connection is cut, the edge is killed, or the broker restarts, each in the middle of the second
pallet's pass; PostgreSQL must then hold exactly the expected movements, even after a SIGKILL:
the pass under way is journalled on the gateway's disk and carried over the restart.
"""

import signal
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coldtrace_cloud.settings import Settings as CloudSettings
from coldtrace_protocol.holds import HoldReason
from coldtrace_sim.rfworld.epcs import DEMO_COMPANY_PREFIX, case_epc
from devstack.cli import Stack
from devstack.mosquitto import MosquittoInstance
from tests.e2e.rfid_door import (
    DockDoor,
    expected_moves,
    pallet_moves,
    provision,
    quarantine_and_publish,
)
from tests.e2e.rfid_proxy import relay
from tests.support.databases import create_database, drop_database
from tests.support.processes import ProcessManager

pytestmark = pytest.mark.slow
MID_PASS_S = 0.6  # real seconds after a pallet starts moving: it is in the doorway
# A pass lasts 16 m / 1.2 m/s = 1.33 real seconds. At 0.9 s the pallet is ~3 m inside: both
# antennas have read it for a while (its direction is on disk), and it is still being read.
KILL_MID_PASS_S = 0.9


@pytest.fixture
def database_name(stack: Stack, pg_template: str) -> Iterator[str]:
    """A fresh database per test: every test provisions the same door and pallets."""
    name = create_database(stack, pg_template)
    yield name
    drop_database(stack, name)


@pytest.fixture
def database_url(stack: Stack, database_name: str) -> str:
    """The test's own database (asyncpg URL)."""
    return stack.postgres.app_url(database_name, "postgresql+asyncpg")


def retime(document: dict[str, Any], pallet_id: str, index: int, at: str) -> None:
    """Move one pass of one pallet to another simulated time."""
    (pallet,) = [p for p in document["movements"]["pallets"] if p["id"] == pallet_id]
    pallet["passes"][index]["at"] = at


def test_reader_connection_dropped_mid_pass(
    stack: Stack,
    cloud_settings: CloudSettings,
    processes: ProcessManager,
    mqtt_admin: tuple[str, str],
    tmp_path: Path,
) -> None:
    """Reads resume on a new session within the departure timeout: still one pass per pallet."""
    door = DockDoor(tmp_path, processes, cloud_settings, mqtt_admin, stack.config.mqtt_port)
    provision(door.database_url)
    door.start_ingest()
    with relay(door.reader_port) as link:
        edge = door.start_edge(door.portal_file(link.port, departure_timeout_s=1.0))
        sim = door.start_sim(door.scenario())
        edge.wait_for_log("reader door-1-reader inventorying")
        sim.wait_for_log("pallet PAL-0102 moving in")
        time.sleep(MID_PASS_S)
        link.cut()
        edge.wait_for_log(r"inventorying \(session 2\)")
        expected = expected_moves(door.document)
        assert door.wait_for_movements(expected, sim) == expected
    assert "reader door-1-reader: connection lost" in edge.log()


def test_edge_killed_mid_pass_and_restarted(
    stack: Stack,
    cloud_settings: CloudSettings,
    processes: ProcessManager,
    mqtt_admin: tuple[str, str],
    tmp_path: Path,
) -> None:
    """Nothing lost, nothing duplicated across a SIGKILL: passes closed before the kill are in the
    outbox and arrive exactly once, whether or not their PUBACK came back; the pallet under way
    at the kill is in the RFID journal (the outbox's database) with the reads of both sides, and
    the restarted gateway carries its pass on and closes it once, the right way in; passes after
    the restart arrive exactly once. (The restart takes longer than the rest of the pass, so the
    pass closes on the reads from before the kill; tests/edge/rfid/test_rfid_journal.py covers a
    pass that goes on after the restart.)"""
    door = DockDoor(tmp_path, processes, cloud_settings, mqtt_admin, stack.config.mqtt_port)
    provision(door.database_url)
    door.start_ingest()
    edge = door.start_edge(door.portal_file())

    def room_to_restart(document: dict[str, Any]) -> None:
        retime(document, "PAL-0103", 0, "130s")
        retime(document, "PAL-0101", 1, "160s")

    sim = door.start_sim(door.scenario(room_to_restart))
    edge.wait_for_log("reader door-1-reader inventorying")
    sim.wait_for_log("pallet PAL-0102 moving in")
    time.sleep(KILL_MID_PASS_S)
    edge.kill()
    time.sleep(1.0)
    offset = len(edge.log())
    edge.start()
    edge.wait_for_log(r"rfid journal: [1-9]\d* open tracks", after=offset)
    edge.wait_for_log("reader door-1-reader inventorying", after=offset)
    expected = expected_moves(door.document)
    assert door.wait_for_movements(expected, sim, timeout_s=30) == expected


def test_broker_restarted_mid_pass(
    cloud_settings: CloudSettings,
    processes: ProcessManager,
    mqtt_admin: tuple[str, str],
    tmp_path: Path,
    own_broker: MosquittoInstance,
) -> None:
    """Passes made while the broker is down wait in the outbox; nothing lost or doubled."""
    door = DockDoor(tmp_path, processes, cloud_settings, mqtt_admin, own_broker.port)
    provision(door.database_url)
    door.start_ingest()
    edge = door.start_edge(door.portal_file())
    sim = door.start_sim(door.scenario())
    edge.wait_for_log("reader door-1-reader inventorying")
    sim.wait_for_log("pallet PAL-0102 moving in")
    time.sleep(MID_PASS_S)
    own_broker.stop(signal.SIGTERM)
    time.sleep(2.0)
    own_broker.start()
    expected = expected_moves(door.document)
    assert door.wait_for_movements(expected, sim) == expected


def test_held_items_moving_out_raise_the_alarm_with_the_uplink_cut(
    cloud_settings: CloudSettings,
    processes: ProcessManager,
    mqtt_admin: tuple[str, str],
    tmp_path: Path,
    own_broker: MosquittoInstance,
) -> None:
    """Lot L1 is quarantined after the pallets came in; the cloud pushes the hold list; the
    broker goes away; the first pallet leaves: the gateway raises the alarm on its own, and the
    alarm reaches PostgreSQL once the uplink is back."""
    door = DockDoor(tmp_path, processes, cloud_settings, mqtt_admin, own_broker.port)
    provision(door.database_url)
    door.start_ingest()
    edge = door.start_edge(door.portal_file())
    sim = door.start_sim(door.scenario(lambda d: retime(d, "PAL-0101", 1, "170s")))
    edge.wait_for_log("reader door-1-reader inventorying")
    sim.wait_for_log("pallet PAL-0103 moving in")
    inbound = expected_moves(door.document) - pallet_moves(door.document, "PAL-0101")
    inbound += Counter(
        m for m in pallet_moves(door.document, "PAL-0101") if m.direction == "inbound"
    )
    door.wait_for_movements(inbound, sim, whole_scenario=False)
    quarantine_and_publish(door.cloud_on_broker, door.gateway_id)
    edge.wait_for_log(r"hold list v\d+ in force")
    own_broker.stop(signal.SIGTERM)
    sim.wait_for_log("pallet PAL-0101 moving out")
    edge.wait_for_log("HOLD ALARM")
    assert not own_broker.running()  # raised with the uplink down
    own_broker.start()
    expected = expected_moves(door.document)
    assert door.wait_for_movements(expected, sim) == expected
    leaving = {case_epc(DEMO_COMPANY_PREFIX, "012345", 1 + k).hex().upper() for k in range(50)}
    alarms = door.alarms()
    epcs = [epc for epc, _, _, _ in alarms]
    assert epcs
    assert len(set(epcs)) == len(epcs)  # one alarm per held case, never twice
    assert set(epcs) <= leaving
    assert {(reason, portal) for _, _, reason, portal in alarms} == {
        (str(HoldReason.QUARANTINED), "door-1")
    }
