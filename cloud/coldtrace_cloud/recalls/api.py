"""Routes of recalls: create (or drill), read, notices as JSON and printable HTML, consignee
acknowledgements, close."""

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from coldtrace_cloud.api.deps import SessionDep
from coldtrace_cloud.auth.deps import require
from coldtrace_cloud.auth.roles import Permission
from coldtrace_cloud.auth.scope import Principal
from coldtrace_cloud.recalls import flows, service
from coldtrace_cloud.recalls.notices import notice_html
from coldtrace_cloud.recalls.schemas import (
    AcknowledgeIn,
    CloseIn,
    NoticeOut,
    RecallIn,
    RecallOut,
    RecallSummaryOut,
)
from coldtrace_cloud.schemas.fields import Code
from coldtrace_cloud.schemas.problems import AUTHED

ReadRecalls = Annotated[Principal, Depends(require(Permission.RECALLS_READ))]
WriteRecalls = Annotated[Principal, Depends(require(Permission.RECALLS_WRITE))]

router = APIRouter(prefix="/recalls", tags=["recalls"], responses=AUTHED)


@router.get("")
async def get_recalls(
    principal: ReadRecalls,  # noqa: ARG001  # the permission check
    session: SessionDep,
) -> list[RecallSummaryOut]:
    """Every recall and drill, newest first."""
    rows = await service.list_recalls(session)
    return [RecallSummaryOut.model_validate(r, from_attributes=True) for r in rows]


@router.post("", status_code=201)
async def post_recall(body: RecallIn, principal: WriteRecalls, session: SessionDep) -> RecallOut:
    """Trace the lots forward and write one notice per consignee (a drill sends nothing)."""
    request = flows.RecallRequest(**body.model_dump())
    recall = await flows.create_recall(session, principal.actor, principal.scope, request)
    await session.commit()
    return RecallOut.of(await service.detail(session, recall))


@router.get("/{code}")
async def get_recall(
    code: Code,
    principal: ReadRecalls,  # noqa: ARG001  # the permission check
    session: SessionDep,
) -> RecallOut:
    """A recall with its notices, effectiveness and time to trace."""
    return RecallOut.of(await service.detail(session, await service.get_recall(session, code)))


@router.get("/{code}/notices/{consignee}")
async def get_notice(
    code: Code,
    consignee: Code,
    principal: ReadRecalls,  # noqa: ARG001  # the permission check
    session: SessionDep,
) -> NoticeOut:
    """One consignee's notice (21 CFR 7.49 contents) and its answer."""
    recall = await service.get_recall(session, code)
    return NoticeOut.of(await service.get_notice(session, recall, consignee), consignee)


@router.get("/{code}/notices/{consignee}/print", response_class=HTMLResponse)
async def get_notice_print(
    code: Code,
    consignee: Code,
    principal: ReadRecalls,  # noqa: ARG001  # the permission check
    session: SessionDep,
) -> HTMLResponse:
    """The notice as a printable HTML page."""
    recall = await service.get_recall(session, code)
    notice = await service.get_notice(session, recall, consignee)
    return HTMLResponse(notice_html(notice.content))


@router.post("/{code}/notices/{consignee}/acknowledge")
async def post_acknowledge(
    code: Code, consignee: Code, body: AcknowledgeIn, principal: WriteRecalls, session: SessionDep
) -> NoticeOut:
    """Record the consignee's acknowledgement and returned units."""
    recall = await service.get_recall(session, code, for_update=True)
    notice = await service.get_notice(session, recall, consignee, for_update=True)
    await flows.acknowledge(
        session,
        principal.actor,
        recall,
        notice,
        acknowledged_by=body.acknowledged_by,
        units_returned=body.units_returned,
    )
    await session.commit()
    return NoticeOut.of(notice, consignee)


@router.post("/{code}/close")
async def post_close(
    code: Code, body: CloseIn, principal: WriteRecalls, session: SessionDep
) -> RecallOut:
    """Close the recall once every consignee answered (409 otherwise)."""
    recall = await service.get_recall(session, code, for_update=True)
    found = await service.detail(session, recall)
    notices = [n for n, _ in found.notices]
    await flows.close(session, principal.actor, recall, notices, reason=body.reason)
    await session.commit()
    return RecallOut.of(await service.detail(session, recall))
