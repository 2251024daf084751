"""Stock views: what is in stock where, by site, location, product, lot, status and expiry.

Stock is counted in serialized items in stock. The count runs first on ``items`` alone (an
index-only scan of ``ix_items_site_stock``), then the few resulting groups are joined to lots,
products, locations and sites for labels and the remaining filters.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.items.models import Item, ItemStatus
from coldtrace_cloud.locations.models import Location, Site
from coldtrace_cloud.lots.flows import LotStatus
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.products.models import Product


class Dimension(StrEnum):
    """What stock can be grouped by."""

    SITE = "site"
    LOCATION = "location"
    PRODUCT = "product"
    LOT = "lot"
    STATUS = "status"


@dataclass(frozen=True)
class StockFilter:
    """Which stock to count (every field optional)."""

    site_id: int | None = None
    location_id: int | None = None
    gtin: str | None = None
    lot_id: int | None = None
    lot_status: LotStatus | None = None
    category: str | None = None
    expires_from: date | None = None
    expires_before: date | None = None


@dataclass(frozen=True)
class StockRow:
    """One group of stock; the fields of dimensions not grouped by are None."""

    quantity: int
    site_id: int | None = None
    site_code: str | None = None
    location_id: int | None = None
    location_code: str | None = None
    gtin: str | None = None
    lot_id: int | None = None
    lot_number: str | None = None
    expiry_date: date | None = None
    lot_status: str | None = None


def _counts(scope: AccessScope, where: StockFilter) -> Any:
    query = (
        select(
            Item.current_site_id.label("site_id"),
            Item.current_location_id.label("location_id"),
            Item.lot_id.label("lot_id"),
            func.count().label("quantity"),
        )
        .where(Item.status == ItemStatus.IN_STOCK, scope.site_filter(Item.current_site_id))
        .group_by(Item.current_site_id, Item.current_location_id, Item.lot_id)
    )
    if where.site_id is not None:
        query = query.where(Item.current_site_id == where.site_id)
    if where.location_id is not None:
        query = query.where(Item.current_location_id == where.location_id)
    if where.lot_id is not None:
        query = query.where(Item.lot_id == where.lot_id)
    return query.subquery("counts")


_COLUMNS: dict[Dimension, tuple[str, ...]] = {
    Dimension.SITE: ("site_id", "site_code"),
    Dimension.LOCATION: ("location_id", "location_code"),
    Dimension.PRODUCT: ("gtin",),
    Dimension.LOT: ("lot_id", "lot_number", "expiry_date", "lot_status", "gtin"),
    Dimension.STATUS: ("lot_status",),
}


def stock_query(
    scope: AccessScope, where: StockFilter, group_by: frozenset[Dimension]
) -> Select[*tuple[Any, ...]]:
    """The grouped stock query (ordered by its groups)."""
    counts = _counts(scope, where)
    labels = {
        "site_id": Site.id,
        "site_code": Site.code,
        "location_id": Location.id,
        "location_code": Location.code,
        "gtin": Product.gtin,
        "lot_id": Lot.id,
        "lot_number": Lot.lot_number,
        "expiry_date": Lot.expiry_date,
        "lot_status": Lot.status,
    }
    names = sorted({n for d in group_by for n in _COLUMNS[d]}, key=list(labels).index)
    columns = [labels[n].label(n) for n in names]
    query: Select[*tuple[Any, ...]] = (
        select(*columns, func.sum(counts.c.quantity).label("quantity"))
        .select_from(counts)
        .join(Lot, Lot.id == counts.c.lot_id)
        .join(Product, Product.id == Lot.product_id)
        .join(Site, Site.id == counts.c.site_id)
        .outerjoin(Location, Location.id == counts.c.location_id)
        .where(scope.category_filter(Product.category))
        .group_by(*columns)
        .order_by(*columns)
    )
    for column, value in (
        (Product.gtin, where.gtin),
        (Lot.status, str(where.lot_status) if where.lot_status else None),
        (Product.category, where.category),
    ):
        if value is not None:
            query = query.where(column == value)
    if where.expires_from is not None:
        query = query.where(Lot.expiry_date >= where.expires_from)
    if where.expires_before is not None:
        query = query.where(Lot.expiry_date < where.expires_before)
    return query


async def stock(
    session: AsyncSession,
    scope: AccessScope,
    where: StockFilter,
    group_by: frozenset[Dimension],
    *,
    offset: int = 0,
    limit: int = 1000,
) -> list[StockRow]:
    """Stock grouped by ``group_by`` (``limit + 1`` rows tell the caller another page exists)."""
    query = stock_query(scope, where, group_by).offset(offset).limit(limit + 1)
    rows = (await session.execute(query)).mappings().all()
    found = []
    for row in rows:
        values: dict[str, Any] = dict(row)
        values["quantity"] = int(values["quantity"])
        found.append(StockRow(**values))
    return found
