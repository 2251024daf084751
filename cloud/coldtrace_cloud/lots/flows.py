"""Lot status: an explicit transition table, one function per transition, each audited.

Rejected, recalled and expired are final. A quarantined lot is the only one QA releases. The QA
disposition flows (e-signature per 21 CFR 11.50, budget override) build on ``transition``: they
pass the signature and exposure references in ``evidence``, which lands in the audit row.
"""

from collections.abc import Mapping
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor, AuditAction, record
from coldtrace_cloud.db.notifications import announce_holds
from coldtrace_cloud.errors import ConflictError
from coldtrace_cloud.lots.models import Lot


class LotStatus(StrEnum):
    """Where a lot stands; only released lots may be picked or shipped."""

    RELEASED = "released"
    QUARANTINED = "quarantined"
    REJECTED = "rejected"
    RECALLED = "recalled"
    EXPIRED = "expired"


TRANSITIONS: Final[Mapping[LotStatus, frozenset[LotStatus]]] = {
    LotStatus.RELEASED: frozenset({LotStatus.QUARANTINED, LotStatus.RECALLED, LotStatus.EXPIRED}),
    LotStatus.QUARANTINED: frozenset(
        {LotStatus.RELEASED, LotStatus.REJECTED, LotStatus.RECALLED, LotStatus.EXPIRED}
    ),
    LotStatus.REJECTED: frozenset(),
    LotStatus.RECALLED: frozenset(),
    LotStatus.EXPIRED: frozenset(),
}
# Statuses on the gateways' hold lists (portals alarm when such stock moves out).
HELD: Final = frozenset({LotStatus.QUARANTINED, LotStatus.RECALLED, LotStatus.REJECTED})
# Statuses whose stock must never be picked or shipped.
BLOCKED: Final = frozenset(
    {LotStatus.QUARANTINED, LotStatus.REJECTED, LotStatus.RECALLED, LotStatus.EXPIRED}
)


def can_transition(current: LotStatus, target: LotStatus) -> bool:
    """True if the table allows ``current -> target``."""
    return target in TRANSITIONS[current]


async def transition(
    session: AsyncSession,
    actor: Actor,
    lot: Lot,
    target: LotStatus,
    *,
    reason: str,
    evidence: Mapping[str, Any] | None = None,
) -> Lot:
    """Move ``lot`` to ``target`` with a mandatory reason; 409 if the table forbids it."""
    current = LotStatus(lot.status)
    if not can_transition(current, target):
        raise ConflictError(
            f"a {current} lot cannot become {target}", lot_id=lot.id, lot_status=str(current)
        )
    lot.status = str(target)
    lot.status_reason = reason
    lot.status_changed_at = datetime.now(UTC)
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.TRANSITION,
        entity_type="lot",
        entity_id=lot.id,
        old={"status": str(current)},
        new={"status": str(target), **(evidence or {})},
        reason=reason,
        reason_required=True,
    )
    if {current, target} & HELD:
        # Gateways alarm on outbound passes of held stock: their hold lists must follow.
        await announce_holds(session)
    return lot


async def quarantine(session: AsyncSession, actor: Actor, lot: Lot, *, reason: str) -> Lot:
    """Hold a lot (excursion, suspicion, incoming inspection)."""
    return await transition(session, actor, lot, LotStatus.QUARANTINED, reason=reason)


async def release(session: AsyncSession, actor: Actor, lot: Lot, *, reason: str) -> Lot:
    """Release a quarantined lot for picking and shipping."""
    return await transition(session, actor, lot, LotStatus.RELEASED, reason=reason)


async def reject(session: AsyncSession, actor: Actor, lot: Lot, *, reason: str) -> Lot:
    """Reject a quarantined lot (final)."""
    return await transition(session, actor, lot, LotStatus.REJECTED, reason=reason)


async def recall(session: AsyncSession, actor: Actor, lot: Lot, *, reason: str) -> Lot:
    """Mark a lot recalled (final; the recall flow tracks consignees)."""
    return await transition(session, actor, lot, LotStatus.RECALLED, reason=reason)


async def expire_due(session: AsyncSession, actor: Actor, today: date) -> list[Lot]:
    """Expire every released or quarantined lot whose expiry date has passed."""
    due = (
        await session.scalars(
            select(Lot)
            .where(
                Lot.expiry_date < today,
                Lot.status.in_([LotStatus.RELEASED, LotStatus.QUARANTINED]),
            )
            .order_by(Lot.id)
            .with_for_update()
        )
    ).all()
    for lot in due:
        await transition(
            session, actor, lot, LotStatus.EXPIRED, reason=f"expiry date {lot.expiry_date} passed"
        )
    return list(due)
