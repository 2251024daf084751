"""Every rule of a rule set over a whole series: what backtesting and late-data replay run.

Pure functions: samples in (time order), episodes out. The live engine runs the threshold
detectors incrementally (``threshold.py``) and these functions when history is replayed.
"""

from collections.abc import Sequence
from itertools import pairwise

from coldtrace_cloud.excursions.episodes import Episode, EpisodeKind, Sample, Severity
from coldtrace_cloud.excursions.mkt import mkt_c
from coldtrace_cloud.excursions.rules import RuleSet
from coldtrace_cloud.excursions.threshold import Band, detect


def temperature_band(rules: RuleSet) -> Band:
    """The temperature band of a rule set."""
    return Band(
        rules.temperature_low_c,
        rules.temperature_high_c,
        rules.hysteresis_c,
        rules.alarm_delay_s,
        rules.silence_after_s,
    )


def humidity_band(rules: RuleSet) -> Band:
    """The humidity band of a rule set."""
    return Band(
        rules.humidity_low_pct,
        rules.humidity_high_pct,
        rules.humidity_hysteresis_pct,
        rules.alarm_delay_s,
        rules.silence_after_s,
    )


def held_intervals(
    samples: Sequence[Sample], end: float, max_hold_s: float
) -> list[tuple[Sample, float]]:
    """Each sample with the time its value held: until the next sample or ``end``, capped."""
    out = []
    for i, sample in enumerate(samples):
        nxt = samples[i + 1].at if i + 1 < len(samples) else end
        out.append((sample, max(0.0, min(nxt - sample.at, max_hold_s))))
    return out


def out_of_range_s(samples: Sequence[Sample], end: float, band: Band) -> float:
    """Cumulative time out of range (the stability budget's currency); additive over splits."""
    return sum(
        held
        for sample, held in held_intervals(samples, end, band.max_hold_s)
        if sample.temperature_c is not None and band.deviation(sample.temperature_c) > 0
    )


def silences(samples: Sequence[Sample], rules: RuleSet, until: float | None) -> list[Episode]:
    """Gaps longer than the silence limit; one still going on at ``until`` is open."""
    limit = rules.silence_after_s
    found = []
    for prev, nxt in pairwise(samples):
        if nxt.at - prev.at > limit:
            found.append(Episode(EpisodeKind.SILENCE, prev.at, nxt.at, None, 0.0, 0.0, 0.0))
    if samples and until is not None and until - samples[-1].at > limit:
        found.append(Episode(EpisodeKind.SILENCE, samples[-1].at, None, None, 0.0, 0.0, 0.0))
    return found


def rates(samples: Sequence[Sample], rules: RuleSet) -> list[Episode]:
    """Steps between consecutive readings faster than the allowed °C per hour."""
    limit = rules.max_rate_c_per_h
    if limit is None:
        return []
    found = []
    valued = [s for s in samples if s.temperature_c is not None]
    for prev, nxt in pairwise(valued):
        dt_h = (nxt.at - prev.at) / 3600
        if dt_h <= 0 or nxt.at - prev.at > rules.silence_after_s:
            continue
        if nxt.temperature_c is None or prev.temperature_c is None:
            continue
        rate = (nxt.temperature_c - prev.temperature_c) / dt_h
        if abs(rate) > limit:
            found.append(
                Episode(EpisodeKind.RATE, prev.at, nxt.at, rate, abs(rate) - limit, 0.0, 0.0)
            )
    return found


def window_mkt_c(samples: Sequence[Sample], end: float, rules: RuleSet) -> float | None:
    """MKT of the samples in ``[end - window, end)``, each weighted by the time it held."""
    start = end - rules.mkt_window_s
    inside = [s for s in samples if start <= s.at < end and s.temperature_c is not None]
    held = held_intervals(inside, end, rules.silence_after_s)
    return mkt_c(
        ((s.temperature_c, w) for s, w in held if s.temperature_c is not None),
        activation_k=rules.activation_k,
    )


def mkt_breach(samples: Sequence[Sample], end: float, rules: RuleSet) -> Episode | None:
    """An MKT episode if the window's MKT lies outside the MKT band."""
    value = window_mkt_c(samples, end, rules)
    if value is None:
        return None
    dev = 0.0
    if rules.mkt_high_c is not None and value > rules.mkt_high_c:
        dev = value - rules.mkt_high_c
    elif rules.mkt_low_c is not None and value < rules.mkt_low_c:
        dev = rules.mkt_low_c - value
    if dev <= 0:
        return None
    return Episode(EpisodeKind.MKT, end - rules.mkt_window_s, end, value, dev, 0.0, 0.0)


def severity(rules: RuleSet, episode: Episode) -> Severity:
    """Critical past the critical deviation or the whole budget; major past the major limits."""
    if episode.kind is EpisodeKind.SILENCE:
        return Severity.MAJOR  # exposure unknown is never assumed fine
    duration = episode.out_of_range_s
    if episode.deviation >= rules.critical_deviation_c or (
        rules.budget_s is not None and duration >= rules.budget_s
    ):
        return Severity.CRITICAL
    if episode.deviation >= rules.major_deviation_c or duration >= rules.major_duration_s:
        return Severity.MAJOR
    return Severity.MINOR


def evaluate(
    rules: RuleSet,
    samples: Sequence[Sample],
    *,
    bound_from: float | None = None,
    until: float | None = None,
) -> list[Episode]:
    """Everything the rules find in a series (time order), after the acclimatisation period."""
    ordered = sorted(samples, key=lambda s: s.at)
    if bound_from is not None:
        ordered = [s for s in ordered if s.at >= bound_from + rules.acclimatisation_s]
    found = detect(EpisodeKind.TEMPERATURE, temperature_band(rules), ordered)
    if rules.humidity_low_pct is not None or rules.humidity_high_pct is not None:
        found += detect(EpisodeKind.HUMIDITY, humidity_band(rules), ordered)
    found += rates(ordered, rules)
    found += silences(ordered, rules, until)
    if ordered:
        breach = mkt_breach(ordered, until if until is not None else ordered[-1].at, rules)
        if breach is not None:
            found.append(breach)
    return sorted(found, key=lambda e: (e.started_at, e.kind))
