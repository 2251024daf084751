"""Forward and backward trace of a lot, and the full history of one item.

Forward: every shipment that carried the lot, to which consignee or site, with serials,
quantities and the containers (SSCC) they travelled in; plus what is still held, by site.
Backward: every receipt of the lot (supplier or transfer shipment, site, container, serials).
Shipment contents and receipts are recorded per item, so both traces are indexed lookups by
lot, whatever the nesting of containers.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.consignees.models import Consignee
from coldtrace_cloud.containers.models import Container, ContainerContent
from coldtrace_cloud.items.models import Item
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.movements.models import Movement, ResidencyInterval
from coldtrace_cloud.products.models import Product
from coldtrace_cloud.receiving.models import Receipt
from coldtrace_cloud.shipments.models import Shipment, ShipmentLine


@dataclass
class ShipmentTrace:
    """One shipment that carried the lot: where to, when, what."""

    shipment_id: int
    code: str
    status: str
    origin_site_id: int
    destination_site_id: int | None
    consignee_id: int | None
    consignee_code: str | None
    consignee_name: str | None
    actual_departure_at: datetime | None
    actual_arrival_at: datetime | None
    quantity: int = 0
    serials: list[str] = field(default_factory=list)
    containers: list[str] = field(default_factory=list)


@dataclass
class ForwardTrace:
    """Where a lot went, and what of it we still hold."""

    lot: Lot
    product: Product
    shipments: list[ShipmentTrace]
    held_by_site: dict[int, dict[str, int]]

    @property
    def shipped_quantity(self) -> int:
        """Units that left on shipments."""
        return sum(s.quantity for s in self.shipments)


@dataclass
class SourceTrace:
    """One way the lot came in: from a supplier or a transfer, into a site, in a container."""

    site_id: int
    source_consignee_id: int | None
    source_consignee_code: str | None
    shipment_id: int | None
    shipment_code: str | None
    origin_site_id: int | None
    container_sscc: str | None
    first_received_at: datetime
    quantity: int = 0
    serials: list[str] = field(default_factory=list)


@dataclass
class BackwardTrace:
    """Where a lot came from."""

    lot: Lot
    product: Product
    sources: list[SourceTrace]


async def forward_trace(
    session: AsyncSession, scope: AccessScope, lot: Lot, product: Product
) -> ForwardTrace:
    """Every shipment (granted by origin or destination site) that carried ``lot``."""
    scope.require_category(product.category)
    rows = (
        await session.execute(
            select(
                Shipment,
                Consignee.code,
                Consignee.name,
                Item.serial,
                Container.sscc,
                ShipmentLine.quantity,
            )
            .select_from(ShipmentLine)
            .join(Shipment, Shipment.id == ShipmentLine.shipment_id)
            .outerjoin(Consignee, Consignee.id == Shipment.destination_consignee_id)
            .outerjoin(Item, Item.id == ShipmentLine.item_id)
            .outerjoin(Container, Container.id == ShipmentLine.container_id)
            .where(
                ShipmentLine.lot_id == lot.id,
                or_(
                    scope.site_filter(Shipment.origin_site_id),
                    scope.site_filter(Shipment.destination_site_id),
                ),
            )
            .order_by(Shipment.id, Item.serial)
        )
    ).all()
    by_shipment: dict[int, ShipmentTrace] = {}
    for shipment, c_code, c_name, serial, sscc, quantity in rows:
        entry = by_shipment.get(shipment.id)
        if entry is None:
            entry = by_shipment[shipment.id] = ShipmentTrace(
                shipment_id=shipment.id,
                code=shipment.code,
                status=shipment.status,
                origin_site_id=shipment.origin_site_id,
                destination_site_id=shipment.destination_site_id,
                consignee_id=shipment.destination_consignee_id,
                consignee_code=c_code,
                consignee_name=c_name,
                actual_departure_at=shipment.actual_departure_at,
                actual_arrival_at=shipment.actual_arrival_at,
            )
        entry.quantity += quantity
        if serial is not None:
            entry.serials.append(serial)
        if sscc is not None and sscc not in entry.containers:
            entry.containers.append(sscc)
    return ForwardTrace(lot, product, list(by_shipment.values()), await _held(session, scope, lot))


async def _held(session: AsyncSession, scope: AccessScope, lot: Lot) -> dict[int, dict[str, int]]:
    rows = (
        await session.execute(
            select(Item.current_site_id, Item.status, func.count())
            .where(
                Item.lot_id == lot.id,
                Item.current_site_id.is_not(None),
                scope.site_filter(Item.current_site_id),
            )
            .group_by(Item.current_site_id, Item.status)
        )
    ).all()
    held: dict[int, dict[str, int]] = {}
    for site_id, status, count in rows:
        if site_id is not None:
            held.setdefault(site_id, {})[status] = count
    return held


async def backward_trace(
    session: AsyncSession, scope: AccessScope, lot: Lot, product: Product
) -> BackwardTrace:
    """Every receipt of ``lot`` at the granted sites: supplier or transfer, container, serials."""
    scope.require_category(product.category)
    rows = (
        await session.execute(
            select(
                Receipt.site_id,
                Receipt.source_consignee_id,
                Consignee.code,
                Receipt.shipment_id,
                Shipment.code,
                Shipment.origin_site_id,
                Container.sscc,
                Receipt.received_at,
                Receipt.quantity,
                Item.serial,
            )
            .outerjoin(Consignee, Consignee.id == Receipt.source_consignee_id)
            .outerjoin(Shipment, Shipment.id == Receipt.shipment_id)
            .outerjoin(Container, Container.id == Receipt.container_id)
            .outerjoin(Item, Item.id == Receipt.item_id)
            .where(Receipt.lot_id == lot.id, scope.site_filter(Receipt.site_id))
            .order_by(Receipt.received_at, Receipt.id)
        )
    ).all()
    sources: dict[tuple[object, ...], SourceTrace] = {}
    for site, cons_id, cons_code, ship_id, ship_code, origin, sscc, at, quantity, serial in rows:
        key = (site, cons_id, ship_id, sscc)
        entry = sources.get(key)
        if entry is None:
            entry = sources[key] = SourceTrace(
                site, cons_id, cons_code, ship_id, ship_code, origin, sscc, first_received_at=at
            )
        entry.quantity += quantity
        if serial is not None:
            entry.serials.append(serial)
    return BackwardTrace(lot, product, list(sources.values()))


@dataclass
class ItemHistory:
    """Everything recorded about one item, oldest first."""

    item: Item
    lot: Lot
    product: Product
    receipts: list[Receipt]
    movements: list[Movement]
    residency: list[ResidencyInterval]
    containers: list[tuple[str, datetime, datetime | None]]
    shipments: list[tuple[str, str, datetime | None, datetime | None]]


async def item_history(
    session: AsyncSession, scope: AccessScope, item_id: int
) -> ItemHistory | None:
    """The item's receipts, movements, residency, containers and shipments (None if unknown)."""
    found = (
        await session.execute(
            select(Item, Lot, Product)
            .join(Lot, Lot.id == Item.lot_id)
            .join(Product, Product.id == Lot.product_id)
            .where(Item.id == item_id)
        )
    ).first()
    if found is None:
        return None
    item, lot, product = found
    scope.require_category(product.category)
    scope.require_site(item.current_site_id, what="item")
    receipts = (
        await session.scalars(
            select(Receipt).where(Receipt.item_id == item_id).order_by(Receipt.received_at)
        )
    ).all()
    movements = (
        await session.scalars(
            select(Movement)
            .where(Movement.item_id == item_id)
            .order_by(Movement.occurred_at, Movement.id)
        )
    ).all()
    residency = (
        await session.scalars(
            select(ResidencyInterval)
            .where(ResidencyInterval.item_id == item_id)
            .order_by(ResidencyInterval.valid_from)
        )
    ).all()
    containers = (
        await session.execute(
            select(Container.sscc, ContainerContent.valid_from, ContainerContent.valid_to)
            .join(Container, Container.id == ContainerContent.container_id)
            .where(ContainerContent.item_id == item_id)
            .order_by(ContainerContent.valid_from)
        )
    ).all()
    shipments = (
        await session.execute(
            select(
                Shipment.code,
                Shipment.status,
                Shipment.actual_departure_at,
                Shipment.actual_arrival_at,
            )
            .join(ShipmentLine, ShipmentLine.shipment_id == Shipment.id)
            .where(ShipmentLine.item_id == item_id)
            .order_by(Shipment.id)
        )
    ).all()
    return ItemHistory(
        item,
        lot,
        product,
        list(receipts),
        list(movements),
        list(residency),
        [(sscc, start, end) for sscc, start, end in containers],
        [(code, status, left, arrived) for code, status, left, arrived in shipments],
    )
