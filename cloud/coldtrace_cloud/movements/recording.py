"""Recording movements: idempotent by event id, correct for late (out-of-order) events.

Each movement of an item updates its residency timeline. An event in order closes the open
interval and opens the next; a late event splits the interval it falls in (the item was
somewhere else from that moment until its next known move). The item's current place changes
only when the event is the newest one. Rows of one item are serialised by locking the item.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid5

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.items.models import Item, ItemStatus
from coldtrace_cloud.locations.models import Location
from coldtrace_cloud.movements.models import Direction, Movement, MovementSource, ResidencyInterval

RI = ResidencyInterval
# Rows per set-based statement: 11 parameters a movement stays under asyncpg's 32,767 limit.
_CHUNK = 1000


@dataclass(frozen=True)
class MovementSpec:
    """Where to, when and why; no location and no shipment means the item left our custody."""

    occurred_at: datetime
    source: MovementSource
    to_location_id: int | None = None
    shipment_id: int | None = None
    portal_id: int | None = None
    direction: Direction | None = None
    gateway_id: str | None = None
    new_status: ItemStatus | None = None
    parent_movement_id: int | None = None

    @property
    def has_place(self) -> bool:
        """True if the item stays in our custody (a location or a shipment)."""
        return self.to_location_id is not None or self.shipment_id is not None


@dataclass(frozen=True)
class MoveResult:
    """What recording did: the movement id (None for a duplicate event) and if it is current."""

    movement_id: int | None
    became_current: bool

    @property
    def duplicate(self) -> bool:
        """True if the event had been recorded before (nothing changed)."""
        return self.movement_id is None


def derived_event_id(parent: UUID, item_id: int) -> UUID:
    """Event id of an item's movement caused by its container's (stable across redeliveries)."""
    return uuid5(parent, f"item:{item_id}")


async def site_of(session: AsyncSession, location_id: int | None) -> int | None:
    """The site of a location (None for None)."""
    if location_id is None:
        return None
    return await session.scalar(select(Location.site_id).where(Location.id == location_id))


def _movement_row(
    event_id: UUID, item_id: int, from_location_id: int | None, spec: MovementSpec
) -> dict[str, object]:
    return {
        "event_id": event_id,
        "item_id": item_id,
        "from_location_id": from_location_id,
        "to_location_id": spec.to_location_id,
        "shipment_id": spec.shipment_id,
        "portal_id": spec.portal_id,
        "direction": str(spec.direction) if spec.direction else None,
        "source": str(spec.source),
        "occurred_at": spec.occurred_at,
        "gateway_id": spec.gateway_id,
        "parent_movement_id": spec.parent_movement_id,
    }


async def _split_timeline(
    session: AsyncSession, item_id: int, movement_id: int, spec: MovementSpec
) -> None:
    """Insert the move at ``spec.occurred_at`` into the item's residency timeline."""
    at = spec.occurred_at
    containing = (
        await session.execute(
            select(RI.id, RI.valid_from, RI.valid_to).where(
                RI.item_id == item_id,
                RI.valid_from <= at,
                or_(RI.valid_to.is_(None), RI.valid_to > at),
            )
        )
    ).first()
    place = {"location_id": spec.to_location_id, "shipment_id": spec.shipment_id}
    if containing is not None and containing.valid_from == at:
        # Two moves at the same instant: the later-recorded one says where the item went.
        if spec.has_place:
            await session.execute(
                update(RI).where(RI.id == containing.id).values(**place, movement_id=movement_id)
            )
        else:
            await session.execute(delete(RI).where(RI.id == containing.id))
        return
    if containing is not None:
        end = containing.valid_to
        await session.execute(update(RI).where(RI.id == containing.id).values(valid_to=at))
    else:
        end = await session.scalar(
            select(func.min(RI.valid_from)).where(RI.item_id == item_id, RI.valid_from > at)
        )
    if spec.has_place:
        await session.execute(
            insert(RI).values(
                item_id=item_id, valid_from=at, valid_to=end, movement_id=movement_id, **place
            )
        )


