"""Receiving by scan: the scan names the product, lot and serial; stock enters a location.

A scan of a known SSCC receives everything packed in that container. A scan with a serial
receives that item (new, or back from a customer or a transfer); without a serial it registers
the lot only. New lots start in the status the receiver asks for (quarantined by default, until
QA releases them). Each receipt is audited and moves the item in, so the trace starts here.
"""

from dataclasses import dataclass, field
from datetime import datetime
from uuid import uuid4

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor, AuditAction, record
from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.consignees.models import Consignee
from coldtrace_cloud.containers.models import Container
from coldtrace_cloud.containers.service import all_items_inside
from coldtrace_cloud.errors import ConflictError, NotFoundError
from coldtrace_cloud.items.models import Item, ItemStatus
from coldtrace_cloud.items.service import find_item, new_item
from coldtrace_cloud.locations.models import Location
from coldtrace_cloud.lots.flows import LotStatus
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.lots.service import create_lot, find_lot
from coldtrace_cloud.movements.models import MovementSource
from coldtrace_cloud.movements.recording import MovementSpec, move_item
from coldtrace_cloud.products.models import Product
from coldtrace_cloud.products.service import get_product
from coldtrace_cloud.receiving.gs1 import ParsedScan, ScanError, parse_scan
from coldtrace_cloud.receiving.models import Receipt


@dataclass(frozen=True)
class ReceivingPoint:
    """Where and from whom stock is received."""

    location: Location
    source: Consignee | None = None


@dataclass
class Received:
    """What a scan brought in: the receipts, and the lot and item of a single-item scan."""

    parsed: ParsedScan
    receipts: list[Receipt] = field(default_factory=list)
    lot: Lot | None = None
    product: Product | None = None
    item: Item | None = None
    container: Container | None = None


async def _lot_of_scan(
    session: AsyncSession,
    actor: Actor,
    product: Product,
    parsed: ParsedScan,
    initial_status: LotStatus,
) -> Lot:
    if parsed.lot_number is None:
        raise ScanError("the scan has no lot number (10); receiving needs it", ai="10")
    lot = await find_lot(session, product, parsed.lot_number)
    if lot is not None:
        if parsed.expiry_date is not None and parsed.expiry_date != lot.expiry_date:
            raise ConflictError(
                "the expiry date on the label differs from the lot record",
                lot_number=lot.lot_number,
                label=parsed.expiry_date,
                record=lot.expiry_date,
            )
        return lot
    if parsed.expiry_date is None:
        raise ScanError("a new lot needs its expiry date (17)", ai="17")
    return await create_lot(
        session,
        actor,
        product,
        lot_number=parsed.lot_number,
        expiry_date=parsed.expiry_date,
        production_date=parsed.production_date,
        status=initial_status,
    )


async def _bring_in(session: AsyncSession, item: Item, point: ReceivingPoint, at: datetime) -> None:
    if item.status == ItemStatus.IN_STOCK and item.current_site_id is not None:
        raise ConflictError("this item is already in stock", item_id=item.id, serial=item.serial)
    spec = MovementSpec(
        occurred_at=at,
        source=MovementSource.RECEIVING,
        to_location_id=point.location.id,
        new_status=ItemStatus.IN_STOCK,
    )
    await move_item(session, item.id, uuid4(), spec)


def _receipt(
    point: ReceivingPoint,
    *,
    lot_id: int,
    item_id: int | None,
    scan: str,
    actor: Actor,
    at: datetime,
    container_id: int | None = None,
    quantity: int = 1,
) -> Receipt:
    return Receipt(
        site_id=point.location.site_id,
        location_id=point.location.id,
        lot_id=lot_id,
        item_id=item_id,
        container_id=container_id,
        source_consignee_id=point.source.id if point.source else None,
        quantity=quantity,
        scan=scan,
        received_at=at,
        received_by=actor.name,
    )


async def _receive_container(
    session: AsyncSession,
    *,
    actor: Actor,
    received: Received,
    point: ReceivingPoint,
    scan: str,
    at: datetime,
) -> Received:
    assert received.parsed.sscc is not None  # noqa: S101  # the caller checked
    container = await session.scalar(
        select(Container).where(Container.sscc == received.parsed.sscc)
    )
    if container is None:
        raise NotFoundError(
            "unknown SSCC: register the container or scan its items", sscc=received.parsed.sscc
        )
    received.container = container
    for item_id in await all_items_inside(session, container.id, at):
        item = await session.get(Item, item_id)
        assert item is not None  # noqa: S101  # foreign key
        await _bring_in(session, item, point, at)
        received.receipts.append(
            _receipt(
                point,
                lot_id=item.lot_id,
                item_id=item.id,
                scan=scan,
                actor=actor,
                at=at,
                container_id=container.id,
            )
        )
    container.current_location_id = point.location.id
    container.current_site_id = point.location.site_id
    container.current_since = at
    return received


async def receive_scan(
    session: AsyncSession,
    actor: Actor,
    scope: AccessScope,
    *,
    scan: str,
    point: ReceivingPoint,
    at: datetime,
    quantity: int = 1,
    initial_lot_status: LotStatus = LotStatus.QUARANTINED,
) -> Received:
    """Receive what ``scan`` names at ``point`` (audited, in the caller's transaction)."""
    scope.require_site(point.location.site_id, what="receiving location")
    received = Received(parsed=parse_scan(scan))
    parsed = received.parsed
    if parsed.gtin is None:
        await _receive_container(
            session, actor=actor, received=received, point=point, scan=scan, at=at
        )
    else:
        product = await get_product(session, scope, parsed.gtin)
        lot = await _lot_of_scan(session, actor, product, parsed, initial_lot_status)
        received.product, received.lot = product, lot
        if parsed.serial is not None:
            item = await find_item(session, parsed.gtin, parsed.serial)
            if item is None:
                item = new_item(lot, parsed.gtin, parsed.serial, parsed.company_prefix)
                session.add(item)
                await session.flush()
            elif item.lot_id != lot.id:
                raise ConflictError("this serial belongs to another lot", serial=parsed.serial)
            await _bring_in(session, item, point, at)
            received.item = item
        received.receipts.append(
            _receipt(
                point,
                lot_id=lot.id,
                item_id=received.item.id if received.item else None,
                scan=scan,
                actor=actor,
                at=at,
                quantity=1 if received.item else quantity,
            )
        )
    session.add_all(received.receipts)
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        entity_type="receipt",
        entity_id=",".join(str(r.id) for r in received.receipts[:20]) or "none",
        new={
            "scan": scan,
            "location_id": point.location.id,
            "receipts": len(received.receipts),
            "lot_id": received.lot.id if received.lot else None,
            "item_id": received.item.id if received.item else None,
            "sscc": parsed.sscc,
        },
    )
    return received
