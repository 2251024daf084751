"""Movement queries (by item, container, lot, location, time) and manual item moves."""

from datetime import datetime
from uuid import UUID

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor, AuditAction, record
from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.errors import ValidationFailedError
from coldtrace_cloud.items.models import Item
from coldtrace_cloud.locations.models import Location
from coldtrace_cloud.movements.models import Direction, Movement, MovementSource
from coldtrace_cloud.movements.recording import MovementSpec, MoveResult, move_item
from coldtrace_cloud.schemas.page import Slice, decode_cursor, slice_of


def _after(cursor: str | None) -> tuple[datetime, int] | None:
    key = decode_cursor(cursor, size=2)
    if key is None:
        return None
    moment, last_id = key
    if isinstance(moment, str) and isinstance(last_id, int) and 0 <= last_id < 2**63:
        try:
            parsed = datetime.fromisoformat(moment)
        except ValueError as exc:
            raise ValidationFailedError("cursor is not valid", field="cursor") from exc
        if parsed.tzinfo is not None:
            return parsed, last_id
    raise ValidationFailedError("cursor is not valid", field="cursor")


async def list_movements(
    session: AsyncSession,
    scope: AccessScope,
    *,
    item_id: int | None = None,
    container_id: int | None = None,
    lot_id: int | None = None,
    location_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    cursor: str | None = None,
    limit: int = 100,
) -> Slice[Movement]:
    """Movements in time order (``occurred_at``, then id), filtered, at granted sites."""
    query = select(Movement).order_by(Movement.occurred_at, Movement.id).limit(limit + 1)
    if not scope.all_sites:
        granted = select(Location.id).where(scope.site_filter(Location.site_id))
        query = query.where(
            or_(Movement.to_location_id.in_(granted), Movement.from_location_id.in_(granted))
        )
    after = _after(cursor)
    if after is not None:
        query = query.where(
            or_(
                Movement.occurred_at > after[0],
                (Movement.occurred_at == after[0]) & (Movement.id > after[1]),
            )
        )
    if item_id is not None:
        query = query.where(Movement.item_id == item_id)
    if container_id is not None:
        query = query.where(Movement.container_id == container_id)
    if lot_id is not None:
        query = query.where(Movement.item_id.in_(select(Item.id).where(Item.lot_id == lot_id)))
    if location_id is not None:
        query = query.where(
            or_(Movement.to_location_id == location_id, Movement.from_location_id == location_id)
        )
    if since is not None:
        query = query.where(Movement.occurred_at >= since)
    if until is not None:
        query = query.where(Movement.occurred_at < until)
    rows = (await session.scalars(query)).all()
    return slice_of(rows, limit, lambda m: [m.occurred_at, m.id])


async def move_by_hand(
    session: AsyncSession,
    actor: Actor,
    item: Item,
    *,
    to_location_id: int,
    event_id: UUID,
    occurred_at: datetime,
    source: MovementSource = MovementSource.MANUAL,
    direction: Direction | None = None,
    portal_id: int | None = None,
) -> MoveResult:
    """A person (or a scanner) moves an item: recorded idempotently and audited."""
    spec = MovementSpec(
        occurred_at=occurred_at,
        source=source,
        to_location_id=to_location_id,
        direction=direction,
        portal_id=portal_id,
    )
    result = await move_item(session, item.id, event_id, spec)
    if not result.duplicate:
        await record(
            session,
            actor=actor,
            action=AuditAction.CREATE,
            entity_type="movement",
            entity_id=result.movement_id,
            new={
                "item_id": item.id,
                "to_location_id": to_location_id,
                "occurred_at": occurred_at,
                "event_id": event_id,
                "source": source,
            },
        )
    return result
