"""What a portal's antennas read as a pallet passes, stands near the door, or lies behind it."""

from typing import Any

from coldtrace_sim.rfworld.scenario import parse_rfid_scenario
from coldtrace_sim.rfworld.world import World

FULL_POWER_DBM = 32.5


def world(pallet: dict[str, Any], seed: int = 3) -> World:
    spec = parse_rfid_scenario(
        {
            "readers": [
                {
                    "id": "r1",
                    "port": 0,
                    "antennas": [
                        {"port": 1, "portal": "door-1", "side": "outside"},
                        {"port": 2, "portal": "door-1", "side": "inside"},
                    ],
                }
            ],
            "movements": {"seed": seed, "pallets": [{"id": "P", "sscc": "0000000101", **pallet}]},
        }
    )
    return World.build(spec.movements)


def rounds(
    w: World, side: str, times: list[float], tx_dbm: float = FULL_POWER_DBM
) -> list[list[float]]:
    """RSSI of the pallet's own SSCC tag... and every other tag, per round."""
    return [[o.rssi_dbm for o in w.observe("door-1", side, t, tx_dbm)] for t in times]


TIMES = [t / 4 for t in range(4 * 16)]  # a pass at 1.2 m/s takes 13.3 s


def test_moving_in_reads_outside_first_then_both_then_inside() -> None:
    w = world(
        {
            "contents": [{"product": "012345", "lot": "L", "cases": 4, "items_per_case": 3}],
            "passes": [{"at": 0, "portal": "door-1", "direction": "in"}],
        }
    )
    outside = [len(r) for r in rounds(w, "outside", TIMES)]
    inside = [len(r) for r in rounds(w, "inside", TIMES)]
    first_out = next(i for i, n in enumerate(outside) if n)
    first_in = next(i for i, n in enumerate(inside) if n)
    assert first_out < first_in
    assert any(o and i for o, i in zip(outside, inside, strict=True))  # the doorway: both
    last_strong_out = max(i for i, n in enumerate(outside) if n > 2)
    last_in = max(i for i, n in enumerate(inside) if n)
    assert last_strong_out < last_in


def test_moving_out_is_the_mirror_image() -> None:
    w = world({"passes": [{"at": 0, "portal": "door-1", "direction": "out"}]})
    outside = [len(r) for r in rounds(w, "outside", TIMES)]
    inside = [len(r) for r in rounds(w, "inside", TIMES)]
    assert next(i for i, n in enumerate(inside) if n) < next(i for i, n in enumerate(outside) if n)


def test_rssi_is_strongest_near_the_antenna() -> None:
    w = world({"passes": [{"at": 0, "portal": "door-1", "direction": "in"}]})
    reads = rounds(w, "outside", TIMES)
    near = [max(r) for t, r in zip(TIMES, reads, strict=True) if r and 5.5 <= t <= 6.0]
    far = [max(r) for t, r in zip(TIMES, reads, strict=True) if r and t <= 1.0]
    assert near
    assert far
    assert min(near) > max(far)


def test_a_parked_pallet_is_read_on_and_off_at_low_signal() -> None:
    w = world(
        {
            "contents": [{"product": "012345", "lot": "L", "cases": 3}],
            "parked": [{"portal": "door-1", "side": "inside", "distance_m": 5}],
        }
    )
    many = rounds(w, "inside", [float(t) for t in range(200)])
    counts = [len(r) for r in many]
    assert 0 < sum(counts) < 4 * 200  # read, but not every tag every round
    assert max(rssi for r in many for rssi in r) < -55
    behind = rounds(w, "outside", [float(t) for t in range(200)])
    # The dock antenna sees it only by the odd reflection, and weakly.
    assert sum(len(r) for r in behind) < sum(counts) / 5
    assert all(rssi < -65 for r in behind for rssi in r)


def test_out_of_range_and_away_means_no_reads() -> None:
    w = world({"passes": [{"at": 100, "portal": "door-1", "direction": "in"}]})
    assert rounds(w, "outside", [0.0, 50.0, 99.0]) == [[], [], []]
    assert rounds(w, "inside", [200.0]) == [[]]
