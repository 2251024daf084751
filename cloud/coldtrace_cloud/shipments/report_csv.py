"""A shipment's readings as CSV: one row per sensor and bucket, UTC times, RFC 4180 line ends.

The columns are the ones the shipment page has always offered, so spreadsheets built on the
earlier in-browser export keep working.
"""

import csv
import io
from typing import Final

from coldtrace_cloud.shipments.report_data import ReportData

COLUMNS: Final = (
    "sensor",
    "bucket_start_utc",
    "resolution_s",
    "count",
    "temperature_min_c",
    "temperature_max_c",
    "temperature_mean_c",
    "humidity_min_pct",
    "humidity_max_pct",
    "humidity_mean_pct",
)


def readings_csv(data: ReportData) -> str:
    """The report's buckets as CSV text (empty cells where a bucket has no value)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for series in data.series:
        for b in series.buckets:
            t, rh = b.temperature_c, b.humidity_pct
            writer.writerow(
                [
                    series.window.sensor,
                    b.time.isoformat().replace("+00:00", "Z"),
                    data.resolution_s,
                    b.count,
                    *("" if v is None else v for v in (t.min, t.max, t.mean)),
                    *("" if v is None else v for v in (rh.min, rh.max, rh.mean)),
                ]
            )
    return out.getvalue()
