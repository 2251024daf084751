"""Item queries (filtered by site and category grants) and item creation at receiving."""

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.errors import NotFoundError
from coldtrace_cloud.items.models import Item, ItemStatus
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.products.models import Product
from coldtrace_cloud.schemas.page import Slice, cursor_int, slice_of
from coldtrace_protocol.identifiers import IdentifierError, Sgtin96

ItemRow = tuple[Item, Lot]
# SGTIN-96 serials are integers of at most 38 bits (GS1 TDS §14.5.1).
_SGTIN96_MAX_SERIAL = 2**38 - 1


def visible_items(scope: AccessScope) -> Select[Item, Lot]:
    """Items (with their lot) of granted categories, at granted sites or at no site."""
    return (
        select(Item, Lot)
        .join(Lot, Lot.id == Item.lot_id)
        .join(Product, Product.id == Lot.product_id)
        .where(
            scope.category_filter(Product.category),
            or_(Item.current_site_id.is_(None), scope.site_filter(Item.current_site_id)),
        )
    )


async def list_items(
    session: AsyncSession,
    scope: AccessScope,
    *,
    lot_id: int | None = None,
    gtin: str | None = None,
    serial: str | None = None,
    status: ItemStatus | None = None,
    location_id: int | None = None,
    container_id: int | None = None,
    cursor: str | None = None,
    limit: int = 100,
) -> Slice[ItemRow]:
    """Items by id, filtered."""
    query = visible_items(scope).order_by(Item.id).limit(limit + 1)
    after = cursor_int(cursor)
    if after is not None:
        query = query.where(Item.id > after)
    for column, value in (
        (Item.lot_id, lot_id),
        (Item.gtin, gtin),
        (Item.serial, serial),
        (Item.status, str(status) if status else None),
        (Item.current_location_id, location_id),
        (Item.container_id, container_id),
    ):
        if value is not None:
            query = query.where(column == value)
    rows = [(a, b) for a, b in (await session.execute(query)).all()]
    return slice_of(rows, limit, lambda r: [r[0].id])


async def get_item(session: AsyncSession, scope: AccessScope, item_id: int) -> ItemRow:
    """Item ``item_id`` with its lot; 403 if its site or category is not granted."""
    found = (
        await session.execute(
            select(Item, Lot, Product.category)
            .join(Lot, Lot.id == Item.lot_id)
            .join(Product, Product.id == Lot.product_id)
            .where(Item.id == item_id)
        )
    ).first()
    if found is None:
        raise NotFoundError("no such item", item_id=item_id)
    item, lot, category = found
    scope.require_category(category)
    scope.require_site(item.current_site_id, what="item")
    return item, lot


async def find_item(session: AsyncSession, gtin: str, serial: str) -> Item | None:
    """The item with this SGTIN (GTIN + serial), if known."""
    return await session.scalar(select(Item).where(Item.gtin == gtin, Item.serial == serial))


def sgtin_uri(gtin: str, serial: str, company_prefix: str | None) -> str | None:
    """Pure identity URI of an SGTIN-96 tag for this item, when it has one (TDS §6.3.1)."""
    if company_prefix is None or not serial.isdigit() or serial.startswith("0"):
        return None
    number = int(serial)
    if number > _SGTIN96_MAX_SERIAL:
        return None
    try:
        epc = Sgtin96.from_gtin(gtin, company_prefix_length=len(company_prefix), serial=number)
    except IdentifierError:
        return None
    return epc.pure_uri


def new_item(lot: Lot, gtin: str, serial: str, company_prefix: str | None) -> Item:
    """An item row of ``lot`` (not yet anywhere: receiving moves it in)."""
    return Item(
        lot_id=lot.id,
        gtin=gtin,
        serial=serial,
        epc_uri=sgtin_uri(gtin, serial, company_prefix),
        status=str(ItemStatus.IN_STOCK),
    )
