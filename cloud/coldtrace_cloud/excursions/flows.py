"""Excursion lifecycle: open -> acknowledged (comment) -> closed (root cause, CAPA reference).

One function per transition, each writing its audit row in the caller's transaction.
"""

from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Final

from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor, AuditAction, record
from coldtrace_cloud.errors import ConflictError, ValidationFailedError
from coldtrace_cloud.excursions.announce import announce_excursions
from coldtrace_cloud.excursions.models import Excursion


class ExcursionStatus(StrEnum):
    """Where QA stands with an excursion."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    CLOSED = "closed"


TRANSITIONS: Final[Mapping[ExcursionStatus, frozenset[ExcursionStatus]]] = {
    ExcursionStatus.OPEN: frozenset({ExcursionStatus.ACKNOWLEDGED}),
    ExcursionStatus.ACKNOWLEDGED: frozenset({ExcursionStatus.CLOSED}),
    ExcursionStatus.CLOSED: frozenset(),
}


def _check(excursion: Excursion, target: ExcursionStatus) -> ExcursionStatus:
    current = ExcursionStatus(excursion.status)
    if target not in TRANSITIONS[current]:
        raise ConflictError(
            f"an {current} excursion cannot become {target}", excursion_id=excursion.id
        )
    return current


def _required(value: str, field: str) -> str:
    if not value.strip():
        raise ValidationFailedError(f"{field} is required", field=field)
    return value


async def acknowledge(
    session: AsyncSession, actor: Actor, excursion: Excursion, *, comment: str
) -> Excursion:
    """QA has seen it and says what it is doing about it."""
    current = _check(excursion, ExcursionStatus.ACKNOWLEDGED)
    excursion.ack_comment = _required(comment, "comment")
    excursion.status = str(ExcursionStatus.ACKNOWLEDGED)
    excursion.acknowledged_at = datetime.now(UTC)
    excursion.acknowledged_by = actor.name
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.TRANSITION,
        entity_type="excursion",
        entity_id=excursion.id,
        old={"status": str(current)},
        new={"status": excursion.status, "comment": comment},
        reason=comment,
    )
    await announce_excursions(session, [excursion.id])
    return excursion


async def close(
    session: AsyncSession,
    actor: Actor,
    excursion: Excursion,
    *,
    root_cause: str,
    capa_ref: str,
) -> Excursion:
    """Close with the root cause and the corrective / preventive action reference."""
    current = _check(excursion, ExcursionStatus.CLOSED)
    excursion.root_cause = _required(root_cause, "root_cause")
    excursion.capa_ref = _required(capa_ref, "capa_ref")
    excursion.status = str(ExcursionStatus.CLOSED)
    excursion.closed_at = datetime.now(UTC)
    excursion.closed_by = actor.name
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.TRANSITION,
        entity_type="excursion",
        entity_id=excursion.id,
        old={"status": str(current)},
        new={"status": excursion.status, "root_cause": root_cause, "capa_ref": capa_ref},
        reason=root_cause,
        reason_required=True,
    )
    await announce_excursions(session, [excursion.id])
    return excursion
