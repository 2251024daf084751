"""Stock history as EPCIS events: movements, packing / unpacking, and commissioning with ILMD.

Movements of one observation (same time, source, portal, direction, from and to) become one
ObjectEvent listing every EPC; a container's movement lists the SSCC only, since its contents
follow from the AggregationEvents (EPCIS 2.0 §7.4.3). Shipment steps are exported from the
shipments themselves (``export_custody``), so their item movements are skipped here.
"""

from collections import defaultdict
from datetime import datetime
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.containers.models import Container, ContainerContent
from coldtrace_cloud.epcis import identifiers as ids
from coldtrace_cloud.epcis.documents import new_event
from coldtrace_cloud.epcis.places import Places
from coldtrace_cloud.epcis.vocabulary import BizStep, Disposition
from coldtrace_cloud.items.models import Item
from coldtrace_cloud.locations.models import LocationKind
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.movements.models import Direction, Movement, MovementSource

# Where a move ends -> what it means (CBV 2.0 §7.2 business steps, §7.3 dispositions).
_BY_TARGET: Final[dict[str, tuple[BizStep, Disposition | None]]] = {
    LocationKind.QUARANTINE_AREA: (BizStep.HOLDING, Disposition.SELLABLE_NOT_ACCESSIBLE),
    LocationKind.VEHICLE: (BizStep.LOADING, Disposition.IN_PROGRESS),
    LocationKind.DOCK_DOOR: (BizStep.STAGING_OUTBOUND, Disposition.IN_PROGRESS),
    LocationKind.CUSTOMER: (BizStep.ARRIVING, Disposition.IN_TRANSIT),
}
# Commissioning ILMD keys: CBV 2.0 §9.2 master data attributes (cbvmda prefix of the context).
ILMD_LOT: Final = "cbvmda:lotNumber"
ILMD_EXPIRY: Final = "cbvmda:itemExpirationDate"


def _meaning(movement: Movement, places: Places) -> tuple[BizStep, Disposition | None]:
    if movement.source == MovementSource.RECEIVING:
        return BizStep.RECEIVING, Disposition.IN_PROGRESS
    door_kind = places.kind(movement.from_location_id) if movement.portal_id else None
    through_portal = movement.portal_id is not None
    outbound = movement.direction == Direction.OUTBOUND
    if through_portal and outbound and door_kind in (None, LocationKind.DOCK_DOOR):
        return BizStep.DEPARTING, Disposition.IN_TRANSIT
    into_quarantine = places.kind(movement.to_location_id) == LocationKind.QUARANTINE_AREA
    if through_portal and movement.direction == Direction.INBOUND and not into_quarantine:
        return BizStep.ARRIVING, Disposition.IN_PROGRESS
    target = places.kind(movement.to_location_id)
    return _BY_TARGET.get(target or "", (BizStep.STORING, None))


def _movement_event(first: Movement, epcs: list[str], places: Places) -> dict[str, Any]:
    step, disposition = _meaning(first, places)
    event = new_event("ObjectEvent", first.occurred_at)
    event["epcList"] = sorted(set(epcs))
    event["bizStep"] = step.value
    if disposition is not None:
        event["disposition"] = disposition.value
    to_place = places.location_id(first.to_location_id)
    door = None
    if first.portal_id is not None:
        door = places.location_id(first.from_location_id) or to_place
    read_point = door or to_place
    if read_point is not None:
        event["readPoint"] = {"id": read_point}
    if to_place is not None and places.kind(first.to_location_id) != LocationKind.VEHICLE:
        event["bizLocation"] = {"id": to_place}
    return event


