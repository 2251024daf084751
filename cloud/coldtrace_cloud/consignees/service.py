"""Consignee queries and audited changes."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor, AuditAction, record, snapshot
from coldtrace_cloud.consignees.models import Consignee, ConsigneeKind
from coldtrace_cloud.errors import ConflictError, NotFoundError
from coldtrace_cloud.schemas.page import Slice, cursor_int, slice_of

FIELDS = ("code", "name", "kind", "gln", "address", "country", "contact_email")


async def list_consignees(
    session: AsyncSession, *, kind: ConsigneeKind | None, cursor: str | None, limit: int
) -> Slice[Consignee]:
    """Consignees by id."""
    query = select(Consignee).order_by(Consignee.id).limit(limit + 1)
    after = cursor_int(cursor)
    if after is not None:
        query = query.where(Consignee.id > after)
    if kind is not None:
        query = query.where(Consignee.kind == str(kind))
    return slice_of((await session.scalars(query)).all(), limit, lambda c: [c.id])


async def get_consignee(session: AsyncSession, code: str) -> Consignee:
    """Consignee ``code``."""
    consignee = await session.scalar(select(Consignee).where(Consignee.code == code))
    if consignee is None:
        raise NotFoundError("no such consignee", consignee=code)
    return consignee


async def create_consignee(
    session: AsyncSession, actor: Actor, *, code: str, kind: ConsigneeKind, **fields: str | None
) -> Consignee:
    """A new consignee."""
    if await session.scalar(select(Consignee.id).where(Consignee.code == code)) is not None:
        raise ConflictError("consignee code is taken", consignee=code)
    consignee = Consignee(code=code, kind=str(kind), **fields)
    session.add(consignee)
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        entity_type="consignee",
        entity_id=consignee.id,
        new=snapshot(consignee, FIELDS),
    )
    return consignee


async def update_consignee(
    session: AsyncSession, actor: Actor, consignee: Consignee, *, reason: str, **changes: str | None
) -> Consignee:
    """Change a consignee's name, address, contact (audited with a reason)."""
    old = snapshot(consignee, FIELDS)
    for name, value in changes.items():
        if value is not None:
            setattr(consignee, name, value)
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        entity_type="consignee",
        entity_id=consignee.id,
        old=old,
        new=snapshot(consignee, FIELDS),
        reason=reason,
        reason_required=True,
    )
    return consignee
