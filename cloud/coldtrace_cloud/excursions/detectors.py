"""The incremental part of the engine: threshold detectors resumed from their persisted state."""

import itertools
from collections.abc import Sequence
from typing import Any

from coldtrace_cloud.excursions.episodes import Episode, EpisodeKind, Sample
from coldtrace_cloud.excursions.evaluate import humidity_band, rates, temperature_band
from coldtrace_cloud.excursions.rules import RuleSet
from coldtrace_cloud.excursions.threshold import RunState, ThresholdDetector


def detectors_of(rules: RuleSet, states: dict[str, Any]) -> list[ThresholdDetector]:
    """Temperature (and humidity when the profile has a band) detectors at their saved state."""
    found = [
        ThresholdDetector(
            EpisodeKind.TEMPERATURE,
            temperature_band(rules),
            RunState.from_json(states.get(EpisodeKind.TEMPERATURE)),
        )
    ]
    if rules.humidity_low_pct is not None or rules.humidity_high_pct is not None:
        found.append(
            ThresholdDetector(
                EpisodeKind.HUMIDITY,
                humidity_band(rules),
                RunState.from_json(states.get(EpisodeKind.HUMIDITY)),
            )
        )
    return found


def advance(
    rules: RuleSet, states: dict[str, Any], samples: Sequence[Sample]
) -> tuple[list[Episode], dict[str, Any]]:
    """Feed in-order samples; the latest snapshot of each episode, and the new states.

    Silence and rate of change look at the step from the last sample before the batch, which the
    temperature detector's state remembers.
    """
    detectors = detectors_of(rules, states)
    latest: dict[tuple[EpisodeKind, float], Episode] = {}
    head = detectors[0].state
    before = (
        [Sample(head.last_at, head.last_value)]
        if head.last_at is not None and head.last_value is not None
        else []
    )
    chain = before + list(samples)
    for prev, nxt in itertools.pairwise(chain):
        if nxt.at - prev.at > rules.silence_after_s:
            latest[(EpisodeKind.SILENCE, prev.at)] = Episode(
                EpisodeKind.SILENCE, prev.at, nxt.at, None, 0.0, 0.0, 0.0
            )
    for episode in rates(chain, rules):
        latest[(episode.kind, episode.started_at)] = episode
    for sample in samples:
        for detector in detectors:
            value = (
                sample.temperature_c
                if detector.kind is EpisodeKind.TEMPERATURE
                else sample.humidity_pct
            )
            found = detector.step(sample.at, value)
            if found is not None:
                latest[(found.kind, found.started_at)] = found
    return list(latest.values()), {str(d.kind): d.state.to_json() for d in detectors}
