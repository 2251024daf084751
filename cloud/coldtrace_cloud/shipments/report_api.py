"""Routes of a shipment's temperature report: the PDF to hand over, and its readings as CSV.

Whoever may read the shipment may download its report (same role and site grants as
``GET /shipments/{code}``). Rendering is CPU work, so it runs in a worker thread.
"""

import asyncio
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import Response

from coldtrace_cloud.api.deps import InfluxDep, SessionDep
from coldtrace_cloud.auth.deps import ReadInventory
from coldtrace_cloud.auth.roles import Permission, allows
from coldtrace_cloud.auth.scope import Principal
from coldtrace_cloud.schemas.fields import Code
from coldtrace_cloud.schemas.problems import AUTHED
from coldtrace_cloud.shipments.report_csv import readings_csv
from coldtrace_cloud.shipments.report_data import ReportData, gather_report
from coldtrace_cloud.shipments.report_pdf import render_report
from coldtrace_cloud.timeseries.client import InfluxClient

router = APIRouter(prefix="/shipments", tags=["shipments"], responses=AUTHED)
CodePath = Annotated[Code, Path()]


def _binary(media_type: str, description: str) -> dict[int | str, dict[str, Any]]:
    schema = {"type": "string", "format": "binary"}
    return {200: {"description": description, "content": {media_type: {"schema": schema}}}}


def _download(body: bytes | str, media_type: str, filename: str) -> Response:
    # Codes are [A-Za-z0-9._:-]: safe inside a quoted filename (RFC 6266).
    headers = {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
    }
    return Response(body, media_type=media_type, headers=headers)


async def _gather(
    principal: Principal, session: SessionDep, influx: InfluxClient, code: str, now: datetime
) -> ReportData:
    return await gather_report(
        session,
        influx,
        principal.scope,
        code,
        now=now,
        with_excursions=allows(principal.role, Permission.EXCURSIONS_READ),
    )


@router.get(
    "/{code}/report.pdf",
    response_class=Response,
    responses=_binary("application/pdf", "the temperature report, A4"),
)
async def get_report_pdf(
    code: CodePath, principal: ReadInventory, session: SessionDep, influx: InfluxDep
) -> Response:
    """The shipment's temperature report: chart, figures per leg and logger, excursions, MKT
    and a signature block, over the trip (departure to arrival, or to now)."""
    now = datetime.now(UTC)
    data = await _gather(principal, session, influx, code, now)
    body = await asyncio.to_thread(
        render_report,
        data,
        generated_by=f"{principal.display_name} ({principal.username})",
        generated_at=now,
    )
    return _download(body, "application/pdf", f"{data.shipment.code}-temperature-report.pdf")


@router.get(
    "/{code}/report.csv",
    response_class=Response,
    responses=_binary("text/csv", "one row per sensor and bucket, UTC times"),
)
async def get_report_csv(
    code: CodePath, principal: ReadInventory, session: SessionDep, influx: InfluxDep
) -> Response:
    """The readings behind the report (same range and buckets) as CSV."""
    data = await _gather(principal, session, influx, code, datetime.now(UTC))
    text = readings_csv(data)
    return _download(text, "text/csv; charset=utf-8", f"{data.shipment.code}-readings.csv")
