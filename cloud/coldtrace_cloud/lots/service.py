"""Lot queries (filtered by category grants) and audited lot creation."""

from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor, AuditAction, record, snapshot
from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.errors import ConflictError, NotFoundError
from coldtrace_cloud.lots.flows import LotStatus
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.products.models import Product
from coldtrace_cloud.schemas.page import Slice, cursor_int, slice_of

LOT_FIELDS = ("product_id", "lot_number", "expiry_date", "production_date", "status")
LotRow = tuple[Lot, Product]


def _lots(scope: AccessScope) -> Select[Lot, Product]:
    return (
        select(Lot, Product)
        .join(Product, Product.id == Lot.product_id)
        .where(scope.category_filter(Product.category))
    )


async def list_lots(
    session: AsyncSession,
    scope: AccessScope,
    *,
    gtin: str | None = None,
    lot_number: str | None = None,
    status: LotStatus | None = None,
    expires_before: date | None = None,
    cursor: str | None = None,
    limit: int = 100,
) -> Slice[LotRow]:
    """Lots of granted categories by id, filtered."""
    query = _lots(scope).order_by(Lot.id).limit(limit + 1)
    after = cursor_int(cursor)
    if after is not None:
        query = query.where(Lot.id > after)
    if gtin is not None:
        query = query.where(Product.gtin == gtin)
    if lot_number is not None:
        query = query.where(Lot.lot_number == lot_number)
    if status is not None:
        query = query.where(Lot.status == str(status))
    if expires_before is not None:
        query = query.where(Lot.expiry_date < expires_before)
    rows = [(a, b) for a, b in (await session.execute(query)).all()]
    return slice_of(rows, limit, lambda r: [r[0].id])


async def get_lot(
    session: AsyncSession, scope: AccessScope, lot_id: int, *, for_update: bool = False
) -> LotRow:
    """Lot ``lot_id`` and its product; 403 if the category is not granted."""
    query = select(Lot, Product).join(Product, Product.id == Lot.product_id).where(Lot.id == lot_id)
    if for_update:
        query = query.with_for_update(of=Lot)
    found = (await session.execute(query)).first()
    if found is None:
        raise NotFoundError("no such lot", lot_id=lot_id)
    lot, product = found
    scope.require_category(product.category)
    return lot, product


async def find_lot(session: AsyncSession, product: Product, lot_number: str) -> Lot | None:
    """The lot ``lot_number`` of ``product``, if known."""
    return await session.scalar(
        select(Lot).where(Lot.product_id == product.id, Lot.lot_number == lot_number)
    )


async def create_lot(
    session: AsyncSession,
    actor: Actor,
    product: Product,
    *,
    lot_number: str,
    expiry_date: date,
    production_date: date | None,
    status: LotStatus,
) -> Lot:
    """A new lot; incoming lots usually start quarantined until QA releases them."""
    if status not in (LotStatus.RELEASED, LotStatus.QUARANTINED):
        raise ConflictError("a new lot is released or quarantined", lot_status=str(status))
    if await find_lot(session, product, lot_number) is not None:
        raise ConflictError("lot exists", gtin=product.gtin, lot_number=lot_number)
    lot = Lot(
        product_id=product.id,
        lot_number=lot_number,
        expiry_date=expiry_date,
        production_date=production_date,
        status=str(status),
    )
    session.add(lot)
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        entity_type="lot",
        entity_id=lot.id,
        new={"gtin": product.gtin, **snapshot(lot, LOT_FIELDS)},
    )
    return lot
