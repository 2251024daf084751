"""The report's temperature chart, drawn as PDF vector paths (sharp at any zoom, tiny files).

Per sensor: the min-max envelope of each bucket, filled, so a breach that lasted one reading
still shows, and the bucket means as a line. Behind them the profile band and, shaded, each
excursion's window; dashed verticals mark where a leg departed. Lines break at gaps in the data
instead of bridging a silent logger with a straight line.
"""

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from fpdf import FPDF

from coldtrace_cloud.shipments.report_data import ReportData
from coldtrace_cloud.shipments.report_figures import gap_limit_s
from coldtrace_cloud.shipments.report_text import latin1
from coldtrace_cloud.timeseries.history import Bucket

Rgb = tuple[int, int, int]
# Colour-blind-safe (Okabe-Ito), none of them the excursion red.
PALETTE: Final[tuple[Rgb, ...]] = (
    (0, 114, 178),
    (230, 159, 0),
    (0, 158, 115),
    (204, 121, 167),
    (86, 180, 233),
    (120, 94, 40),
)
BAND_RGB: Final = (214, 240, 220)
EXCURSION_RGB: Final = (240, 60, 60)
GRID_RGB: Final = (215, 215, 215)
_HOUR_STEPS: Final = (1, 2, 3, 6, 12)
_DAY_STEPS: Final = (1, 2, 3, 7, 14, 28)
_MAX_X_TICKS: Final = 8


@dataclass(frozen=True)
class Plot:
    """The plot area in page millimetres and the value ranges it maps."""

    x: float
    y: float
    w: float
    h: float
    start: datetime
    end: datetime
    low_c: float
    high_c: float

    def px(self, at: datetime) -> float:
        """Page x of a time (clamped to the plot)."""
        share = (at - self.start) / (self.end - self.start)
        return self.x + self.w * min(1.0, max(0.0, share))

    def py(self, value_c: float) -> float:
        """Page y of a temperature."""
        return self.y + self.h * (1 - (value_c - self.low_c) / (self.high_c - self.low_c))


def _value_range(data: ReportData) -> tuple[float, float]:
    values = [
        v
        for s in data.series
        for b in s.buckets
        for v in (b.temperature_c.min, b.temperature_c.max)
        if v is not None
    ]
    if data.band is not None:
        values += [v for v in (data.band.min_c, data.band.max_c) if v is not None]
    if not values:
        return 0.0, 10.0
    low, high = min(values), max(values)
    pad = max(0.5, (high - low) * 0.08)
    return low - pad, high + pad


def _nice_step(span: float, ticks: int = 6) -> float:
    raw = span / ticks
    magnitude = 10.0 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def _x_ticks(start: datetime, end: datetime, tz: ZoneInfo) -> tuple[list[datetime], str]:
    """Tick times on the site's wall clock (midnight, 06:00, ...) and their label format."""
    span_h = (end - start).total_seconds() / 3600
    first_day = start.astimezone(tz).date()
    days = [first_day + timedelta(days=n) for n in range((end - start).days + 2)]
    hours = next((h for h in _HOUR_STEPS if span_h / h <= _MAX_X_TICKS), None)
    if hours is not None:
        ticks = [
            datetime(d.year, d.month, d.day, hour, tzinfo=tz)
            for d in days
            for hour in range(0, 24, hours)
        ]
        label = "%d %b %H:%M"
    else:
        step = next((d for d in _DAY_STEPS if span_h / 24 / d <= _MAX_X_TICKS), _DAY_STEPS[-1])
        ticks = [datetime(d.year, d.month, d.day, tzinfo=tz) for d in days[::step]]
        label = "%d %b"
    return [t for t in ticks if start <= t <= end], label


def _segments(buckets: list[Bucket], resolution_s: int) -> Iterator[list[Bucket]]:
    """Runs of buckets without a gap (see ``gap_limit_s``)."""
    usable = [b for b in buckets if b.temperature_c.min is not None]
    if not usable:
        return
    limit = gap_limit_s(usable, resolution_s)
    run = [usable[0]]
    for before, bucket in itertools.pairwise(usable):
        if (bucket.time - before.time).total_seconds() > limit:
            yield run
            run = []
        run.append(bucket)
    yield run


def _draw_series(pdf: FPDF, plot: Plot, buckets: list[Bucket], rgb: Rgb, resolution_s: int) -> None:
    half = timedelta(seconds=resolution_s / 2)
    for run in _segments(buckets, resolution_s):
        xs = [plot.px(b.time + half) for b in run]
        lows = [plot.py(b.temperature_c.min or 0.0) for b in run]
        highs = [plot.py(b.temperature_c.max or 0.0) for b in run]
        means = [plot.py(b.temperature_c.mean or 0.0) for b in run]
        pdf.set_draw_color(*rgb)
        if len(run) == 1:
            pdf.set_line_width(0.5)
            pdf.line(xs[0], lows[0], xs[0], highs[0] - 0.2)
            continue
        pdf.set_fill_color(*rgb)
        envelope = [*zip(xs, highs, strict=True), *reversed(list(zip(xs, lows, strict=True)))]
        with pdf.local_context(fill_opacity=0.25, stroke_opacity=0.5, line_width=0.1):
            # Stroked as well as filled: a one-bucket spike narrower than a hairline stays visible.
            pdf.polygon(envelope, style="DF")
        pdf.set_line_width(0.3)
        pdf.polyline(list(zip(xs, means, strict=True)))


