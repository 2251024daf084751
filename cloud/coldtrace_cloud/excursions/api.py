"""Routes of excursions: list, get, acknowledge, close, the SSE stream; rule sets and backtest."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import AwareDatetime

from coldtrace_cloud.api.deps import InfluxDep, SessionDep
from coldtrace_cloud.auth.deps import require
from coldtrace_cloud.auth.roles import Permission
from coldtrace_cloud.auth.scope import Principal
from coldtrace_cloud.excursions import flows, service
from coldtrace_cloud.excursions.episodes import EpisodeKind, Severity
from coldtrace_cloud.excursions.flows import ExcursionStatus
from coldtrace_cloud.excursions.rulesets import current_rule_set, rules_of, set_rules
from coldtrace_cloud.excursions.schemas import (
    AcknowledgeIn,
    BacktestIn,
    BacktestOut,
    CloseIn,
    EpisodeOut,
    ExcursionOut,
    RuleSetIn,
    RuleSetOut,
)
from coldtrace_cloud.excursions.series import backtest_profile
from coldtrace_cloud.excursions.stream import excursion_events
from coldtrace_cloud.products.service import get_profile
from coldtrace_cloud.schemas.fields import Code, Id, Limit
from coldtrace_cloud.schemas.page import Page
from coldtrace_cloud.schemas.problems import AUTHED

ReadExcursions = Annotated[Principal, Depends(require(Permission.EXCURSIONS_READ))]
WriteExcursions = Annotated[Principal, Depends(require(Permission.EXCURSIONS_WRITE))]
WriteRules = Annotated[Principal, Depends(require(Permission.RULES_WRITE))]

router = APIRouter(prefix="/excursions", tags=["excursions"], responses=AUTHED)
rules_router = APIRouter(prefix="/storage-profiles", tags=["excursions"], responses=AUTHED)


@router.get("")
async def get_excursions(
    *,
    principal: ReadExcursions,
    session: SessionDep,
    status: ExcursionStatus | None = None,
    kind: EpisodeKind | None = None,
    severity: Severity | None = None,
    location_id: Id | None = None,
    shipment_id: Id | None = None,
    started_after: AwareDatetime | None = None,
    started_before: AwareDatetime | None = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
) -> Page[ExcursionOut]:
    """Excursions of the caller's sites, newest first."""
    where = service.ExcursionFilter(
        status, kind, severity, location_id, shipment_id, started_after, started_before
    )
    found = await service.list_excursions(
        session, principal.scope, where, cursor=cursor, limit=limit
    )
    return Page[ExcursionOut](
        items=[ExcursionOut.of(v) for v in found.rows], next_cursor=found.next_cursor
    )


@router.get(
    "/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def get_stream(
    request: Request,
    principal: ReadExcursions,
    duration_s: Annotated[float, Query(ge=0, le=3600)] = 900,
) -> StreamingResponse:
    """Server-sent events: ``ready``, then ``excursion`` per new or changed excursion."""
    settings = request.app.state.settings
    events = excursion_events(
        settings.database_url.get_secret_value(),
        request.app.state.sessionmaker,
        principal.scope,
        duration_s,
    )
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(events, media_type="text/event-stream", headers=headers)


@router.get("/{excursion_id}")
async def get_excursion(
    excursion_id: Id, principal: ReadExcursions, session: SessionDep
) -> ExcursionOut:
    """One excursion."""
    return ExcursionOut.of(await service.get_excursion(session, principal.scope, excursion_id))


@router.post("/{excursion_id}/acknowledge")
async def post_acknowledge(
    excursion_id: Id, body: AcknowledgeIn, principal: WriteExcursions, session: SessionDep
) -> ExcursionOut:
    """Acknowledge an open excursion with a comment (409 unless it is open)."""
    view = await service.get_excursion(session, principal.scope, excursion_id, for_update=True)
    await flows.acknowledge(session, principal.actor, view.excursion, comment=body.comment)
    await session.commit()
    return ExcursionOut.of(view)


@router.post("/{excursion_id}/close")
async def post_close(
    excursion_id: Id, body: CloseIn, principal: WriteExcursions, session: SessionDep
) -> ExcursionOut:
    """Close an acknowledged excursion with its root cause and CAPA reference."""
    view = await service.get_excursion(session, principal.scope, excursion_id, for_update=True)
    await flows.close(
        session,
        principal.actor,
        view.excursion,
        root_cause=body.root_cause,
        capa_ref=body.capa_ref,
    )
    await session.commit()
    return ExcursionOut.of(view)


@rules_router.get("/{code}/rules")
async def get_rules(
    code: Code,
    principal: ReadExcursions,  # noqa: ARG001  # the permission check
    session: SessionDep,
) -> RuleSetOut:
    """The rules in force for a storage profile."""
    profile = await get_profile(session, code)
    rules, _ = await rules_of(session, profile)
    return RuleSetOut.of(code, await current_rule_set(session, profile.id), rules)


@rules_router.post("/{code}/rules", status_code=201)
async def post_rules(
    code: Code, body: RuleSetIn, principal: WriteRules, session: SessionDep
) -> RuleSetOut:
    """Put a new version of the profile's rules in force (audited, with the reason)."""
    profile = await get_profile(session, code)
    row = await set_rules(session, principal.actor, profile, body.rules, reason=body.reason)
    await session.commit()
    return RuleSetOut.of(code, row, body.rules)


@rules_router.post("/{code}/backtest")
async def post_backtest(
    code: Code,
    body: BacktestIn,
    principal: ReadExcursions,  # noqa: ARG001  # the permission check
    session: SessionDep,
    influx: InfluxDep,
) -> BacktestOut:
    """What the rules would have raised over stored history; raises nothing."""
    rules, episodes = await backtest_profile(
        session, influx, code, body.sensor, start=body.start, end=body.end, rules=body.rules
    )
    return BacktestOut(
        profile=code, sensor=body.sensor, rules=rules, episodes=[EpisodeOut.of(e) for e in episodes]
    )
