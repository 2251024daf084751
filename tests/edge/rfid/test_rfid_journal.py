"""The RFID journal: a pass under way survives a SIGKILL of the gateway (a real child process),
is carried on or closed after the restart, and is appended exactly once."""

import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

from coldtrace_edge.rfid.config import SmoothingConfig
from coldtrace_edge.rfid.portal import RfidPortals
from coldtrace_edge.rfid.smoothing import Smoother
from coldtrace_edge.rfid.track import gateway_namespace
from coldtrace_edge.rfid.track_codec import decode_track, encode_track
from coldtrace_protocol.rfid import PassDirection, PortalPass, Zone
from tests.edge.rfid.journal_child import EPC, HALF, SMOOTHING, WALK, feed, gateway
from tests.edge.rfid.portal_world import outbox_items
from tests.edge.rfid.test_rfid_smoothing import read, walk

REPO = Path(__file__).resolve().parents[3]


@contextmanager
def killed_child(data_dir: Path, mode: str) -> Iterator[uuid.UUID]:
    """Run the child gateway until it reports what it wrote, SIGKILL it; yields its track id."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.edge.rfid.journal_child", str(data_dir), mode],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline().split()
        assert len(line) == 2, child.communicate(timeout=30)
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL
    yield uuid.UUID(line[1])


@asynccontextmanager
async def restarted(data_dir: Path) -> AsyncIterator[RfidPortals]:
    """The gateway in this process, on the killed child's data folder, journal read back."""
    outbox, portals = gateway(data_dir)
    try:
        await portals.restore()
        yield portals
    finally:
        await outbox.close()


async def settle(portals: RfidPortals, from_s: float) -> list[PortalPass]:
    """Let (gateway) time run far past every timeout; every pass appended."""
    for step in range(1, 80):
        await portals.flush(from_s + step)
    passes, _ = await outbox_items(portals.outbox)
    return passes


def journal_rows(data_dir: Path) -> int:
    """Rows in the journal table, read through a connection of our own."""
    with sqlite3.connect(data_dir / "outbox.sqlite3") as conn:
        return int(conn.execute("SELECT count(*) FROM rfid_tracks").fetchone()[0])


async def test_a_pass_under_way_at_a_kill_carries_on_after_the_restart(tmp_path: Path) -> None:
    with killed_child(tmp_path, "half") as track_id:
        pass
    assert journal_rows(tmp_path) == 1
    async with restarted(tmp_path) as portals:
        assert portals.held.counts() == (1, 0)
        await feed(portals, WALK[HALF:])  # the reads after the restart join the same track
        assert not portals.held
        passes = await settle(portals, time.monotonic())
    (one,) = passes
    assert one.event_id == track_id
    assert one.epc == EPC
    assert one.direction is PassDirection.INBOUND
    assert one.read_count == len(WALK)  # every read before and after the kill, once
    assert [z.zone for z in one.zones] == [Zone.INSIDE, Zone.OUTSIDE]
    assert journal_rows(tmp_path) == 0


async def test_a_pass_whose_tag_is_gone_after_the_restart_closes_once(tmp_path: Path) -> None:
    with killed_child(tmp_path, "half") as track_id:
        pass
    async with restarted(tmp_path) as portals:
        passes = await settle(portals, time.monotonic())  # its reader never comes back
        assert not portals.held
    (one,) = passes
    assert one.event_id == track_id
    assert one.direction is PassDirection.INBOUND
    assert one.read_count == HALF
    assert journal_rows(tmp_path) == 0


async def test_a_pass_appended_before_the_kill_is_not_replayed(tmp_path: Path) -> None:
    with killed_child(tmp_path, "whole") as track_id:
        pass
    assert journal_rows(tmp_path) == 0
    async with restarted(tmp_path) as portals:
        assert not portals.held
        passes = await settle(portals, time.monotonic())
    assert [p.event_id for p in passes] == [track_id]


async def test_tags_only_present_leave_nothing_in_the_journal(tmp_path: Path) -> None:
    async with restarted(tmp_path) as portals:
        faint = [(2, -75.0)] * 3  # below min_pass_rssi_dbm: present, never passing
        await feed(portals, faint)
        assert journal_rows(tmp_path) == 1
        await portals.flush(time.monotonic() + SMOOTHING["departure_timeout_s"] + 1)
        assert journal_rows(tmp_path) == 0
        passes, _ = await outbox_items(portals.outbox)
    assert passes == []


def test_a_track_survives_its_json_form_exactly() -> None:
    smoother = Smoother(SmoothingConfig(departure_timeout_s=1.0, min_pass_rssi_dbm=-70))
    smoother.feed(walk(PassDirection.INBOUND))
    (track,) = smoother.tracks.values()
    assert decode_track(encode_track(track, 0.0), 0.0) == track
    moved = decode_track(encode_track(track, 1_000.0), 250.0)  # another process's clock
    assert moved.last_read_s - track.last_read_s == 750.0
    assert moved.direction() == track.direction()


def test_pass_ids_derive_from_the_gateway_and_the_first_read() -> None:
    reads = walk(PassDirection.OUTBOUND)
    config = SmoothingConfig(departure_timeout_s=1.0, min_pass_rssi_dbm=-70)
    ids = []
    for gateway_id in ("gw-a", "gw-a", "gw-b"):
        smoother = Smoother(config, gateway_namespace(gateway_id))
        smoother.feed(reads)
        ids.append(next(iter(smoother.tracks.values())).id)
    assert ids[0] == ids[1] != ids[2]
    later = Smoother(config, gateway_namespace("gw-a"))
    later.feed([read(100.0, Zone.INSIDE, -50)])
    assert next(iter(later.tracks.values())).id != ids[0]
