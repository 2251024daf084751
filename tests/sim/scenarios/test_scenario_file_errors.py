"""Scenario files: the examples load, and mistakes are reported with where and what."""

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from coldtrace_sim.scenarios.build import build_plan
from coldtrace_sim.scenarios.errors import ScenarioError, ScenarioFileError
from coldtrace_sim.scenarios.loader import load_scenario, parse_scenario

EXAMPLES = sorted((Path(__file__).parents[3] / "firmware-sim" / "scenarios").glob("*.yaml"))


def problems_of(text: str) -> list[str]:
    with pytest.raises(ScenarioFileError) as caught:
        parse_scenario(text, source="test.yaml")
    return list(caught.value.problems)


def test_the_examples_are_there():
    names = {path.name for path in EXAMPLES}
    assert {"demo.yaml", "cold-room-compressor-failure.yaml", "reefer-transit.yaml"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_every_example_loads_and_builds(path, tmp_path):
    loaded = load_scenario(path)
    plan = build_plan(loaded.doc, default_port=15020, dump_dir=tmp_path)
    assert plan.probes
    assert plan.speed >= 1


def test_yaml_syntax_error_names_line_and_column():
    [problem] = problems_of("clock:\n  speed: [60\nprobes: {}\n")
    assert problem.startswith("line 3, column 7:")


def test_misspelt_key_is_refused_with_its_path():
    [problem] = problems_of("clock: {speeed: 60}\n")
    assert problem.startswith("clock.speeed: unknown key")


def test_bad_values_are_all_listed_with_their_paths():
    text = """
probes:
  locations:
    - id: cr-1
      setpoint_c: 5
      defrost: {every: 6x}
      events:
        - {kind: melt, at: 1h}
      probes:
        - {serial: A, unit: 300}
"""
    problems = problems_of(text)
    assert len(problems) == 3
    assert problems[0].startswith("probes.locations[0].defrost.every: '6x' is not a duration")
    assert problems[1].startswith("probes.locations[0].events[0]: unknown kind")
    assert "'compressor-failure'" in problems[1]
    assert problems[2] == (
        "probes.locations[0].probes[0].unit: Input should be less than or equal to 247 (got 300)"
    )


def test_missing_required_key():
    [problem] = problems_of("probes:\n  locations:\n    - id: cr-1\n")
    assert problem == "probes.locations[0].setpoint_c: required key missing"


def test_event_field_path_skips_the_kind_branch():
    text = "probes: {locations: [{id: a, setpoint_c: 5, events: [{kind: excursion, at: 1h}]}]}"
    [problem] = problems_of(text)
    assert problem == "probes.locations[0].events[0].peak_c: required key missing"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("loggers: [{serial: L1, location: nowhere, arrival: 2h}]", "unknown location 'nowhere'"),
        (
            (
                "probes: {locations: [{id: a, setpoint_c: 5}]}\n"
                "loggers: [{serial: L1, location: a, climate: {setpoint_c: 5}, arrival: 2h}]"
            ),
            "exactly one of 'location'",
        ),
        ("loggers: [{serial: L1, climate: {setpoint_c: 5}, start: 3h, arrival: 2h}]", "after"),
        (
            (
                "probes: {locations: [{id: a, setpoint_c: 5, probes: [{serial: P}]},"
                " {id: b, setpoint_c: 5, probes: [{serial: P}]}]}"
            ),
            "probe serial(s) used twice: P",
        ),
    ],
)
def test_cross_reference_mistakes(text, expected):
    [problem] = problems_of(text)
    assert expected in problem


def test_not_a_mapping():
    with pytest.raises(ScenarioFileError, match="a scenario is a mapping"):
        parse_scenario("- just\n- a list\n")


def test_missing_file(tmp_path):
    with pytest.raises(ScenarioFileError, match="cannot read scenario"):
        load_scenario(tmp_path / "nope.yaml")


def test_outage_on_a_port_without_probes_fails_the_plan(tmp_path):
    text = """
probes:
  port: 21000
  locations: [{id: a, setpoint_c: 5, probes: [{serial: P1}]}]
  outages: [{port: 21005, at: 1h, for: 5m}]
"""
    with pytest.raises(ScenarioError, match=r"no probe listens on port\(s\) \[21005\]"):
        build_plan(parse_scenario(text).doc, default_port=15020, dump_dir=tmp_path)


def test_bad_clock_start_is_a_scenario_error(tmp_path):
    doc = parse_scenario("clock: {start: yesterday}").doc
    with pytest.raises(ScenarioError, match="clock start 'yesterday'"):
        build_plan(doc, default_port=15020, dump_dir=tmp_path)


def test_an_impossible_date_is_a_file_error():
    [problem] = problems_of("clock: {start: 2025-13-45}\n")
    assert "month must be in 1..12" in problem


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_loads_or_fails_with_a_scenario_file_error(text):
    refused = refusal(text)
    assert refused is None or refused.problems or "mapping" in str(refused)


@settings(max_examples=100, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    ["clock", "probes", "loggers", "locations", "events", "kind", "at"]
                ),
                children,
                max_size=3,
            )
        ),
        max_leaves=12,
    )
)
def test_any_yaml_shaped_document_is_accepted_or_refused_cleanly(document):
    refused = refusal(yaml.safe_dump({"probes": document}))
    assert refused is None or refused.problems


def refusal(text: str) -> ScenarioFileError | None:
    """The error ``text`` is refused with, or None if it loads (nothing else may escape)."""
    try:
        parse_scenario(text)
    except ScenarioFileError as exc:
        return exc
    return None
