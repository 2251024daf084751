"""Shipment contents: load items, containers (with what they hold) or a quantity of a lot.

Only released lots, in stock at the origin site and on no other active shipment, are loaded; a
container is recorded item by item with its SSCC, so the trace never has to unnest containers.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor, AuditAction, record
from coldtrace_cloud.containers.models import Container
from coldtrace_cloud.containers.service import all_items_inside
from coldtrace_cloud.errors import ConflictError, NotFoundError
from coldtrace_cloud.items.models import Item, ItemStatus
from coldtrace_cloud.lots.flows import LotStatus
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.shipments.flows import OPEN, ShipmentStatus
from coldtrace_cloud.shipments.models import Shipment, ShipmentLine

_ACTIVE: Final = (ShipmentStatus.PLANNED, ShipmentStatus.LOADING, ShipmentStatus.IN_TRANSIT)


@dataclass
class LineSummary:
    """Contents of a shipment per lot: quantity and serials."""

    lot_id: int
    lot_number: str
    gtin: str
    quantity: int
    serials: list[str]


async def contents(session: AsyncSession, shipment: Shipment) -> list[LineSummary]:
    """What the shipment carries, per lot."""
    rows = (
        await session.execute(
            select(Lot.id, Lot.lot_number, Item.gtin, Item.serial, ShipmentLine.quantity)
            .join(Lot, Lot.id == ShipmentLine.lot_id)
            .outerjoin(Item, Item.id == ShipmentLine.item_id)
            .where(ShipmentLine.shipment_id == shipment.id)
            .order_by(Lot.id, Item.serial)
        )
    ).all()
    by_lot: dict[int, LineSummary] = {}
    for lot_id, lot_number, gtin, serial, quantity in rows:
        entry = by_lot.setdefault(lot_id, LineSummary(lot_id, lot_number, gtin or "", 0, []))
        entry.quantity += quantity
        if serial is not None:
            entry.serials.append(serial)
    return list(by_lot.values())


async def add_items(
    session: AsyncSession,
    actor: Actor,
    shipment: Shipment,
    item_ids: Sequence[int],
    *,
    container: Container | None = None,
) -> int:
    """Load items (released lots, in stock at the origin, on no other active shipment)."""
    if ShipmentStatus(shipment.status) not in OPEN:
        raise ConflictError("contents change only while planned or loading", shipment=shipment.code)
    ids = sorted(set(item_ids))
    rows = (
        await session.execute(
            select(
                Item.id,
                Item.lot_id,
                Item.status,
                Item.current_site_id,
                Lot.status.label("lot_status"),
            )
            .join(Lot, Lot.id == Item.lot_id)
            .where(Item.id.in_(ids))
        )
    ).all()
    if len(rows) != len(ids):
        raise NotFoundError("some items do not exist", shipment=shipment.code)
    for row in rows:
        if row.status != ItemStatus.IN_STOCK or row.current_site_id != shipment.origin_site_id:
            raise ConflictError("item is not in stock at the origin site", item_id=row.id)
        if row.lot_status != LotStatus.RELEASED:
            raise ConflictError(
                "item's lot is not released", item_id=row.id, lot_status=row.lot_status
            )
    taken = (
        await session.scalars(
            select(ShipmentLine.item_id)
            .join(Shipment, Shipment.id == ShipmentLine.shipment_id)
            .where(ShipmentLine.item_id.in_(ids), Shipment.status.in_([str(s) for s in _ACTIVE]))
        )
    ).all()
    if taken:
        raise ConflictError("items are already on an active shipment", item_ids=list(taken)[:20])
    session.add_all(
        ShipmentLine(
            shipment_id=shipment.id,
            lot_id=row.lot_id,
            item_id=row.id,
            container_id=container.id if container else None,
            quantity=1,
        )
        for row in rows
    )
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        entity_type="shipment",
        entity_id=shipment.id,
        new={"added_items": ids, "container": container.sscc if container else None},
    )
    return len(ids)


async def add_container(
    session: AsyncSession, actor: Actor, shipment: Shipment, container: Container, at: datetime
) -> int:
    """Load a container: every item inside it (through nested containers) becomes a line."""
    items = await all_items_inside(session, container.id, at)
    if not items:
        raise ConflictError("the container is empty", sscc=container.sscc)
    return await add_items(session, actor, shipment, items, container=container)


async def add_lot_quantity(
    session: AsyncSession, actor: Actor, shipment: Shipment, lot: Lot, quantity: int
) -> int:
    """Load ``quantity`` loose items of a lot in stock at the origin site."""
    active = (
        select(ShipmentLine.item_id)
        .join(Shipment, Shipment.id == ShipmentLine.shipment_id)
        .where(Shipment.status.in_([str(s) for s in _ACTIVE]), ShipmentLine.item_id.is_not(None))
    )
    picked = (
        await session.scalars(
            select(Item.id)
            .where(
                Item.lot_id == lot.id,
                Item.status == ItemStatus.IN_STOCK,
                Item.current_site_id == shipment.origin_site_id,
                Item.container_id.is_(None),
                Item.id.not_in(active),
            )
            .order_by(Item.id)
            .limit(quantity)
        )
    ).all()
    if len(picked) < quantity:
        raise ConflictError(
            "not enough loose stock of this lot at the origin site",
            lot_id=lot.id,
            available=len(picked),
        )
    return await add_items(session, actor, shipment, picked)
