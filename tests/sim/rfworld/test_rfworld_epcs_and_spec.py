"""The RF world's tags carry real GS1 EPCs, and its scenario sections are checked strictly."""

import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from coldtrace_protocol.identifiers import RawEpc, Sgtin96, Sscc96, decode_epc_bytes
from coldtrace_sim.rfworld.epcs import raw_epc, steady_epcs
from coldtrace_sim.rfworld.errors import ScenarioSpecError
from coldtrace_sim.rfworld.scenario import parse_rfid_scenario
from coldtrace_sim.rfworld.world import World

DOCK_DOOR = Path(__file__).resolve().parents[3] / "firmware-sim" / "scenarios" / "dock-door.yaml"


def doc(**movements: Any) -> dict[str, Any]:
    return {
        "clock": {"speed": 10},  # not ours: ignored
        "probes": {"anything": True},  # not ours: ignored
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
        "movements": movements,
    }


def test_the_example_scenario_builds_gs1_tags_in_the_demo_prefix() -> None:
    scenario = parse_rfid_scenario(yaml.safe_load(DOCK_DOOR.read_text()))
    world = World.build(scenario.movements)
    kinds: dict[str, int] = {}
    for epc, kind in world.epcs().items():
        decoded = decode_epc_bytes(epc)
        kinds[kind] = kinds.get(kind, 0) + 1
        if kind == "pallet":
            assert isinstance(decoded, Sscc96)
            assert decoded.filter_value == 6
        elif kind in ("case", "item"):
            assert isinstance(decoded, Sgtin96)
            assert decoded.filter_value == (2 if kind == "case" else 1)
        else:
            assert isinstance(decoded, RawEpc)
            assert not decoded.is_gs1
        if kind != "noise":
            assert decoded.company_prefix.startswith("952")  # type: ignore[union-attr]
    assert kinds == {"pallet": 3, "case": 10, "item": 66, "noise": 3}


def test_steady_and_raw_epcs() -> None:
    epcs = steady_epcs(50)
    assert len(set(epcs)) == 50
    assert all(isinstance(decode_epc_bytes(e), Sgtin96) for e in epcs)
    assert raw_epc(random.Random(1)).hex().startswith("e2")


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        (
            doc(
                pallets=[
                    {
                        "id": "P",
                        "sscc": "1",
                        "passes": [{"at": 1, "portal": "door-9", "direction": "in"}],
                    }
                ]
            ),
            "portals",
        ),
        (doc(noise=[{"portal": "door-1", "colour": "red"}]), "colour"),
        (doc(pallets=[{"id": "P", "sscc": "12ab"}]), "sscc"),
        ({**doc(), "readers": [doc()["readers"][0], doc()["readers"][0]]}, "unique"),
    ],
)
def test_invalid_sections_are_refused(bad: dict[str, Any], why: str) -> None:
    with pytest.raises(ScenarioSpecError, match=why):
        parse_rfid_scenario(bad)


def test_an_epc_that_cannot_be_encoded_is_a_spec_error() -> None:
    scenario = parse_rfid_scenario(
        doc(pallets=[{"id": "P", "sscc": "0000000101", "contents": [{"product": "1", "lot": "L"}]}])
    )
    with pytest.raises(ScenarioSpecError, match="cannot encode"):
        World.build(scenario.movements)


def test_durations_are_written_like_the_rest_of_the_file() -> None:
    scenario = parse_rfid_scenario(
        doc(
            pallets=[
                {
                    "id": "P",
                    "sscc": "0000000101",
                    "passes": [{"at": "1m30s", "portal": "door-1", "direction": "in"}],
                    "parked": [{"from": "2m", "until": "1h", "portal": "door-1", "side": "inside"}],
                }
            ]
        )
    )
    pallet = scenario.movements.pallets[0]
    assert pallet.passes[0].at == 90
    assert (pallet.parked[0].start, pallet.parked[0].until) == (120, 3600)


def test_the_scenario_runner_finds_the_entry_point() -> None:
    from coldtrace_sim.rfworld.scenario import run_rfid_scenario
    from coldtrace_sim.scenarios.runner import rfid_entry_point

    assert rfid_entry_point() is run_rfid_scenario
