"""Rules and maths: MKT vectors (USP <1160>), threshold delay and hysteresis, budget, silence."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coldtrace_cloud.excursions.episodes import EpisodeKind, Sample, Severity
from coldtrace_cloud.excursions.evaluate import (
    evaluate,
    mkt_breach,
    out_of_range_s,
    severity,
    temperature_band,
    window_mkt_c,
)
from coldtrace_cloud.excursions.mkt import mkt_c
from coldtrace_cloud.excursions.rules import TEMPLATES, RuleSet
from coldtrace_cloud.excursions.threshold import RunState, ThresholdDetector

COLD = TEMPLATES["2-8C"]
H = 3600.0


def series(
    values: list[float], step_s: float = 60.0, start: float = 1_700_000_000.0
) -> list[Sample]:
    return [Sample(start + i * step_s, v) for i, v in enumerate(values)]


def test_mkt_vectors_from_the_architecture() -> None:
    assert mkt_c([(20.0, 1.0), (30.0, 1.0)]) == pytest.approx(26.26, abs=0.005)
    assert mkt_c([(5.0, 18 * H), (14.0, 6 * H)]) == pytest.approx(8.29, abs=0.005)
    assert mkt_c([]) is None


def test_18h_at_5_and_6h_at_14_fails_a_2_8_profile_on_mkt() -> None:
    start = 1_700_000_000.0
    samples = [Sample(start + i * 60, 5.0) for i in range(18 * 60)]
    samples += [Sample(start + 18 * H + i * 60, 14.0) for i in range(6 * 60)]
    rules = COLD.model_copy(update={"silence_intervals": 5})
    assert window_mkt_c(samples, start + 24 * H, rules) == pytest.approx(8.29, abs=0.01)
    breach = mkt_breach(samples, start + 24 * H, rules)
    assert breach is not None
    assert breach.kind is EpisodeKind.MKT


def test_threshold_needs_the_delay_then_clears_with_hysteresis() -> None:
    # 2-8 °C, 15 min delay: 10 min at 9 °C is no excursion; 20 min at 9 °C is one.
    short = series([5, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 5, 5])
    assert [e for e in evaluate(COLD, short) if e.kind is EpisodeKind.TEMPERATURE] == []
    values = [5.0] + [9.0] * 20 + [7.8] + [7.4] * 3
    found = [e for e in evaluate(COLD, series(values)) if e.kind is EpisodeKind.TEMPERATURE]
    assert len(found) == 1
    episode = found[0]
    assert episode.started_at == 1_700_000_000.0 + 60
    # 7.8 °C is in range but not below 8 - 0.5: the excursion clears at the 7.4 °C reading.
    assert episode.ended_at == 1_700_000_000.0 + 22 * 60
    assert episode.peak == 9.0
    assert episode.out_of_range_s == 20 * 60
    assert episode.degree_s == pytest.approx(20 * 60 * 1.0)


def test_detector_state_survives_a_round_trip_through_json() -> None:
    band = temperature_band(COLD)
    values = [5.0] + [10.0] * 30
    whole = ThresholdDetector(EpisodeKind.TEMPERATURE, band)
    last = None
    for s in series(values):
        last = whole.step(s.at, s.temperature_c) or last
    split = ThresholdDetector(EpisodeKind.TEMPERATURE, band)
    for s in series(values)[:10]:
        split.step(s.at, s.temperature_c)
    resumed = ThresholdDetector(
        EpisodeKind.TEMPERATURE, band, RunState.from_json(split.state.to_json())
    )
    last_resumed = None
    for s in series(values)[10:]:
        last_resumed = resumed.step(s.at, s.temperature_c) or last_resumed
    assert last == last_resumed
    assert last is not None
    assert last.ended_at is None


def test_silence_is_an_episode_and_an_open_one_at_the_end() -> None:
    samples = series([5, 5, 5]) + series([5, 5], start=1_700_000_000.0 + 3600)
    found = [
        e
        for e in evaluate(COLD, samples, until=1_700_000_000.0 + 7200)
        if e.kind is EpisodeKind.SILENCE
    ]
    assert len(found) == 2
    assert found[0].ended_at == 1_700_000_000.0 + 3600
    assert found[1].ended_at is None
    assert severity(COLD, found[0]) is Severity.MAJOR


def test_rate_of_change_and_humidity_band() -> None:
    rules = COLD.model_copy(
        update={"humidity_high_pct": 60.0, "humidity_low_pct": 20.0, "alarm_delay_s": 300}
    )
    samples = [
        Sample(1_700_000_000.0 + i * 60, 5.0 if i < 5 else 7.5, 70.0 if i > 3 else 40.0)
        for i in range(20)
    ]
    kinds = {e.kind for e in evaluate(rules, samples)}
    assert EpisodeKind.RATE in kinds  # 2.5 °C in one minute is 150 °C/h
    assert EpisodeKind.HUMIDITY in kinds


def test_acclimatisation_ignores_readings_right_after_binding() -> None:
    rules = COLD.model_copy(update={"acclimatisation_s": 3600})
    start = 1_700_000_000.0
    warm = series([12.0] * 40, start=start)
    assert evaluate(rules, warm, bound_from=start) == []
    assert evaluate(COLD, warm, bound_from=start) != []


def test_templates() -> None:
    assert TEMPLATES["CRT"].temperature_low_c == 15.0
    assert TEMPLATES["CRT"].temperature_high_c == 30.0
    assert TEMPLATES["CRT"].mkt_high_c == 25.0
    assert TEMPLATES["FROZEN"].temperature_high_c == -20.0
    assert TEMPLATES["15-25C"].mkt_window_s == 30 * 86_400
    with pytest.raises(ValueError, match="band is empty"):
        RuleSet(temperature_low_c=8, temperature_high_c=2)


def test_severity_grades() -> None:
    warm = [5.0] + [8.5] * 20 + [5.0]
    minor = evaluate(COLD, series(warm))[0]
    assert severity(COLD, minor) is Severity.MINOR
    hot = evaluate(COLD, series([5.0] + [15.0] * 20 + [5.0]))
    assert severity(COLD, next(e for e in hot if e.kind is EpisodeKind.TEMPERATURE)) is (
        Severity.CRITICAL
    )


temps = st.floats(min_value=-40, max_value=60, allow_nan=False)


@given(st.lists(temps, min_size=2, max_size=60), st.integers(min_value=1, max_value=58))
def test_cumulative_time_out_of_range_is_additive(values: list[float], cut: int) -> None:
    samples = series(values)
    cut = min(cut, len(samples) - 1)
    end = samples[-1].at + 60
    band = temperature_band(COLD)
    whole = out_of_range_s(samples, end, band)
    parts = out_of_range_s(samples[:cut], samples[cut].at, band) + out_of_range_s(
        samples[cut:], end, band
    )
    assert whole == pytest.approx(parts)
    assert 0 <= whole <= end - samples[0].at


@given(st.lists(st.tuples(temps, st.floats(min_value=0.1, max_value=1e5)), min_size=1))
def test_mkt_lies_between_min_and_max(pairs: list[tuple[float, float]]) -> None:
    value = mkt_c(pairs)
    assert value is not None
    low = min(t for t, _ in pairs)
    high = max(t for t, _ in pairs)
    assert low - 1e-6 <= value <= high + 1e-6
    # MKT weighs warm periods more than the arithmetic mean does.
    mean = sum(t * w for t, w in pairs) / sum(w for _, w in pairs)
    assert value >= mean - 1e-6
