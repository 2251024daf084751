"""Shipment lifecycle: planned -> loading -> in_transit -> delivered -> closed.

One function per transition, each checked against the table and audited. Dispatch refuses any
lot that is not released or has expired (quarantined, rejected, recalled or expired stock never
leaves), moves the items onto the shipment (residency on the shipment, for exposure), and
delivery either ends our custody (a consignee) or receives the items at the destination site.
"""

from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Final
from uuid import UUID, uuid5

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor, AuditAction, record
from coldtrace_cloud.errors import ConflictError
from coldtrace_cloud.items.models import Item, ItemStatus
from coldtrace_cloud.lots.flows import LotStatus
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.movements.models import MovementSource
from coldtrace_cloud.movements.recording import MovementSpec, move_items, site_of
from coldtrace_cloud.shipments import custody
from coldtrace_cloud.shipments.models import Shipment, ShipmentLeg, ShipmentLine

# Namespace of the event ids of shipment-caused movements (uuid5 of the shipment and step).
_EVENTS: Final = UUID("7b0c4a52-59f4-4d1e-9a55-0c01d7ace5a1")


class ShipmentStatus(StrEnum):
    """Where a shipment stands."""

    PLANNED = "planned"
    LOADING = "loading"
    IN_TRANSIT = "in_transit"
    DELIVERED = "delivered"
    CLOSED = "closed"


TRANSITIONS: Final[Mapping[ShipmentStatus, frozenset[ShipmentStatus]]] = {
    ShipmentStatus.PLANNED: frozenset({ShipmentStatus.LOADING}),
    ShipmentStatus.LOADING: frozenset({ShipmentStatus.IN_TRANSIT}),
    ShipmentStatus.IN_TRANSIT: frozenset({ShipmentStatus.DELIVERED}),
    ShipmentStatus.DELIVERED: frozenset({ShipmentStatus.CLOSED}),
    ShipmentStatus.CLOSED: frozenset(),
}
OPEN: Final = frozenset({ShipmentStatus.PLANNED, ShipmentStatus.LOADING})


def step_event_id(shipment: Shipment, step: str) -> UUID:
    """The parent event id of a shipment step (stable: repeating a step moves nothing twice)."""
    return uuid5(_EVENTS, f"shipment:{shipment.id}:{step}")


def _check(shipment: Shipment, target: ShipmentStatus) -> ShipmentStatus:
    current = ShipmentStatus(shipment.status)
    if target not in TRANSITIONS[current]:
        raise ConflictError(
            f"a {current} shipment cannot become {target}",
            shipment=shipment.code,
            shipment_status=str(current),
        )
    return current


async def _transition(
    session: AsyncSession,
    actor: Actor,
    shipment: Shipment,
    target: ShipmentStatus,
    *,
    reason: str | None,
    details: Mapping[str, Any] | None = None,
) -> Shipment:
    current = _check(shipment, target)
    shipment.status = str(target)
    shipment.status_changed_at = datetime.now(UTC)
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.TRANSITION,
        entity_type="shipment",
        entity_id=shipment.id,
        old={"status": str(current)},
        new={"status": str(target), **(details or {})},
        reason=reason,
    )
    return shipment


async def start_loading(
    session: AsyncSession, actor: Actor, shipment: Shipment, *, reason: str | None = None
) -> Shipment:
    """Planned -> loading."""
    return await _transition(session, actor, shipment, ShipmentStatus.LOADING, reason=reason)


async def _line_items(session: AsyncSession, shipment: Shipment) -> list[int]:
    query = select(ShipmentLine.item_id).where(
        ShipmentLine.shipment_id == shipment.id, ShipmentLine.item_id.is_not(None)
    )
    return [i for i in (await session.scalars(query)).all() if i is not None]


async def _refuse_blocked_lots(session: AsyncSession, shipment: Shipment, at: datetime) -> None:
    lots = (
        await session.scalars(
            select(Lot)
            .where(
                Lot.id.in_(
                    select(ShipmentLine.lot_id).where(ShipmentLine.shipment_id == shipment.id)
                )
            )
            .with_for_update()
        )
    ).all()
    blocked = [
        lot.lot_number
        for lot in lots
        if lot.status != LotStatus.RELEASED or lot.expiry_date < at.date()
    ]
    if blocked:
        raise ConflictError(
            "lots that are not released (or have expired) cannot ship",
            shipment=shipment.code,
            lots=",".join(sorted(blocked)),
        )


async def _refuse_time_travel(
    session: AsyncSession, shipment: Shipment, items: list[int], at: datetime
) -> None:
    """A step dated before the items' newest recorded move would rewrite their history."""
    newest = await session.scalar(select(func.max(Item.current_since)).where(Item.id.in_(items)))
    if newest is not None and newest > at:
        raise ConflictError(
            "the items moved after this time; date the step after their last movement",
            shipment=shipment.code,
            last_movement_at=newest,
        )


