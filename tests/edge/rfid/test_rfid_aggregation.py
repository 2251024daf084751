"""Aggregation of closed passes: a pallet leaves with its cases, never after them, and a tag
parked by the door does not hold a group back."""

from datetime import UTC, datetime, timedelta

from coldtrace_edge.rfid.config import SmoothingConfig
from coldtrace_edge.rfid.passes import Aggregator, draft_of
from coldtrace_edge.rfid.reads import TagRead
from coldtrace_edge.rfid.track import Track
from coldtrace_protocol.rfid import PassDirection, Zone
from coldtrace_sim.rfworld.epcs import DEMO_COMPANY_PREFIX, case_epc, pallet_epc

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
CONFIG = SmoothingConfig(
    departure_timeout_s=1.0, min_pass_rssi_dbm=-70, dwell_s=30.0, aggregation_delay_s=0.5
)
PALLET = pallet_epc(DEMO_COMPANY_PREFIX, "0000000101").hex().upper()
CASE = case_epc(DEMO_COMPANY_PREFIX, "012345", 1).hex().upper()
PARKED_CASE = case_epc(DEMO_COMPANY_PREFIX, "012345", 99).hex().upper()


def read(epc: str, at_s: float, zone: Zone, rssi: float = -55.0) -> TagRead:
    when = T0 + timedelta(seconds=at_s)
    antenna = 1 if zone is Zone.OUTSIDE else 2
    return TagRead(epc, "r1", "door-1", zone, antenna, rssi, 1, when, when, when, at_s, False)


def inbound(epc: str, start_s: float, end_s: float) -> Track:
    """A track read outside over the first half of [start, end] and inside over the second."""
    first = read(epc, start_s, Zone.OUTSIDE)
    track = Track.start(first)
    steps = 10
    for k in range(steps + 1):
        at_s = start_s + (end_s - start_s) * k / steps
        track.add(read(epc, at_s, Zone.OUTSIDE if k < steps / 2 else Zone.INSIDE), strong=True)
    return track


def parked(epc: str, start_s: float) -> Track:
    """An open track of a tag standing inside by the door, read strongly now and then."""
    track = Track.start(read(epc, start_s, Zone.INSIDE, -68.0))
    track.add(read(epc, start_s, Zone.INSIDE, -68.0), strong=True)
    return track


def test_a_parked_tag_holds_a_pallet_back_only_briefly() -> None:
    aggregator = Aggregator(CONFIG)
    aggregator.add(draft_of(inbound(PALLET, 0.0, 2.0), closed_s=3.0))
    aggregator.add(draft_of(inbound(CASE, 0.1, 1.9), closed_s=2.9))
    waiting = {"door-1": [parked(PARKED_CASE, 1.0)]}
    assert aggregator.release(3.6, waiting) == []  # a case may still be passing with it
    released = aggregator.release(4.6, waiting)  # past aggregation delay + departure timeout
    assert [d.track.epc for d in released] == [PALLET, CASE]
    pallet, case = released
    assert case.parent is pallet
    assert pallet.children == 1
    assert pallet.direction is case.direction is PassDirection.INBOUND


def test_a_case_never_leaves_before_the_pallet_it_fits() -> None:
    aggregator = Aggregator(CONFIG)
    aggregator.add(draft_of(inbound(CASE, 0.1, 1.9), closed_s=2.9))
    aggregator.add(draft_of(inbound(PALLET, 0.0, 2.0), closed_s=3.0))
    waiting = {"door-1": [parked(PARKED_CASE, 1.0)]}
    # The case's own wait is over; the pallet still waits for the parked tag: so does the case.
    assert aggregator.release(3.5, waiting) == []
    released = aggregator.release(4.6, waiting)
    assert [d.track.epc for d in released] == [PALLET, CASE]
    assert aggregator.pending == []


def test_a_case_without_a_pallet_leaves_after_the_delay() -> None:
    aggregator = Aggregator(CONFIG)
    aggregator.add(draft_of(inbound(CASE, 0.1, 1.9), closed_s=2.9))
    (case,) = aggregator.release(3.4, {})
    assert case.parent is None
