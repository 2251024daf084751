"""Routes of the audit trail: read the rows, verify the chain (auditors, QA, admins)."""

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import AwareDatetime, BaseModel, ConfigDict

from coldtrace_cloud.api.deps import SessionDep
from coldtrace_cloud.audit.service import list_events
from coldtrace_cloud.audit.verify import verify_chain
from coldtrace_cloud.auth.deps import ReadAudit
from coldtrace_cloud.schemas.fields import Limit
from coldtrace_cloud.schemas.page import Page, to_page
from coldtrace_cloud.schemas.problems import AUTHED

router = APIRouter(prefix="/audit", tags=["audit"], responses=AUTHED)
Filter = Annotated[str | None, Query(max_length=128, pattern=r"^[^\x00]*$")]


class AuditEventOut(BaseModel):
    """One audit row, hashes included (so a client can re-verify it)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    occurred_at: datetime
    actor: str
    actor_user_id: int | None
    action: str
    entity_type: str
    entity_id: str
    old_values: dict[str, Any] | None
    new_values: dict[str, Any] | None
    reason: str | None
    prev_hash: str
    hash: str


class ChainReportOut(BaseModel):
    """The verifier's verdict."""

    model_config = ConfigDict(from_attributes=True)

    ok: bool
    rows_checked: int
    head_hash: str
    first_broken_id: int | None
    problem: Literal["hash_mismatch", "broken_link"] | None
    detail: str | None


@router.get("/events")
async def get_events(
    *,
    _: ReadAudit,
    session: SessionDep,
    entity_type: Filter = None,
    entity_id: Filter = None,
    actor: Filter = None,
    since: AwareDatetime | None = None,
    until: AwareDatetime | None = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
) -> Page[AuditEventOut]:
    """Audit rows, oldest first."""
    found = await list_events(
        session,
        entity_type=entity_type,
        entity_id=entity_id,
        actor=actor,
        since=since,
        until=until,
        cursor=cursor,
        limit=limit,
    )
    return to_page(found, AuditEventOut)


@router.get("/verify")
async def get_verify(_: ReadAudit, session: SessionDep) -> ChainReportOut:
    """Recompute the whole chain; report the first broken row if any."""
    return ChainReportOut.model_validate(await verify_chain(session))
