"""Containers: create, look up, pack, unpack and move (moving carries the contents along)."""

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, Final
from uuid import UUID

from sqlalchemy import ColumnElement, CursorResult, and_, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor, AuditAction, record
from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.containers.models import Container, ContainerContent, ContainerKind
from coldtrace_cloud.errors import ConflictError, NotFoundError
from coldtrace_cloud.items.models import Item
from coldtrace_cloud.movements.models import Movement, MovementSource
from coldtrace_cloud.movements.recording import MovementSpec, move_items, site_of
from coldtrace_cloud.schemas.page import Slice, cursor_int, slice_of

CC = ContainerContent
# Nesting deeper than this (a pallet of cases of boxes of ...) is a data error, not a shape.
_MAX_NESTED: Final = 10_000


async def list_containers(
    session: AsyncSession,
    scope: AccessScope,
    *,
    location_id: int | None,
    cursor: str | None,
    limit: int,
) -> Slice[Container]:
    """Containers at granted sites (or nowhere), by id."""
    query = (
        select(Container)
        .where(
            or_(Container.current_site_id.is_(None), scope.site_filter(Container.current_site_id))
        )
        .order_by(Container.id)
        .limit(limit + 1)
    )
    after = cursor_int(cursor)
    if after is not None:
        query = query.where(Container.id > after)
    if location_id is not None:
        query = query.where(Container.current_location_id == location_id)
    return slice_of((await session.scalars(query)).all(), limit, lambda c: [c.id])


async def get_container(
    session: AsyncSession, scope: AccessScope, sscc: str, *, for_update: bool = False
) -> Container:
    """Container ``sscc``; 403 if it is at a site not granted."""
    query = select(Container).where(Container.sscc == sscc)
    if for_update:
        query = query.with_for_update()
    container = await session.scalar(query)
    if container is None:
        raise NotFoundError("no such container", sscc=sscc)
    scope.require_site(container.current_site_id, what="container")
    return container


async def create_container(
    session: AsyncSession, actor: Actor, *, sscc: str, kind: ContainerKind, location_id: int | None
) -> Container:
    """A new, empty container (optionally placed at a location)."""
    if await session.scalar(select(Container.id).where(Container.sscc == sscc)) is not None:
        raise ConflictError("a container with this SSCC exists", sscc=sscc)
    container = Container(
        sscc=sscc,
        kind=str(kind),
        current_location_id=location_id,
        current_site_id=await site_of(session, location_id),
    )
    session.add(container)
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        entity_type="container",
        entity_id=container.id,
        new={"sscc": sscc, "kind": str(kind), "location_id": location_id},
    )
    return container


async def contents_at(
    session: AsyncSession, container_id: int, at: datetime | None = None
) -> tuple[list[int], list[int]]:
    """Item ids and child container ids directly inside a container (now, or at ``at``)."""
    query = select(CC.item_id, CC.child_container_id).where(CC.container_id == container_id)
    if at is None:
        query = query.where(CC.valid_to.is_(None))
    else:
        query = query.where(CC.valid_from <= at, or_(CC.valid_to.is_(None), CC.valid_to > at))
    rows = (await session.execute(query.order_by(CC.id))).all()
    items = [r.item_id for r in rows if r.item_id is not None]
    children = [r.child_container_id for r in rows if r.child_container_id is not None]
    return items, children


def _live_at(at: datetime) -> ColumnElement[bool]:
    return and_(CC.valid_from <= at, or_(CC.valid_to.is_(None), CC.valid_to > at))


async def nested_containers(session: AsyncSession, container_id: int, at: datetime) -> list[int]:
    """The container and every container nested in it at ``at`` (breadth first)."""
    found = [container_id]
    level = [container_id]
    while level and len(found) < _MAX_NESTED:
        rows = await session.scalars(
            select(CC.child_container_id).where(
                CC.container_id.in_(level), CC.child_container_id.is_not(None), _live_at(at)
            )
        )
        level = [c for c in rows.all() if c is not None and c not in found]
        found.extend(level)
    return found


async def all_items_inside(session: AsyncSession, container_id: int, at: datetime) -> list[int]:
    """Every item inside a container at ``at``, through nested containers."""
    tree = await nested_containers(session, container_id, at)
    query = select(CC.item_id).where(
        CC.container_id.in_(tree), CC.item_id.is_not(None), _live_at(at)
    )
    return sorted({i for i in (await session.scalars(query)).all() if i is not None})


