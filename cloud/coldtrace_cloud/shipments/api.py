"""Routes of shipments: create, read, legs, contents, transitions (thin)."""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query

from coldtrace_cloud.api.deps import SessionDep
from coldtrace_cloud.auth.deps import ReadInventory, Ship
from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.consignees.service import get_consignee
from coldtrace_cloud.containers.service import get_container
from coldtrace_cloud.locations.service import get_site, location_by_id
from coldtrace_cloud.lots.service import get_lot
from coldtrace_cloud.schemas.fields import Code, Id, Limit
from coldtrace_cloud.schemas.page import Page, to_page
from coldtrace_cloud.schemas.problems import AUTHED
from coldtrace_cloud.shipments import flows, leg_times, loading, service
from coldtrace_cloud.shipments.flows import ShipmentStatus
from coldtrace_cloud.shipments.models import Shipment
from coldtrace_cloud.shipments.schemas import (
    ContentsIn,
    ContentsOut,
    LegIn,
    LegOut,
    LegTimeIn,
    LotLineOut,
    ShipmentDetailOut,
    ShipmentIn,
    ShipmentOut,
    ShipmentTransitionIn,
)

router = APIRouter(prefix="/shipments", tags=["shipments"], responses=AUTHED)
CodePath = Annotated[Code, Path()]


async def _detail(session: SessionDep, shipment: Shipment) -> ShipmentDetailOut:
    return ShipmentDetailOut(
        **ShipmentOut.model_validate(shipment).model_dump(),
        legs=[LegOut.model_validate(leg) for leg in await service.legs_of(session, shipment)],
        contents=[LotLineOut.model_validate(c) for c in await loading.contents(session, shipment)],
    )


@router.get("")
async def get_shipments(
    *,
    principal: ReadInventory,
    session: SessionDep,
    status: ShipmentStatus | None = None,
    origin_site_id: Id | None = None,
    consignee_id: Id | None = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
) -> Page[ShipmentOut]:
    """Shipments from or to the caller's sites."""
    found = await service.list_shipments(
        session,
        principal.scope,
        status=status,
        origin_site_id=origin_site_id,
        consignee_id=consignee_id,
        cursor=cursor,
        limit=limit,
    )
    return to_page(found, ShipmentOut)


@router.post("", status_code=201)
async def post_shipment(body: ShipmentIn, principal: Ship, session: SessionDep) -> ShipmentOut:
    """Plan a shipment."""
    origin = await get_site(session, principal.scope, body.origin_site)
    consignee = (
        await get_consignee(session, body.destination_consignee)
        if body.destination_consignee
        else None
    )
    destination = (
        await get_site(session, AccessScope.everything(), body.destination_site)
        if body.destination_site
        else None
    )
    if body.vehicle_location_id is not None:
        await location_by_id(session, principal.scope, body.vehicle_location_id)
    shipment = await service.create_shipment(
        session,
        principal.actor,
        code=body.code,
        origin_site_id=origin.id,
        destination_consignee_id=consignee.id if consignee else None,
        destination_site_id=destination.id if destination else None,
        carrier=body.carrier,
        vehicle_location_id=body.vehicle_location_id,
        planned_departure_at=body.planned_departure_at,
        planned_arrival_at=body.planned_arrival_at,
    )
    await session.commit()
    return ShipmentOut.model_validate(shipment)


@router.get("/{code}")
async def get_shipment(
    code: CodePath, principal: ReadInventory, session: SessionDep
) -> ShipmentDetailOut:
    """A shipment with its legs and contents per lot (serials and quantities)."""
    return await _detail(session, await service.get_shipment(session, principal.scope, code))


@router.post("/{code}/legs", status_code=201)
async def post_leg(code: CodePath, body: LegIn, principal: Ship, session: SessionDep) -> LegOut:
    """Add a leg."""
    shipment = await service.get_shipment(session, principal.scope, code, for_update=True)
    service.require_writable(principal.scope, shipment)
    if body.vehicle_location_id is not None:
        await location_by_id(session, principal.scope, body.vehicle_location_id)
    leg = await service.add_leg(session, principal.actor, shipment, **body.model_dump())
    await session.commit()
    return LegOut.model_validate(leg)


@router.post("/{code}/legs/{sequence}/times")
async def post_leg_time(
    code: CodePath,
    sequence: Annotated[int, Path(ge=1, le=1000)],
    body: LegTimeIn,
    principal: Ship,
    session: SessionDep,
) -> LegOut:
    """Record that a leg departed or arrived (hand-overs between legs; audited)."""
    shipment = await service.get_shipment(session, principal.scope, code, for_update=True)
    service.require_writable(principal.scope, shipment)
    leg = await leg_times.record_leg_time(
        session,
        principal.actor,
        shipment,
        sequence,
        event=leg_times.LegEvent(body.event),
        at=body.at,
        reason=body.reason,
    )
    await session.commit()
    return LegOut.model_validate(leg)


@router.post("/{code}/contents")
async def post_contents(
    code: CodePath, body: ContentsIn, principal: Ship, session: SessionDep
) -> ContentsOut:
    """Load items, a container (with everything inside) or a quantity of a lot."""
    shipment = await service.get_shipment(session, principal.scope, code, for_update=True)
    service.require_writable(principal.scope, shipment)
    if body.container_sscc is not None:
        container = await get_container(session, principal.scope, body.container_sscc)
        added = await loading.add_container(
            session, principal.actor, shipment, container, datetime.now(UTC)
        )
    elif body.lot_id is not None and body.quantity is not None:
        lot, _ = await get_lot(session, principal.scope, body.lot_id)
        added = await loading.add_lot_quantity(
            session, principal.actor, shipment, lot, body.quantity
        )
    else:
        added = await loading.add_items(session, principal.actor, shipment, body.item_ids)
    await session.commit()
    return ContentsOut(added=added)


@router.post("/{code}/transitions")
async def post_transition(
    code: CodePath, body: ShipmentTransitionIn, principal: Ship, session: SessionDep
) -> ShipmentDetailOut:
    """Move the shipment on: loading, in_transit (dispatch), delivered, closed."""
    shipment = await service.get_shipment(session, principal.scope, code, for_update=True)
    receiving = body.status == ShipmentStatus.DELIVERED
    service.require_writable(principal.scope, shipment, receiving=receiving)
    if body.receiving_location_id is not None:
        await location_by_id(session, principal.scope, body.receiving_location_id)
    await flows.advance(
        session,
        principal.actor,
        shipment,
        body.status,
        at=body.at or datetime.now(UTC),
        receiving_location_id=body.receiving_location_id,
        reason=body.reason,
    )
    await session.commit()
    return await _detail(session, shipment)
