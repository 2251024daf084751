"""Routes of EPCIS 2.0 (REST binding, EPCIS 2.0 §12): capture, events, one event, export.

Thin: the work is in ``capture``, ``query`` and ``export``. Query results are JSON-LD
``EPCISQueryDocument``s; the next page is announced in a ``Link`` header (RFC 8288) carrying
``nextPageToken``, as the REST binding does.
"""

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Final
from urllib.parse import urlencode

from fastapi import APIRouter, Body, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime

from coldtrace_cloud.api.deps import InfluxDep, SessionDep
from coldtrace_cloud.api.problems import problem
from coldtrace_cloud.auth.deps import require
from coldtrace_cloud.auth.roles import Permission
from coldtrace_cloud.auth.scope import Principal
from coldtrace_cloud.epcis.capture import EpcisDocumentError, capture
from coldtrace_cloud.epcis.documents import SCHEMA_VERSION, query_document
from coldtrace_cloud.epcis.export import export_document
from coldtrace_cloud.epcis.models import EpcisCapture
from coldtrace_cloud.epcis.query import EventQuery, alternatives, event_by_id, query_events
from coldtrace_cloud.epcis.sensor_events import ExcursionFlag, NoExcursions
from coldtrace_cloud.epcis.vocabulary import EPCIS_CONTEXT
from coldtrace_cloud.errors import NotFoundError
from coldtrace_cloud.schemas.problems import AUTHED

router = APIRouter(prefix="/epcis", tags=["epcis"], responses=AUTHED)
ReadEpcis = Annotated[Principal, Depends(require(Permission.EPCIS_READ))]
CaptureEpcis = Annotated[Principal, Depends(require(Permission.EPCIS_CAPTURE))]
JSON_LD: Final = "application/ld+json"
Values = Annotated[list[str] | None, Query(max_length=50)]
MAX_EXPORT: Final = timedelta(days=31)


class JsonLdResponse(JSONResponse):
    """JSON-LD (EPCIS 2.0 §12: ``application/ld+json``), so OpenAPI documents it too."""

    media_type = JSON_LD


def excursion_flag(request: Request) -> ExcursionFlag:
    """The excursion source plugged into the app (``app.state.epcis_excursions``), or none."""
    flag: ExcursionFlag = getattr(request.app.state, "epcis_excursions", None) or NoExcursions()
    return flag


@router.post("/capture", status_code=201)
async def post_capture(
    document: Annotated[dict[str, Any], Body(description="an EPCIS 2.0 EPCISDocument")],
    principal: CaptureEpcis,
    session: SessionDep,
    response: Response,
) -> Any:
    """Validate and store the events; 422 problem+json naming every schema violation."""
    try:
        result = await capture(session, principal.username, document)
    except EpcisDocumentError as exc:
        await session.rollback()
        return problem(422, str(exc), errors=[v.as_dict() for v in exc.violations])
    await session.commit()
    response.headers["Location"] = f"/api/v1/epcis/capture/{result.capture_id}"
    return {
        "captureID": str(result.capture_id),
        "running": False,
        "success": True,
        "eventCount": len(result.event_ids),
        "stored": result.stored,
        "duplicates": len(result.event_ids) - result.stored,
        "traceHops": result.trace_hops,
        "eventIDs": result.event_ids,
    }


@router.get("/capture/{capture_id}")
async def get_capture(capture_id: int, _: ReadEpcis, session: SessionDep) -> dict[str, Any]:
    """The status of a capture job (EPCIS 2.0 §12.3): done at once, so never running."""
    job = await session.get(EpcisCapture, capture_id)
    if job is None:
        raise NotFoundError("no such capture", capture_id=capture_id)
    return {
        "captureID": str(job.id),
        "running": False,
        "success": True,
        "receivedAt": job.received_at.isoformat(),
        "eventCount": job.event_count,
        "stored": job.stored_count,
        "duplicates": job.event_count - job.stored_count,
        "traceHops": job.trace_hops,
    }


@router.get("/events", response_class=JsonLdResponse)
async def get_events(  # the query parameters of EPCIS 2.0 §8.2.7.1
    *,
    request: Request,
    principal: ReadEpcis,  # noqa: ARG001  # the permission check
    session: SessionDep,
    eventType: Values = None,  # noqa: N803  # EPCIS parameter names
    GE_eventTime: AwareDatetime | None = None,  # noqa: N803
    LT_eventTime: AwareDatetime | None = None,  # noqa: N803
    EQ_bizStep: Values = None,  # noqa: N803
    EQ_disposition: Values = None,  # noqa: N803
    MATCH_epc: Values = None,  # noqa: N803
    MATCH_anyEPC: Values = None,  # noqa: N803
    EQ_readPoint: Values = None,  # noqa: N803
    EQ_bizLocation: Values = None,  # noqa: N803
    EQ_type: Values = None,  # noqa: N803
    GE_value_CEL: Annotated[float | None, Query(allow_inf_nan=False)] = None,  # noqa: N803
    LT_value_CEL: Annotated[float | None, Query(allow_inf_nan=False)] = None,  # noqa: N803
    perPage: Annotated[int, Query(ge=1, le=1000)] = 100,  # noqa: N803
    nextPageToken: Annotated[str | None, Query(max_length=200)] = None,  # noqa: N803
) -> JSONResponse:
    """Events matching every given parameter, oldest first, one page at a time."""
    query = EventQuery(
        event_types=alternatives(eventType),
        ge_event_time=GE_eventTime,
        lt_event_time=LT_eventTime,
        biz_steps=alternatives(EQ_bizStep),
        dispositions=alternatives(EQ_disposition),
        match_epc=alternatives(MATCH_epc),
        match_any_epc=alternatives(MATCH_anyEPC),
        read_points=alternatives(EQ_readPoint),
        biz_locations=alternatives(EQ_bizLocation),
        measurement_types=alternatives(EQ_type),
        ge_value_c=GE_value_CEL,
        lt_value_c=LT_value_CEL,
        per_page=perPage,
        page_token=nextPageToken,
    )
    events, token = await query_events(session, query)
    response = JsonLdResponse(query_document(events))
    response.headers["GS1-EPCIS-Version"] = SCHEMA_VERSION
    if token is not None:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "nextPageToken"]
        link = f"{request.url.path}?{urlencode([*params, ('nextPageToken', token)])}"
        response.headers["Link"] = f'<{link}>; rel="next"'
    return response


@router.get("/events/{event_id:path}", response_class=JsonLdResponse)
async def get_event(
    event_id: str,
    principal: ReadEpcis,  # noqa: ARG001  # the permission check
    session: SessionDep,
) -> JSONResponse:
    """One event by its eventID (URL-encoded), as JSON-LD."""
    body = await event_by_id(session, event_id)
    if body is None:
        raise NotFoundError("no such EPCIS event", event_id=event_id)
    return JsonLdResponse({"@context": [EPCIS_CONTEXT], **body})


@router.get("/export", response_class=JsonLdResponse)
async def get_export(
    *,
    principal: ReadEpcis,  # noqa: ARG001  # the permission check
    session: SessionDep,
    influx: InfluxDep,
    flag: Annotated[ExcursionFlag, Depends(excursion_flag)],
    since: AwareDatetime,
    until: AwareDatetime | None = None,
) -> JSONResponse:
    """Our history in ``[since, until)`` (at most 31 days) as one EPCISDocument."""
    end = until or datetime.now(UTC)
    if end <= since or end - since > MAX_EXPORT:
        return problem(422, "the range must be positive and at most 31 days", field="since")
    document = await export_document(session, since, end, influx=influx, excursions=flag)
    return JsonLdResponse(document)