async def pack(
    session: AsyncSession,
    actor: Actor,
    container: Container,
    *,
    item_ids: Sequence[int],
    children: Sequence[Container],
    at: datetime,
) -> None:
    """Put items and child containers into ``container`` from ``at`` on."""
    for child in children:
        if child.id == container.id:
            raise ConflictError("a container cannot hold itself", sscc=child.sscc)
        if await _inside(session, container.id, child.id):
            raise ConflictError("packing would make a cycle", sscc=child.sscc)
    busy = (
        await session.scalars(
            select(CC.item_id).where(CC.item_id.in_(item_ids), CC.valid_to.is_(None))
        )
    ).all()
    busy_children = (
        await session.scalars(
            select(CC.child_container_id).where(
                CC.child_container_id.in_([c.id for c in children]), CC.valid_to.is_(None)
            )
        )
    ).all()
    if busy or busy_children:
        raise ConflictError("already packed in a container; unpack first", item_ids=list(busy))
    for item_id in item_ids:
        session.add(CC(container_id=container.id, item_id=item_id, valid_from=at))
    for child in children:
        session.add(CC(container_id=container.id, child_container_id=child.id, valid_from=at))
    await session.flush()
    await session.execute(
        update(Item).where(Item.id.in_(item_ids)).values(container_id=container.id)
    )
    await record(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        entity_type="container",
        entity_id=container.id,
        new={
            "packed_items": list(item_ids),
            "packed_containers": [c.sscc for c in children],
            "at": at,
        },
    )


async def _inside(session: AsyncSession, parent_id: int, candidate_id: int) -> bool:
    """True if ``parent_id`` is now (transitively) inside ``candidate_id``."""
    current = parent_id
    for _ in range(64):  # a chain deeper than this is a data error: refuse to extend it
        outer = await session.scalar(
            select(CC.container_id).where(CC.child_container_id == current, CC.valid_to.is_(None))
        )
        if outer is None:
            return False
        if outer == candidate_id:
            return True
        current = outer
    return True


async def unpack(
    session: AsyncSession,
    actor: Actor,
    container: Container,
    *,
    item_ids: Sequence[int],
    children: Sequence[Container],
    at: datetime,
) -> None:
    """Take items and child containers out of ``container`` at ``at``."""
    child_ids = [c.id for c in children]
    closed: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        update(CC)
        .where(
            CC.container_id == container.id,
            CC.valid_to.is_(None),
            CC.valid_from < at,
            or_(CC.item_id.in_(item_ids), CC.child_container_id.in_(child_ids)),
        )
        .values(valid_to=at)
    )
    if closed.rowcount != len(item_ids) + len(child_ids):
        raise ConflictError("some of these are not in this container", sscc=container.sscc)
    await session.execute(update(Item).where(Item.id.in_(item_ids)).values(container_id=None))
    await record(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        entity_type="container",
        entity_id=container.id,
        old={"items": list(item_ids), "containers": [c.sscc for c in children]},
        new={"unpacked_at": at},
    )


async def move_container(
    session: AsyncSession, container: Container, event_id: UUID, spec: MovementSpec
) -> int | None:
    """Move a container and everything inside it: item movements recorded (None: repeat)."""
    parent = await session.scalar(
        pg_insert(Movement)
        .values(
            event_id=event_id,
            container_id=container.id,
            from_location_id=container.current_location_id,
            to_location_id=spec.to_location_id,
            shipment_id=spec.shipment_id,
            portal_id=spec.portal_id,
            direction=str(spec.direction) if spec.direction else None,
            source=str(spec.source),
            occurred_at=spec.occurred_at,
            gateway_id=spec.gateway_id,
        )
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(Movement.id)
    )
    if parent is None:
        return None
    tree = await nested_containers(session, container.id, spec.occurred_at)
    await session.execute(
        update(Container)
        .where(
            Container.id.in_(tree),
            or_(Container.current_since.is_(None), Container.current_since <= spec.occurred_at),
        )
        .values(
            current_location_id=spec.to_location_id,
            current_site_id=await site_of(session, spec.to_location_id),
            current_since=spec.occurred_at,
        )
    )
    items = await all_items_inside(session, container.id, spec.occurred_at)
    return await move_items(session, items, event_id, replace(spec, parent_movement_id=parent))


async def relocate(
    session: AsyncSession,
    actor: Actor,
    container: Container,
    *,
    to_location_id: int,
    event_id: UUID,
    at: datetime,
) -> int:
    """A person moves a container by hand (audited); a repeated event id changes nothing."""
    spec = MovementSpec(occurred_at=at, source=MovementSource.MANUAL, to_location_id=to_location_id)
    moved = await move_container(session, container, event_id, spec)
    if moved is None:
        return 0
    await record(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        entity_type="container",
        entity_id=container.id,
        new={"to_location_id": to_location_id, "event_id": event_id, "item_movements": moved},
    )
    return moved
