"""A shipment's temperature report as a PDF: header, chart, summary, excursions, signatures.

Laid out for A4 with the PDF core fonts (Latin-1 text, see ``report_text``). The signature block
carries blank lines for a handwritten review (prepared by / reviewed by), who generated the file
and when, and the SHA-256 fingerprint of the data shown, so a printed copy can be matched to the
records it came from (21 CFR 11.10(b): accurate and complete copies for inspection).
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from fpdf import FPDF, FontFace, XPos, YPos

from coldtrace_cloud.shipments.report_chart import draw_chart
from coldtrace_cloud.shipments.report_data import ExcursionFacts, ReportData, fingerprint
from coldtrace_cloud.shipments.report_figures import Figures, per_leg, per_sensor, whole_trip
from coldtrace_cloud.shipments.report_text import (
    MISSING,
    band_label,
    celsius,
    duration,
    latin1,
    local_time,
    peak,
    utc_time,
    zone,
)

HEADINGS: Final = FontFace(emphasis="BOLD", fill_color=(232, 236, 242))
FIGURE_COLUMNS: Final = ("", "From", "To", "Readings", "Min", "Max", "Mean", "MKT", "Out of range")
FIGURE_WIDTHS: Final = (24, 31, 31, 15, 14, 14, 14, 14, 23)
SIGN_LINE: Final = "_" * 34


class _ReportPdf(FPDF):
    """A4 portrait with a footer naming the shipment, the data fingerprint and the page."""

    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer_text
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=16)

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font("Helvetica", size=7)
        self.set_text_color(90, 90, 90)
        self.cell(0, 4, self.footer_text, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 4, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(0, 0, 0)


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", size=8)


def _note(pdf: FPDF, text: str) -> None:
    pdf.ln(1)
    pdf.set_font("Helvetica", "I", 7)
    pdf.set_text_color(70, 70, 70)
    pdf.multi_cell(0, 3.5, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Helvetica", size=8)


def _table(
    pdf: FPDF, columns: Sequence[str], widths: Sequence[float], rows: Sequence[Sequence[str]]
) -> None:
    pdf.set_font("Helvetica", size=7)
    with pdf.table(
        col_widths=tuple(widths),
        width=pdf.epw,
        text_align="LEFT",
        line_height=3.6,
        padding=(0.8, 1),
        headings_style=HEADINGS,
    ) as table:
        table.row([latin1(c) for c in columns])
        for row in rows:
            table.row([latin1(cell) for cell in row])
    pdf.set_font("Helvetica", size=8)


def _facts(pdf: FPDF, data: ReportData, tz: ZoneInfo, generated_at: datetime) -> None:
    s = data.shipment
    offset = local_time(generated_at, tz).rsplit(" ", 1)[-1]
    rows = [
        ("Shipment", f"{s.code} ({s.status.replace('_', ' ')})"),
        ("Route", f"{s.origin} -> {s.destination}"),
        ("Carrier", s.carrier or MISSING),
        ("Departed / arrived", f"{local_time(s.departed_at, tz)} / {local_time(s.arrived_at, tz)}"),
        ("Profile band", band_label(data.band)),
        ("Report range", f"{local_time(data.start, tz)} to {local_time(data.end, tz)}"),
        (
            "Time zone",
            (
                f"{data.time_zone} (origin site), UTC{offset} when generated; every time in "
                "this report is the site's local time followed by its offset from UTC"
            ),
        ),
    ]
    for key, value in rows:
        pdf.set_font("Helvetica", "B", 8)
        pdf.cell(34, 4.5, latin1(key))
        pdf.set_font("Helvetica", size=8)
        pdf.multi_cell(0, 4.5, latin1(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _legs_and_lots(pdf: FPDF, data: ReportData, tz: ZoneInfo) -> None:
    if data.legs:
        _heading(pdf, "Legs")
        _table(
            pdf,
            ("Leg", "Mode", "Carrier", "From -> to", "Departed", "Arrived"),
            (10, 14, 34, 58, 32, 32),
            [
                [
                    str(leg.sequence),
                    leg.mode,
                    leg.carrier or MISSING,
                    f"{leg.origin} -> {leg.destination}",
                    local_time(leg.departed_at, tz),
                    local_time(leg.arrived_at, tz),
                ]
                for leg in data.legs
            ],
        )
    _heading(pdf, "Product and lots")
    if not data.lots:
        _note(pdf, "Nothing has been loaded on this shipment.")
        return
    _table(
        pdf,
        ("Lot", "GTIN", "Product", "Expiry", "Quantity", "Storage profile"),
        (24, 28, 66, 20, 16, 26),
        [
            [
                lot.lot_number,
                lot.gtin,
                lot.product,
                f"{lot.expiry:%Y-%m-%d}",
                str(lot.quantity),
                lot.profile,
            ]
            for lot in data.lots
        ],
    )


def _figure_rows(rows: Sequence[Figures], tz: ZoneInfo) -> list[list[str]]:
    return [
        [
            f.label,
            local_time(f.start, tz),
            local_time(f.end, tz),
            str(f.readings),
            celsius(f.min_c),
            celsius(f.max_c),
            celsius(f.mean_c),
            celsius(f.mkt_c),
            duration(f.out_of_range_s),
        ]
        for f in rows
    ]


def _acknowledgement(e: ExcursionFacts, tz: ZoneInfo) -> str:
    parts = []
    if e.acknowledged_at is not None:
        parts.append(
            f"Ack. by {e.acknowledged_by or MISSING} {local_time(e.acknowledged_at, tz)}: "
            f"{e.ack_comment or MISSING}"
        )
    if e.closed_at is not None:
        parts.append(
            f"Closed by {e.closed_by or MISSING} {local_time(e.closed_at, tz)}: "
            f"{e.root_cause or MISSING} (CAPA {e.capa_ref or MISSING})"
        )
    return "; ".join(parts) or "not acknowledged"


def _excursions(pdf: FPDF, data: ReportData, tz: ZoneInfo) -> None:
    _heading(pdf, "Excursions")
    if data.excursions is None:
        _note(
            pdf, "Excursions are not shown: the role that generated this report may not read them."
        )
        return
    if not data.excursions:
        _note(pdf, "No excursions recorded for this shipment.")
        return
    rows = [
        [
            e.sensor,
            f"{e.kind} ({e.severity})",
            local_time(e.started_at, tz),
            local_time(e.ended_at, tz) if e.ended_at else "ongoing",
            duration(((e.ended_at or data.end) - e.started_at).total_seconds()),
            peak(e.kind, e.peak),
            e.status,
            _acknowledgement(e, tz),
        ]
        for e in data.excursions
    ]
    columns = ("Sensor", "Rule", "Start", "End", "Duration", "Peak", "Status", "Acknowledgement")
    _table(pdf, columns, (19, 27, 26, 26, 14, 14, 18, 36), rows)


def _signatures(
    pdf: FPDF, data_hash: str, generated_by: str, generated_at: datetime, tz: ZoneInfo
) -> None:
    if pdf.will_page_break(62):
        pdf.add_page()
    _heading(pdf, "Review and signatures")
    pdf.set_font("Helvetica", size=8.5)
    for role in ("Prepared by", "Reviewed by"):
        pdf.ln(5)
        pdf.cell(28, 6, f"{role}:")
        pdf.cell(62, 6, SIGN_LINE)
        pdf.cell(20, 6, "Signature:")
        pdf.cell(40, 6, SIGN_LINE[:22])
        pdf.cell(12, 6, "Date:")
        pdf.cell(0, 6, SIGN_LINE[:14], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("Helvetica", "I", 7)
        pdf.cell(0, 3.5, "(printed name)", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("Helvetica", size=8.5)
    pdf.ln(4)
    when = f"{local_time(generated_at, tz)} ({utc_time(generated_at)})"
    lines = [
        f"Generated by {generated_by} on {when}.",
        "Data fingerprint (SHA-256 of the shipment facts, readings and excursions shown): "
        + data_hash,
    ]
    for line in lines:
        pdf.multi_cell(0, 4.5, latin1(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render_report(data: ReportData, *, generated_by: str, generated_at: datetime) -> bytes:
    """The report as PDF bytes; ``generated_by`` names the person who asked for it."""
    tz = zone(data.time_zone)
    data_hash = fingerprint(data)
    code = latin1(data.shipment.code)
    pdf = _ReportPdf(f"coldtrace temperature report · shipment {code} · data {data_hash[:16]}")
    pdf.set_title(f"Temperature report, shipment {code}")
    pdf.set_author(latin1(generated_by))
    pdf.set_creator("coldtrace")
    pdf.set_creation_date(generated_at)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(0, 9, f"Temperature report: shipment {code}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _facts(pdf, data, tz, generated_at)
    _legs_and_lots(pdf, data, tz)
    _heading(pdf, "Temperature")
    if data.series:
        draw_chart(pdf, data, tz)
    _note(
        pdf,
        f"Readings in buckets of {duration(data.resolution_s)}: lines are bucket means, shaded "
        "envelopes each bucket's min-max, so no single-reading breach is hidden. "
        + ("" if data.series else "No readings recorded for this shipment."),
    )
    _heading(pdf, "Summary per leg")
    _table(pdf, FIGURE_COLUMNS, FIGURE_WIDTHS, _figure_rows([whole_trip(data), *per_leg(data)], tz))
    _heading(pdf, "Summary per logger and probe")
    _table(pdf, FIGURE_COLUMNS, FIGURE_WIDTHS, _figure_rows(per_sensor(data), tz))
    _note(
        pdf,
        "Min and max are bucket peaks. Each bucket stands for the time until the sensor's next "
        "one (at most one bucket past a gap). Mean and MKT are weighted by that time; MKT per "
        "USP <1160> with deltaH/R = 10,000 K. Out of range adds up the time of buckets holding "
        "a reading outside the profile band, overlapping sensors counted once; the excursion "
        "list gives the rule engine's windows.",
    )
    _excursions(pdf, data, tz)
    _signatures(pdf, data_hash, generated_by, generated_at, tz)
    return bytes(pdf.output())
