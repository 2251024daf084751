"""The smoothing state machine on hand-made reads: passes, parked tags, timeouts, clocks."""

from datetime import UTC, datetime, timedelta

from coldtrace_edge.rfid.config import SmoothingConfig
from coldtrace_edge.rfid.reads import ReaderClock, TagRead
from coldtrace_edge.rfid.smoothing import Smoother
from coldtrace_protocol.rfid import PassDirection, Zone

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
CONFIG = SmoothingConfig(departure_timeout_s=1.0, min_pass_rssi_dbm=-70, dwell_s=10.0)
EPC = "30364521480C0E4000000001"


def read(at_s: float, zone: Zone, rssi: float, epc: str = EPC) -> TagRead:
    when = T0 + timedelta(seconds=at_s)
    return TagRead(epc, "r1", "door-1", zone, 1 if zone is Zone.OUTSIDE else 2, rssi, 1,
                   when, when, when, at_s, clock_suspect=False)  # fmt: skip


def walk(direction: PassDirection, start_s: float = 0.0) -> list[TagRead]:
    first, second = (Zone.OUTSIDE, Zone.INSIDE)
    if direction is PassDirection.OUTBOUND:
        first, second = second, first
    reads = [read(start_s + k * 0.1, first, -60 + k) for k in range(10)]
    reads += [read(start_s + 1.0 + k * 0.1, second, -50 - k) for k in range(10)]
    return reads


def test_one_pass_per_walk_through_with_its_direction() -> None:
    for direction in (PassDirection.INBOUND, PassDirection.OUTBOUND):
        smoother = Smoother(CONFIG)
        assert smoother.feed(walk(direction)) == []
        assert smoother.tick(2.5) == []  # 0.6 s after the last read: still open
        (track,) = smoother.tick(3.1)
        way, confidence = track.direction()
        assert way is direction
        assert confidence > 0.5
        assert smoother.tracks == {}


def test_a_read_after_the_departure_timeout_starts_a_new_pass() -> None:
    smoother = Smoother(CONFIG)
    smoother.feed(walk(PassDirection.INBOUND))
    closed = smoother.feed(walk(PassDirection.OUTBOUND, start_s=10.0))
    assert len(closed) == 1
    assert closed[0].direction()[0] is PassDirection.INBOUND
    (second,) = smoother.tick(13.5)
    assert second.direction()[0] is PassDirection.OUTBOUND


def test_a_parked_tag_read_faintly_on_one_side_never_makes_a_pass() -> None:
    smoother = Smoother(CONFIG)
    closed = []
    for k in range(600):  # a minute of reads, with gaps longer than the departure timeout
        if k % 50 < 30:
            closed += smoother.feed([read(k * 0.1, Zone.INSIDE, -74 + (k % 7))])
        closed += smoother.tick(k * 0.1)
    closed += smoother.tick(100.0)
    assert closed == []
    assert smoother.stats.presences >= 1


def test_a_loud_one_sided_blip_is_a_pass_of_unknown_direction() -> None:
    smoother = Smoother(CONFIG)
    smoother.feed([read(0.0, Zone.OUTSIDE, -45), read(0.2, Zone.OUTSIDE, -44)])
    (track,) = smoother.tick(2.0)
    assert track.direction() == (PassDirection.UNKNOWN, 0.0)


def test_a_reader_clock_in_2000_is_flagged() -> None:
    clock = ReaderClock("r1", tolerance_s=300)
    now = datetime.now(UTC)
    assert clock.check(946_704_236_596_234, now)
    assert not clock.check(int(now.timestamp() * 1_000_000), now)
    assert not clock.check(None, now)
