"""Shipments and lot dispositions as EPCIS events.

A shipment that left is a ``shipping`` event (disposition ``in_transit``) at the origin, with the
shipment as ``desadv`` business transaction and owner / location as source and destination
(CBV 2.0 §7.4, §7.5); its delivery is ``arriving`` at a consignee or ``receiving`` at one of our
sites. A lot status change is a class-level ObjectEvent (quantityList of the LGTIN) with the
disposition CBV 2.0 §7.3 gives it: a hold is ``sellable_not_accessible``, a rejection
``non_conformant``, a recall ``recalled``, an expiry ``expired``, a release ``sellable_accessible``.
"""

from datetime import datetime
from typing import Any, Final

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit.models import AuditEvent
from coldtrace_cloud.containers.models import Container
from coldtrace_cloud.epcis import identifiers as ids
from coldtrace_cloud.epcis.documents import new_event
from coldtrace_cloud.epcis.places import Places
from coldtrace_cloud.epcis.vocabulary import BizStep, Disposition
from coldtrace_cloud.items.models import Item
from coldtrace_cloud.lots.flows import LotStatus
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.products.models import Product
from coldtrace_cloud.shipments.models import Shipment, ShipmentLine

LOT_DISPOSITIONS: Final[dict[LotStatus, tuple[BizStep, Disposition]]] = {
    LotStatus.QUARANTINED: (BizStep.HOLDING, Disposition.SELLABLE_NOT_ACCESSIBLE),
    LotStatus.RELEASED: (BizStep.INSPECTING, Disposition.SELLABLE_ACCESSIBLE),
    LotStatus.REJECTED: (BizStep.INSPECTING, Disposition.NON_CONFORMANT),
    LotStatus.RECALLED: (BizStep.HOLDING, Disposition.RECALLED),
    LotStatus.EXPIRED: (BizStep.HOLDING, Disposition.EXPIRED),
}
DESADV: Final = "desadv"


async def shipment_epcs(session: AsyncSession, shipment_id: int) -> list[str]:
    """The outermost EPCs of a shipment: its containers, and the items travelling loose."""
    rows = await session.execute(
        select(Item.gtin, Item.serial, Item.epc_uri, Container.sscc)
        .select_from(ShipmentLine)
        .outerjoin(Item, Item.id == ShipmentLine.item_id)
        .outerjoin(Container, Container.id == ShipmentLine.container_id)
        .where(ShipmentLine.shipment_id == shipment_id)
    )
    epcs = set()
    for gtin, serial, epc_uri, sscc in rows.all():
        if sscc:
            epcs.add(ids.container_epc(sscc))
        elif gtin:
            epcs.add(ids.item_epc(gtin, serial, epc_uri))
    return sorted(epcs)


def _ends(shipment: Shipment, places: Places) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    origin = places.sites[shipment.origin_site_id]
    sources = [
        {"type": "owning_party", "source": ids.site_party(origin)},
        {"type": "location", "source": ids.site_place(origin)},
    ]
    if shipment.destination_consignee_id is not None:
        consignee = places.consignees[shipment.destination_consignee_id]
        destinations = [
            {"type": "owning_party", "destination": ids.consignee_party(consignee)},
            {"type": "location", "destination": ids.consignee_place(consignee)},
        ]
    else:
        assert shipment.destination_site_id is not None  # noqa: S101  # one_destination check
        site = places.sites[shipment.destination_site_id]
        destinations = [
            {"type": "owning_party", "destination": ids.site_party(site)},
            {"type": "location", "destination": ids.site_place(site)},
        ]
    return sources, destinations


def _step(
    shipment: Shipment, places: Places, epcs: list[str], at: datetime, step: BizStep
) -> dict[str, Any]:
    event = new_event("ObjectEvent", at)
    event["epcList"] = epcs
    event["bizStep"] = step.value
    origin = places.sites[shipment.origin_site_id]
    event["bizTransactionList"] = [
        {"type": DESADV, "bizTransaction": ids.shipment_transaction(shipment.code, origin)}
    ]
    sources, destinations = _ends(shipment, places)
    event["sourceList"] = sources
    event["destinationList"] = destinations
    return event


async def shipment_events(
    session: AsyncSession, places: Places, since: datetime, until: datetime
) -> list[dict[str, Any]]:
    """Shipping and arriving / receiving events of shipments that left or arrived in the range."""
    shipments = (
        await session.scalars(
            select(Shipment).where(
                or_(
                    Shipment.actual_departure_at.between(since, until),
                    Shipment.actual_arrival_at.between(since, until),
                )
            )
        )
    ).all()
    events = []
    for shipment in shipments:
        epcs = await shipment_epcs(session, shipment.id)
        if not epcs:
            continue
        left = shipment.actual_departure_at
        if left is not None and since <= left < until:
            event = _step(shipment, places, epcs, left, BizStep.SHIPPING)
            event["disposition"] = Disposition.IN_TRANSIT.value
            event["readPoint"] = {"id": places.site_id(shipment.origin_site_id)}
            events.append(event)
        arrived = shipment.actual_arrival_at
        if arrived is not None and since <= arrived < until:
            events.append(_arrival(shipment, places, epcs, arrived))
    return events


def _arrival(shipment: Shipment, places: Places, epcs: list[str], at: datetime) -> dict[str, Any]:
    if shipment.destination_site_id is not None:
        event = _step(shipment, places, epcs, at, BizStep.RECEIVING)
        event["disposition"] = Disposition.IN_PROGRESS.value
        here = places.site_id(shipment.destination_site_id)
        event["readPoint"] = {"id": here}
        event["bizLocation"] = {"id": here}
        return event
    event = _step(shipment, places, epcs, at, BizStep.ARRIVING)
    event["disposition"] = Disposition.IN_TRANSIT.value
    assert shipment.destination_consignee_id is not None  # noqa: S101  # one_destination check
    consignee = places.consignees[shipment.destination_consignee_id]
    event["readPoint"] = {"id": ids.consignee_place(consignee)}
    return event


async def disposition_events(
    session: AsyncSession, since: datetime, until: datetime
) -> list[dict[str, Any]]:
    """One class-level event per lot status transition in the audit trail."""
    rows = await session.execute(
        select(AuditEvent, Lot.lot_number, Product.gtin)
        .join(Lot, Lot.id == AuditEvent.entity_id.cast(Lot.id.type))
        .join(Product, Product.id == Lot.product_id)
        .where(
            AuditEvent.entity_type == "lot",
            AuditEvent.action == "transition",
            AuditEvent.occurred_at >= since,
            AuditEvent.occurred_at < until,
        )
        .order_by(AuditEvent.id)
    )
    events = []
    for audit, lot_number, gtin in rows.all():
        status = (audit.new_values or {}).get("status")
        if status not in LOT_DISPOSITIONS:
            continue
        step, disposition = LOT_DISPOSITIONS[LotStatus(status)]
        event = new_event("ObjectEvent", audit.occurred_at)
        event["quantityList"] = [{"epcClass": ids.lot_class(gtin, lot_number)}]
        event["bizStep"] = step.value
        event["disposition"] = disposition.value
        events.append(event)
    return events
