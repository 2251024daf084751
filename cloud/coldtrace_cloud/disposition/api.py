"""Routes of QA disposition: sign a release / release with restriction / reject; read decisions."""

from typing import Annotated

from fastapi import APIRouter, Depends

from coldtrace_cloud.api.deps import SessionDep
from coldtrace_cloud.auth.deps import require
from coldtrace_cloud.auth.roles import Permission
from coldtrace_cloud.auth.scope import Principal
from coldtrace_cloud.disposition import service
from coldtrace_cloud.disposition.schemas import DispositionIn, DispositionOut
from coldtrace_cloud.schemas.fields import Id
from coldtrace_cloud.schemas.problems import AUTHED

Dispose = Annotated[Principal, Depends(require(Permission.QA_DISPOSE))]
ReadExcursions = Annotated[Principal, Depends(require(Permission.EXCURSIONS_READ))]

router = APIRouter(prefix="/dispositions", tags=["disposition"], responses=AUTHED)


@router.post("/lots/{lot_id}", status_code=201)
async def post_disposition(
    lot_id: Id, body: DispositionIn, principal: Dispose, session: SessionDep
) -> DispositionOut:
    """Sign QA's decision on a quarantined lot (401 on a wrong password, 409 on a spent budget)."""
    override = body.override
    signed = await service.dispose(
        session,
        principal,
        lot_id,
        decision=body.decision,
        password=body.password.get_secret_value(),
        reason=body.reason,
        restriction=body.restriction,
        override=None
        if override is None
        else (override.username, override.password.get_secret_value()),
    )
    await session.commit()
    return DispositionOut.of(*signed)


@router.get("/lots/{lot_id}")
async def get_dispositions(
    lot_id: Id, principal: ReadExcursions, session: SessionDep
) -> list[DispositionOut]:
    """Every signed decision on a lot, oldest first."""
    return [
        DispositionOut.of(*s) for s in await service.lot_dispositions(session, principal, lot_id)
    ]
