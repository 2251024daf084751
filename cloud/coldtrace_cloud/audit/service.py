"""Writing and reading the audit trail; every audited change calls ``record`` in its transaction.

Appends are serialised by a transaction-scoped advisory lock: the row that reads the chain's head
and the row that extends it belong to one transaction, and the lock is held until it commits, so
the chain never forks and id order is chain order. Flows write their audit row last, after their
own row locks, so a transaction holding the chain lock never waits for a row lock.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Final

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit.chain import GENESIS_HASH, jsonable, row_hash
from coldtrace_cloud.audit.models import AuditEvent
from coldtrace_cloud.errors import ValidationFailedError
from coldtrace_cloud.schemas.page import Slice, cursor_int, slice_of

# Any constant works; it only has to be the same for every coldtrace process.
AUDIT_CHAIN_LOCK_KEY: Final = 0x0C01D7A0D17


class AuditAction(StrEnum):
    """What happened to the record."""

    CREATE = "create"
    UPDATE = "update"
    TRANSITION = "transition"
    DELETE = "delete"
    GRANT = "grant"
    REVOKE = "revoke"


@dataclass(frozen=True)
class Actor:
    """Who acts: a user (id and username) or a named system process (``system:demo``)."""

    name: str
    user_id: int | None = None

    @classmethod
    def system(cls, process: str) -> "Actor":
        """A process acting on its own (CLI, ingest, demo seeding)."""
        return cls(name=f"system:{process}")


def snapshot(obj: object, fields: Iterable[str]) -> dict[str, Any]:
    """The named attributes of ``obj`` as JSON values, for old / new values."""
    return {name: jsonable(getattr(obj, name)) for name in fields}


async def record(
    session: AsyncSession,
    *,
    actor: Actor,
    action: AuditAction,
    entity_type: str,
    entity_id: object,
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
    reason: str | None = None,
    reason_required: bool = False,
) -> AuditEvent:
    """Append one row to the chain in the caller's transaction (committed with the change)."""
    if reason_required and not (reason and reason.strip()):
        # EU GMP Annex 11 §9: a change of a regulated record says why.
        raise ValidationFailedError("a reason is required for this change", field="reason")
    await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_CHAIN_LOCK_KEY})
    head = await session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    fields: dict[str, Any] = {
        "occurred_at": datetime.now(UTC),
        "actor": actor.name,
        "actor_user_id": actor.user_id,
        "action": str(action),
        "entity_type": entity_type,
        "entity_id": str(entity_id),
        "old_values": jsonable(dict(old)) if old is not None else None,
        "new_values": jsonable(dict(new)) if new is not None else None,
        "reason": reason,
        "prev_hash": head or GENESIS_HASH,
    }
    event = AuditEvent(**fields, hash=row_hash(**fields))
    session.add(event)
    await session.flush()
    return event


async def list_events(
    session: AsyncSession,
    *,
    entity_type: str | None = None,
    entity_id: str | None = None,
    actor: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    cursor: str | None = None,
    limit: int = 100,
) -> Slice[AuditEvent]:
    """Audit rows, oldest first, filtered; keyset-paged by id."""
    query = select(AuditEvent).order_by(AuditEvent.id).limit(limit + 1)
    after = cursor_int(cursor)
    if after is not None:
        query = query.where(AuditEvent.id > after)
    if entity_type is not None:
        query = query.where(AuditEvent.entity_type == entity_type)
    if entity_id is not None:
        query = query.where(AuditEvent.entity_id == entity_id)
    if actor is not None:
        query = query.where(AuditEvent.actor == actor)
    if since is not None:
        query = query.where(AuditEvent.occurred_at >= since)
    if until is not None:
        query = query.where(AuditEvent.occurred_at < until)
    rows = (await session.scalars(query)).all()
    return slice_of(rows, limit, lambda e: [e.id])