async def dispatch(
    session: AsyncSession,
    actor: Actor,
    shipment: Shipment,
    *,
    at: datetime,
    reason: str | None = None,
) -> Shipment:
    """Loading -> in transit: the items leave the site on the shipment (and its vehicle)."""
    _check(shipment, ShipmentStatus.IN_TRANSIT)
    items = await _line_items(session, shipment)
    if not items:
        raise ConflictError("an empty shipment cannot leave", shipment=shipment.code)
    await _refuse_blocked_lots(session, shipment, at)
    await _refuse_time_travel(session, shipment, items, at)
    away = (
        await session.scalars(
            select(Item.id).where(
                Item.id.in_(items),
                (Item.status != ItemStatus.IN_STOCK)
                | (Item.current_site_id != shipment.origin_site_id),
            )
        )
    ).all()
    if away:
        raise ConflictError(
            "items are not in stock at the origin site", shipment=shipment.code, items=len(away)
        )
    spec = MovementSpec(
        occurred_at=at,
        source=MovementSource.SHIPMENT,
        to_location_id=shipment.vehicle_location_id,
        shipment_id=shipment.id,
        new_status=ItemStatus.IN_TRANSIT,
    )
    moved = await move_items(session, items, step_event_id(shipment, "dispatch"), spec)
    await custody.move_containers(session, shipment, shipment.vehicle_location_id, at)
    shipment.actual_departure_at = at
    await _stamp_trip_ends(session, shipment)
    return await _transition(
        session,
        actor,
        shipment,
        ShipmentStatus.IN_TRANSIT,
        reason=reason,
        details={"actual_departure_at": at, "items": moved},
    )


async def _stamp_trip_ends(session: AsyncSession, shipment: Shipment) -> None:
    """The first leg departs with the shipment and the last arrives with it (unless recorded)."""
    legs = list(
        await session.scalars(
            select(ShipmentLeg)
            .where(ShipmentLeg.shipment_id == shipment.id)
            .order_by(ShipmentLeg.sequence)
        )
    )
    if not legs:
        return
    recorded = [
        moment
        for leg in legs
        for moment in (leg.actual_departure_at, leg.actual_arrival_at)
        if moment is not None
    ]
    # A stamp that would put the legs' times out of order is left for a person to record.
    start, end = shipment.actual_departure_at, shipment.actual_arrival_at
    if (
        legs[0].actual_departure_at is None
        and start is not None
        and all(start <= t for t in recorded)
    ):
        legs[0].actual_departure_at = start
    if legs[-1].actual_arrival_at is None and end is not None and all(end >= t for t in recorded):
        legs[-1].actual_arrival_at = end


async def deliver(
    session: AsyncSession,
    actor: Actor,
    shipment: Shipment,
    *,
    at: datetime,
    receiving_location_id: int | None,
    reason: str | None = None,
) -> Shipment:
    """In transit -> delivered: custody ends at a consignee, or stock arrives at our site."""
    _check(shipment, ShipmentStatus.DELIVERED)
    if shipment.destination_site_id is not None:
        if receiving_location_id is None:
            raise ConflictError("a transfer is delivered into a location", shipment=shipment.code)
        if await site_of(session, receiving_location_id) != shipment.destination_site_id:
            raise ConflictError(
                "the location is not at the destination site", shipment=shipment.code
            )
    items = await _line_items(session, shipment)
    await _refuse_time_travel(session, shipment, items, at)
    to_site = shipment.destination_site_id is not None
    spec = MovementSpec(
        occurred_at=at,
        source=MovementSource.SHIPMENT,
        to_location_id=receiving_location_id if to_site else None,
        new_status=ItemStatus.IN_STOCK if to_site else ItemStatus.DELIVERED,
    )
    moved = await move_items(session, items, step_event_id(shipment, "deliver"), spec)
    await custody.move_containers(session, shipment, spec.to_location_id, at)
    if to_site and receiving_location_id is not None:
        await custody.receipts_of_transfer(session, actor, shipment, receiving_location_id, at)
    shipment.actual_arrival_at = at
    await _stamp_trip_ends(session, shipment)
    return await _transition(
        session,
        actor,
        shipment,
        ShipmentStatus.DELIVERED,
        reason=reason,
        details={"actual_arrival_at": at, "items": moved},
    )


async def close(
    session: AsyncSession, actor: Actor, shipment: Shipment, *, reason: str | None = None
) -> Shipment:
    """Delivered -> closed (paperwork done)."""
    return await _transition(session, actor, shipment, ShipmentStatus.CLOSED, reason=reason)


async def advance(
    session: AsyncSession,
    actor: Actor,
    shipment: Shipment,
    target: ShipmentStatus,
    *,
    at: datetime,
    receiving_location_id: int | None = None,
    reason: str | None = None,
) -> Shipment:
    """Run the transition function of ``target`` (409 for one the table does not allow)."""
    if target == ShipmentStatus.LOADING:
        return await start_loading(session, actor, shipment, reason=reason)
    if target == ShipmentStatus.IN_TRANSIT:
        return await dispatch(session, actor, shipment, at=at, reason=reason)
    if target == ShipmentStatus.DELIVERED:
        return await deliver(
            session,
            actor,
            shipment,
            at=at,
            receiving_location_id=receiving_location_id,
            reason=reason,
        )
    if target == ShipmentStatus.CLOSED:
        return await close(session, actor, shipment, reason=reason)
    _check(shipment, target)
    return shipment