def _draw_breaches(
    pdf: FPDF, plot: Plot, data: ReportData, buckets: list[Bucket], rgb: Rgb
) -> None:
    """A solid tick from the limit to each bucket peak past it: however narrow the bucket at
    this scale, a breach is drawn at least a line's width wide."""
    band = data.band
    if band is None or band.conflict:
        return
    pdf.set_draw_color(*rgb)
    pdf.set_line_width(0.35)
    half = timedelta(seconds=data.resolution_s / 2)
    for b in buckets:
        x = plot.px(b.time + half)
        high, low = b.temperature_c.max, b.temperature_c.min
        if band.max_c is not None and high is not None and high > band.max_c:
            pdf.line(x, plot.py(band.max_c), x, plot.py(high))
        if band.min_c is not None and low is not None and low < band.min_c:
            pdf.line(x, plot.py(band.min_c), x, plot.py(low))


def _draw_band_and_shading(pdf: FPDF, plot: Plot, data: ReportData) -> None:
    band = data.band
    if band is not None and not band.conflict and (band.min_c, band.max_c) != (None, None):
        top = plot.py(band.max_c) if band.max_c is not None else plot.y
        bottom = plot.py(band.min_c) if band.min_c is not None else plot.y + plot.h
        pdf.set_fill_color(*BAND_RGB)
        pdf.rect(plot.x, top, plot.w, bottom - top, style="F")
        with pdf.local_context(line_width=0.3, dash_pattern={"dash": 1.5, "gap": 1}):
            pdf.set_draw_color(60, 140, 80)
            for limit in (band.min_c, band.max_c):
                if limit is not None:
                    pdf.line(plot.x, plot.py(limit), plot.x + plot.w, plot.py(limit))
    pdf.set_fill_color(*EXCURSION_RGB)
    with pdf.local_context(fill_opacity=0.18):
        for excursion in data.excursions or ():
            left = plot.px(excursion.started_at)
            right = plot.px(excursion.ended_at or data.end)
            pdf.rect(left, plot.y, max(right - left, 0.4), plot.h, style="F")


def _draw_axes(pdf: FPDF, plot: Plot, data: ReportData, tz: ZoneInfo) -> None:
    pdf.set_font("Helvetica", size=6.5)
    pdf.set_text_color(60, 60, 60)
    pdf.set_line_width(0.1)
    step = _nice_step(plot.high_c - plot.low_c)
    value = math.ceil(plot.low_c / step) * step
    while value <= plot.high_c:
        pdf.set_draw_color(*GRID_RGB)
        pdf.line(plot.x, plot.py(value), plot.x + plot.w, plot.py(value))
        label = f"{value:g} °C"
        pdf.text(plot.x - 1.5 - pdf.get_string_width(label), plot.py(value) + 0.8, label)
        value += step
    ticks, label_format = _x_ticks(data.start, data.end, tz)
    for tick in ticks:
        x = plot.px(tick)
        pdf.line(x, plot.y, x, plot.y + plot.h)
        label = tick.astimezone(tz).strftime(label_format)
        pdf.text(x - pdf.get_string_width(label) / 2, plot.y + plot.h + 3.5, label)
    with pdf.local_context(dash_pattern={"dash": 0.8, "gap": 0.8}, line_width=0.2):
        pdf.set_draw_color(90, 90, 90)
        free_x = plot.x
        for leg in data.legs:
            if leg.departed_at is not None and data.start <= leg.departed_at <= data.end:
                x = plot.px(leg.departed_at)
                pdf.line(x, plot.y, x, plot.y + plot.h)
                if x >= free_x:  # legs closer than their labels: the line alone
                    pdf.text(x + 0.6, plot.y + 2.5, f"Leg {leg.sequence}")
                    free_x = x + 1.5 + pdf.get_string_width(f"Leg {leg.sequence}")
    pdf.set_draw_color(120, 120, 120)
    pdf.rect(plot.x, plot.y, plot.w, plot.h)


def _draw_legend(pdf: FPDF, x: float, y: float, data: ReportData) -> None:
    pdf.set_font("Helvetica", size=7)
    pdf.set_text_color(0, 0, 0)
    items: list[tuple[str, Rgb, str]] = [
        (latin1(s.window.sensor), PALETTE[n % len(PALETTE)], "line")
        for n, s in enumerate(data.series)
    ]
    items += [("profile band", BAND_RGB, "box"), ("excursion", (250, 205, 205), "box")]
    for label, rgb, kind in items:
        if kind == "line":
            pdf.set_draw_color(*rgb)
            pdf.set_line_width(0.8)
            pdf.line(x, y, x + 5, y)
        else:
            pdf.set_fill_color(*rgb)
            pdf.rect(x, y - 1.5, 5, 3, style="F")
        pdf.text(x + 6.5, y + 1, label)
        x += 10 + pdf.get_string_width(label)


def draw_chart(pdf: FPDF, data: ReportData, tz: ZoneInfo, *, height: float = 85.0) -> None:
    """The chart across the page's text width at the current y; moves y below it."""
    left, top, width = pdf.l_margin, pdf.get_y(), pdf.epw
    low, high = _value_range(data)
    plot = Plot(left + 14, top + 2, width - 16, height - 16, data.start, data.end, low, high)
    with pdf.local_context():  # colours, widths and opacity stay inside the chart
        _draw_band_and_shading(pdf, plot, data)
        _draw_axes(pdf, plot, data, tz)
        for n, series in enumerate(data.series):
            rgb = PALETTE[n % len(PALETTE)]
            _draw_series(pdf, plot, series.buckets, rgb, data.resolution_s)
            _draw_breaches(pdf, plot, data, series.buckets, rgb)
        _draw_legend(pdf, plot.x, plot.y + plot.h + 8.5, data)
    pdf.set_y(top + height)
