"""Shipments: create, query (origin or destination site granted), legs and contents."""

from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor, AuditAction, record, snapshot
from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.errors import ConflictError, NotFoundError
from coldtrace_cloud.schemas.page import Slice, cursor_int, slice_of
from coldtrace_cloud.shipments.flows import ShipmentStatus
from coldtrace_cloud.shipments.models import Shipment, ShipmentLeg

FIELDS = (
    "code",
    "status",
    "origin_site_id",
    "destination_consignee_id",
    "destination_site_id",
    "carrier",
    "vehicle_location_id",
    "planned_departure_at",
    "planned_arrival_at",
)


def _visible(scope: AccessScope) -> ColumnElement[bool]:
    return or_(
        scope.site_filter(Shipment.origin_site_id), scope.site_filter(Shipment.destination_site_id)
    )


async def list_shipments(
    session: AsyncSession,
    scope: AccessScope,
    *,
    status: ShipmentStatus | None = None,
    origin_site_id: int | None = None,
    consignee_id: int | None = None,
    cursor: str | None = None,
    limit: int = 100,
) -> Slice[Shipment]:
    """Shipments from or to granted sites, by id."""
    query = select(Shipment).where(_visible(scope)).order_by(Shipment.id).limit(limit + 1)
    after = cursor_int(cursor)
    if after is not None:
        query = query.where(Shipment.id > after)
    if status is not None:
        query = query.where(Shipment.status == str(status))
    if origin_site_id is not None:
        query = query.where(Shipment.origin_site_id == origin_site_id)
    if consignee_id is not None:
        query = query.where(Shipment.destination_consignee_id == consignee_id)
    return slice_of((await session.scalars(query)).all(), limit, lambda s: [s.id])


async def get_shipment(
    session: AsyncSession, scope: AccessScope, code: str, *, for_update: bool = False
) -> Shipment:
    """Shipment ``code``; 403 unless its origin or destination site is granted."""
    query = select(Shipment).where(Shipment.code == code)
    if for_update:
        query = query.with_for_update()
    shipment = await session.scalar(query)
    if shipment is None:
        raise NotFoundError("no such shipment", shipment=code)
    if not (
        scope.allows_site(shipment.origin_site_id)
        or (
            shipment.destination_site_id is not None
            and scope.allows_site(shipment.destination_site_id)
        )
    ):
        scope.require_site(shipment.origin_site_id, what="shipment")
    return shipment


async def create_shipment(
    session: AsyncSession,
    actor: Actor,
    *,
    code: str,
    origin_site_id: int,
    destination_consignee_id: int | None,
    destination_site_id: int | None,
    carrier: str | None,
    vehicle_location_id: int | None,
    planned_departure_at: datetime | None,
    planned_arrival_at: datetime | None,
) -> Shipment:
    """A planned shipment."""
    if (destination_consignee_id is None) == (destination_site_id is None):
        raise ConflictError("a shipment goes to one consignee or one site", shipment=code)
    if destination_site_id == origin_site_id:
        raise ConflictError("a transfer goes to another site", shipment=code)
    if await session.scalar(select(Shipment.id).where(Shipment.code == code)) is not None:
        raise ConflictError("shipment code is taken", shipment=code)
    shipment = Shipment(
        code=code,
        status=str(ShipmentStatus.PLANNED),
        origin_site_id=origin_site_id,
        destination_consignee_id=destination_consignee_id,
        destination_site_id=destination_site_id,
        carrier=carrier,
        vehicle_location_id=vehicle_location_id,
        planned_departure_at=planned_departure_at,
        planned_arrival_at=planned_arrival_at,
    )
    session.add(shipment)
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        entity_type="shipment",
        entity_id=shipment.id,
        new=snapshot(shipment, FIELDS),
    )
    return shipment


async def legs_of(session: AsyncSession, shipment: Shipment) -> list[ShipmentLeg]:
    """The shipment's legs in order."""
    query = select(ShipmentLeg).where(ShipmentLeg.shipment_id == shipment.id)
    return list((await session.scalars(query.order_by(ShipmentLeg.sequence))).all())


async def add_leg(
    session: AsyncSession, actor: Actor, shipment: Shipment, **fields: object
) -> ShipmentLeg:
    """Append a leg (numbered after the last one)."""
    if ShipmentStatus(shipment.status) == ShipmentStatus.CLOSED:
        raise ConflictError("a closed shipment does not change", shipment=shipment.code)
    last = await session.scalar(
        select(func.max(ShipmentLeg.sequence)).where(ShipmentLeg.shipment_id == shipment.id)
    )
    leg = ShipmentLeg(shipment_id=shipment.id, sequence=(last or 0) + 1, **fields)
    session.add(leg)
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        entity_type="shipment",
        entity_id=shipment.id,
        new={"leg": leg.sequence, **fields},
    )
    return leg


def require_writable(scope: AccessScope, shipment: Shipment, *, receiving: bool = False) -> None:
    """Changes need the origin site's grant; the destination site's grant may receive."""
    destination = shipment.destination_site_id
    if receiving and destination is not None and scope.allows_site(destination):
        return
    scope.require_site(shipment.origin_site_id, what="shipment")