async def move_item(
    session: AsyncSession, item_id: int, event_id: UUID, spec: MovementSpec
) -> MoveResult:
    """Record one movement of an item (a no-op for an event id seen before)."""
    item = await session.get(Item, item_id, with_for_update=True, populate_existing=True)
    if item is None:
        raise LookupError(item_id)
    at = spec.occurred_at
    from_location = await session.scalar(
        select(RI.location_id)
        .where(
            RI.item_id == item_id, RI.valid_from < at, or_(RI.valid_to.is_(None), RI.valid_to >= at)
        )
        .order_by(RI.valid_from.desc())
        .limit(1)
    )
    inserted = await session.scalar(
        pg_insert(Movement)
        .values(**_movement_row(event_id, item_id, from_location, spec))
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(Movement.id)
    )
    if inserted is None:
        return MoveResult(movement_id=None, became_current=False)
    await _split_timeline(session, item_id, inserted, spec)
    current = item.current_since is None or at >= item.current_since
    if current:
        item.current_location_id = spec.to_location_id
        item.current_site_id = await site_of(session, spec.to_location_id)
        item.current_shipment_id = spec.shipment_id
        item.current_since = at
        if spec.new_status is not None:
            item.status = str(spec.new_status)
        await session.flush()
    return MoveResult(movement_id=inserted, became_current=current)


async def move_items(
    session: AsyncSession, item_ids: Sequence[int], parent_event_id: UUID, spec: MovementSpec
) -> int:
    """Move many items together (a container, a shipment leaving); returns movements recorded.

    Event ids derive from ``parent_event_id`` and the item, so a repeat is a no-op. When every
    item's newest move is older than this one (the usual case) it runs as a few set-based
    statements; otherwise item by item.
    """
    ids = sorted(set(item_ids))
    total = 0
    for start in range(0, len(ids), _CHUNK):
        total += await _move_chunk(session, ids[start : start + _CHUNK], parent_event_id, spec)
    return total


async def _move_chunk(
    session: AsyncSession, ids: Sequence[int], parent_event_id: UUID, spec: MovementSpec
) -> int:
    at = spec.occurred_at
    rows = (
        await session.execute(
            select(Item.id, Item.current_since, Item.current_location_id)
            .where(Item.id.in_(ids))
            .order_by(Item.id)
            .with_for_update()
        )
    ).all()
    if any(r.current_since is not None and r.current_since >= at for r in rows):
        results = [
            await move_item(session, r.id, derived_event_id(parent_event_id, r.id), spec)
            for r in rows
        ]
        return sum(1 for r in results if not r.duplicate)
    inserted = (
        await session.execute(
            pg_insert(Movement)
            .values(
                [
                    _movement_row(
                        derived_event_id(parent_event_id, r.id), r.id, r.current_location_id, spec
                    )
                    for r in rows
                ]
            )
            .on_conflict_do_nothing(index_elements=["event_id"])
            .returning(Movement.item_id, Movement.id)
        )
    ).all()
    moved = [r.item_id for r in inserted]
    if not moved:
        return 0
    await session.execute(
        update(RI).where(RI.item_id.in_(moved), RI.valid_to.is_(None)).values(valid_to=at)
    )
    if spec.has_place:
        await session.execute(
            insert(RI),
            [
                {
                    "item_id": r.item_id,
                    "location_id": spec.to_location_id,
                    "shipment_id": spec.shipment_id,
                    "valid_from": at,
                    "valid_to": None,
                    "movement_id": r.id,
                }
                for r in inserted
            ],
        )
    values: dict[str, object] = {
        "current_location_id": spec.to_location_id,
        "current_site_id": await site_of(session, spec.to_location_id),
        "current_shipment_id": spec.shipment_id,
        "current_since": at,
    }
    if spec.new_status is not None:
        values["status"] = str(spec.new_status)
    await session.execute(update(Item).where(Item.id.in_(moved)).values(**values))
    return len(moved)
