"""The figures of a shipment report: min, max, mean, MKT and time out of range per sensor and leg.

All of them come from the downsampled buckets, never from raw points. Min and max are the
buckets' peaks (a one-reading breach still shows). Each bucket stands for the time until the
sensor's next bucket (a logger read every 15 min holds its value for 15 min, whatever the bucket
width), up to a gap limit past which the sensor was silent. Mean and MKT are weighted by that
time (MKT with the excursion engine's own function, USP <1160>), and the time out of range adds
up the time of buckets holding a reading outside the band, overlapping sensors counted once.
"""

import itertools
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from coldtrace_cloud.excursions.mkt import mkt_c
from coldtrace_cloud.shipments.report_data import Band, LegFacts, ReportData
from coldtrace_cloud.timeseries.history import Bucket

Held = tuple[Bucket, float]


@dataclass(frozen=True)
class Figures:
    """One row of the summary table; values are None where no reading or no band exists."""

    label: str
    start: datetime | None
    end: datetime | None
    readings: int
    min_c: float | None
    max_c: float | None
    mean_c: float | None
    mkt_c: float | None
    out_of_range_s: float | None


def _outside(bucket: Bucket, band: Band | None) -> bool:
    if band is None:
        return False
    t = bucket.temperature_c
    above = band.max_c is not None and t.max is not None and t.max > band.max_c
    below = band.min_c is not None and t.min is not None and t.min < band.min_c
    return above or below


def _typical_step_s(buckets: Sequence[Bucket], resolution_s: int) -> float:
    steps = [(b.time - a.time).total_seconds() for a, b in itertools.pairwise(buckets)]
    return float(statistics.median(steps)) if steps else float(resolution_s)


def gap_limit_s(buckets: Sequence[Bucket], resolution_s: int) -> float:
    """Longest step between buckets that is still one run of readings: wider than two buckets
    and than three typical sampling intervals (a logger every 15 min in 1-min buckets)."""
    return max(2.0 * resolution_s, 3.0 * _typical_step_s(buckets, resolution_s))


def held(buckets: Sequence[Bucket], resolution_s: int) -> list[Held]:
    """Each bucket of one sensor with the seconds it stands for: until the next bucket, the
    bucket width before a gap, the typical step for the last one."""
    usable = [b for b in buckets if b.temperature_c.mean is not None]
    typical = _typical_step_s(usable, resolution_s)
    limit = gap_limit_s(usable, resolution_s)
    out: list[Held] = []
    for bucket, after in itertools.zip_longest(usable, usable[1:]):
        if after is None:
            out.append((bucket, min(typical, limit)))
            continue
        step = (after.time - bucket.time).total_seconds()
        out.append((bucket, step if step <= limit else float(resolution_s)))
    return out


def _union_s(spans: Iterable[tuple[datetime, float]]) -> float:
    total, reach = 0.0, None
    for start, seconds in sorted(spans):
        end = start + timedelta(seconds=seconds)
        if reach is None or start >= reach:
            total += seconds
            reach = end
        elif end > reach:
            total += (end - reach).total_seconds()
            reach = end
    return total


def figures(
    label: str,
    buckets: Sequence[Held],
    band: Band | None,
    span: tuple[datetime | None, datetime | None] = (None, None),
) -> Figures:
    """The figures of ``buckets`` (of one or several sensors) under ``label``."""
    mins = [b.temperature_c.min for b, _ in buckets if b.temperature_c.min is not None]
    maxes = [b.temperature_c.max for b, _ in buckets if b.temperature_c.max is not None]
    means = [(b.temperature_c.mean, w) for b, w in buckets if b.temperature_c.mean is not None]
    weight = sum(w for _, w in means)
    has_limits = band is not None and not band.conflict
    out = _union_s((b.time, w) for b, w in buckets if _outside(b, band))
    return Figures(
        label=label,
        start=span[0],
        end=span[1],
        readings=sum(b.count for b, _ in buckets),
        min_c=min(mins) if mins else None,
        max_c=max(maxes) if maxes else None,
        mean_c=sum(m * w for m, w in means) / weight if weight else None,
        mkt_c=mkt_c(means),
        out_of_range_s=out if has_limits else None,
    )


def clip(buckets: Iterable[Held], start: datetime | None, end: datetime | None) -> list[Held]:
    """The buckets starting within ``[start, end)``; None is open."""
    return [
        (b, w)
        for b, w in buckets
        if (start is None or b.time >= start) and (end is None or b.time < end)
    ]


def _held_series(data: ReportData) -> list[list[Held]]:
    return [held(s.buckets, data.resolution_s) for s in data.series]


def per_sensor(data: ReportData) -> list[Figures]:
    """One row per sensor window (a logger re-bound later is a second row)."""
    return [
        figures(s.window.sensor, buckets, data.band, (s.window.start, s.window.end))
        for s, buckets in zip(data.series, _held_series(data), strict=True)
    ]


def _leg_label(leg: LegFacts) -> str:
    return f"Leg {leg.sequence} ({leg.mode})"


def per_leg(data: ReportData) -> list[Figures]:
    """One row per leg, over every sensor of the shipment while the leg ran.

    A leg without a recorded departure has no readings of its own; one still under way runs
    to the report's end.
    """
    series = _held_series(data)
    rows = []
    for leg in data.legs:
        if leg.departed_at is None:
            rows.append(figures(_leg_label(leg), [], data.band))
            continue
        buckets = [b for s in series for b in clip(s, leg.departed_at, leg.arrived_at)]
        span = (leg.departed_at, leg.arrived_at)
        rows.append(figures(_leg_label(leg), buckets, data.band, span))
    return rows


def whole_trip(data: ReportData) -> Figures:
    """Every sensor over the whole report range."""
    buckets = [b for s in _held_series(data) for b in s]
    return figures("Whole trip", buckets, data.band, (data.start, data.end))