async def movement_events(
    session: AsyncSession, places: Places, since: datetime, until: datetime
) -> list[dict[str, Any]]:
    """One ObjectEvent per observation of items or containers moving in ``[since, until)``."""
    rows = await session.execute(
        select(Movement, Item.gtin, Item.serial, Item.epc_uri, Container.sscc)
        .outerjoin(Item, Item.id == Movement.item_id)
        .outerjoin(Container, Container.id == Movement.container_id)
        .where(
            Movement.occurred_at >= since,
            Movement.occurred_at < until,
            Movement.source != MovementSource.SHIPMENT,
            Movement.parent_movement_id.is_(None),
        )
        .order_by(Movement.occurred_at, Movement.id)
    )
    groups: dict[tuple[Any, ...], tuple[Movement, list[str]]] = {}
    for movement, gtin, serial, epc_uri, sscc in rows.all():
        key = (
            movement.occurred_at,
            movement.source,
            movement.portal_id,
            movement.direction,
            movement.from_location_id,
            movement.to_location_id,
        )
        epc = ids.container_epc(sscc) if sscc else ids.item_epc(gtin, serial, epc_uri)
        groups.setdefault(key, (movement, []))[1].append(epc)
    return [_movement_event(first, epcs, places) for first, epcs in groups.values()]


async def aggregation_events(
    session: AsyncSession, since: datetime, until: datetime
) -> list[dict[str, Any]]:
    """Packing (ADD) and unpacking (DELETE) AggregationEvents from container contents."""
    rows = await session.execute(
        select(ContainerContent, Container.sscc, Item.gtin, Item.serial, Item.epc_uri)
        .join(Container, Container.id == ContainerContent.container_id)
        .outerjoin(Item, Item.id == ContainerContent.item_id)
        .order_by(ContainerContent.id)
    )
    children = {c.id: c.sscc for c in (await session.scalars(select(Container))).all()}
    groups: dict[tuple[str, str, datetime], list[str]] = defaultdict(list)
    for content, sscc, gtin, serial, epc_uri in rows.all():
        if content.child_container_id is not None:
            child = ids.container_epc(children[content.child_container_id])
        else:
            child = ids.item_epc(gtin, serial, epc_uri)
        if since <= content.valid_from < until:
            groups[("ADD", sscc, content.valid_from)].append(child)
        if content.valid_to is not None and since <= content.valid_to < until:
            groups[("DELETE", sscc, content.valid_to)].append(child)
    events = []
    for (action, sscc, at), epcs in groups.items():
        event = new_event("AggregationEvent", at, action)
        event["parentID"] = ids.container_epc(sscc)
        event["childEPCs"] = sorted(set(epcs))
        packing = action == "ADD"
        event["bizStep"] = (BizStep.PACKING if packing else BizStep.UNPACKING).value
        event["disposition"] = Disposition.IN_PROGRESS.value
        events.append(event)
    return events


async def commissioning_events(
    session: AsyncSession, since: datetime, until: datetime
) -> list[dict[str, Any]]:
    """Items entering our records: ADD / commissioning per lot, with lot and expiry as ILMD."""
    # An item is first seen when it is created or by its first movement, whichever is earlier
    # (receiving dates the movement at the scan, which may precede the row).
    first_move = (
        select(func.min(Movement.occurred_at))
        .where(Movement.item_id == Item.id)
        .correlate(Item)
        .scalar_subquery()
    )
    first_seen = func.least(Item.created_at, func.coalesce(first_move, Item.created_at))
    rows = await session.execute(
        select(Item, Lot.lot_number, Lot.expiry_date, first_seen)
        .join(Lot, Lot.id == Item.lot_id)
        .where(first_seen >= since, first_seen < until)
        .order_by(Item.id)
    )
    groups: dict[tuple[int, datetime], tuple[dict[str, str], list[str]]] = {}
    for item, lot_number, expiry, seen in rows.all():
        ilmd = {ILMD_LOT: lot_number, ILMD_EXPIRY: expiry.isoformat()}
        epc = ids.item_epc(item.gtin, item.serial, item.epc_uri)
        groups.setdefault((item.lot_id, seen), (ilmd, []))[1].append(epc)
    events = []
    for (_, at), (ilmd, epcs) in groups.items():
        event = new_event("ObjectEvent", at, "ADD")
        event["epcList"] = sorted(set(epcs))
        event["bizStep"] = BizStep.COMMISSIONING.value
        event["disposition"] = Disposition.ACTIVE.value
        event["ilmd"] = ilmd
        events.append(event)
    return events


def time_of(event: dict[str, Any]) -> str:
    """Sort key of exported events: event time, then type."""
    return f"{event['eventTime']}{event['type']}"
