"""FEFO pick suggestion: first expired, first out, among lots that may ship.

For a product at a site: released lots only (never quarantined, rejected, recalled or expired),
not past their expiry date (or within a minimum remaining shelf life), stock outside quarantine
areas, earliest expiry first. The suggestion allocates the requested quantity lot by lot.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.items.models import Item, ItemStatus
from coldtrace_cloud.locations.models import Location, LocationKind
from coldtrace_cloud.lots.flows import LotStatus
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.products.models import Product


@dataclass(frozen=True)
class PickLine:
    """One lot of the suggestion: what is available and what to pick from it."""

    lot_id: int
    lot_number: str
    expiry_date: date
    available: int
    pick: int


async def fefo(
    session: AsyncSession,
    scope: AccessScope,
    *,
    site_id: int,
    product: Product,
    quantity: int | None,
    today: date,
    min_shelf_life_days: int = 0,
) -> list[PickLine]:
    """Lots to pick from, earliest expiry first; ``pick`` fills ``quantity`` (all if None)."""
    scope.require_site(site_id)
    scope.require_category(product.category)
    earliest = today + timedelta(days=min_shelf_life_days)
    rows = (
        await session.execute(
            select(Lot.id, Lot.lot_number, Lot.expiry_date, func.count(Item.id))
            .join(Item, Item.lot_id == Lot.id)
            .join(Location, Location.id == Item.current_location_id)
            .where(
                Lot.product_id == product.id,
                Lot.status == LotStatus.RELEASED,
                Lot.expiry_date >= earliest,
                Item.status == ItemStatus.IN_STOCK,
                Item.current_site_id == site_id,
                Location.kind != LocationKind.QUARANTINE_AREA,
            )
            .group_by(Lot.id, Lot.lot_number, Lot.expiry_date)
            .order_by(Lot.expiry_date, Lot.lot_number)
        )
    ).all()
    remaining = quantity
    lines = []
    for lot_id, lot_number, expiry, available in rows:
        take = available if remaining is None else min(available, remaining)
        lines.append(PickLine(lot_id, lot_number, expiry, int(available), int(take)))
        if remaining is not None:
            remaining -= take
    return lines
