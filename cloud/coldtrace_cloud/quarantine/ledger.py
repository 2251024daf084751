"""The exposure ledger, queried: per lot (by serial and by excursion), per serial and per
excursion, time out of range and budget left.

A lot's consumption is that of its most exposed serial (serials of one lot may have lived in
different places); the budget is the one of the lot's storage profile rules.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.excursions.models import Excursion
from coldtrace_cloud.excursions.rulesets import rules_of
from coldtrace_cloud.items.models import Item
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.products.models import Product, StorageProfile
from coldtrace_cloud.quarantine.models import Exposure


@dataclass(frozen=True)
class SerialExposure:
    """One serial's total exposure."""

    item_id: int
    serial: str
    excursions: int
    exposed_s: float
    out_of_range_s: float


@dataclass(frozen=True)
class LotExposure:
    """A lot's exposure: its serials, the worst of them, the budget and what is left of it."""

    lot_id: int
    serials: list[SerialExposure]
    consumed_s: float
    budget_s: float | None

    @property
    def remaining_s(self) -> float | None:
        """Budget left (None when the profile sets no budget); negative when overspent."""
        return None if self.budget_s is None else self.budget_s - self.consumed_s

    @property
    def spent(self) -> bool:
        """True when no budget is left."""
        remaining = self.remaining_s
        return remaining is not None and remaining <= 0


async def lot_exposure(session: AsyncSession, lot_id: int) -> LotExposure:
    """The ledger of one lot."""
    rows = (
        await session.execute(
            select(
                Exposure.item_id,
                Item.serial,
                func.count(Exposure.excursion_id.distinct()),
                func.sum(Exposure.exposed_s),
                func.sum(Exposure.out_of_range_s),
            )
            .join(Item, Item.id == Exposure.item_id)
            .where(Exposure.lot_id == lot_id)
            .group_by(Exposure.item_id, Item.serial)
            .order_by(Item.serial)
        )
    ).all()
    serials = [SerialExposure(*row) for row in rows]
    profile = await session.scalar(
        select(StorageProfile)
        .join(Product, Product.storage_profile_id == StorageProfile.id)
        .join(Lot, Lot.product_id == Product.id)
        .where(Lot.id == lot_id)
    )
    budget = None if profile is None else (await rules_of(session, profile))[0].budget_s
    consumed = max((s.out_of_range_s for s in serials), default=0.0)
    return LotExposure(lot_id, serials, consumed, budget)


@dataclass(frozen=True)
class LotExcursion:
    """One excursion a lot sat through: its serials inside, and the worst of them."""

    excursion_id: int
    kind: str
    severity: str
    exposed_from: datetime
    exposed_to: datetime
    serials: int
    worst_serial: str
    exposed_s: float
    out_of_range_s: float


async def lot_excursions(session: AsyncSession, lot_id: int) -> list[LotExcursion]:
    """The ledger of one lot by excursion, oldest first.

    The serial with the most time out of range stands for the lot in each excursion, as it does
    for the lot's consumption: the lot page names it, so QA can look at that serial's history.
    """
    by_excursion = Exposure.excursion_id
    ranked = (
        select(
            Exposure.excursion_id,
            Item.serial,
            Exposure.exposed_s,
            Exposure.out_of_range_s,
            func.count().over(partition_by=by_excursion).label("serials"),
            func.min(Exposure.exposed_from).over(partition_by=by_excursion).label("first"),
            func.max(Exposure.exposed_to).over(partition_by=by_excursion).label("last"),
            func.row_number()
            .over(
                partition_by=by_excursion,
                order_by=(Exposure.out_of_range_s.desc(), Exposure.exposed_s.desc(), Item.serial),
            )
            .label("rank"),
        )
        .join(Item, Item.id == Exposure.item_id)
        .where(Exposure.lot_id == lot_id)
        .subquery()
    )
    rows = (
        await session.execute(
            select(
                ranked.c.excursion_id,
                Excursion.kind,
                Excursion.severity,
                ranked.c.first,
                ranked.c.last,
                ranked.c.serials,
                ranked.c.serial,
                ranked.c.exposed_s,
                ranked.c.out_of_range_s,
            )
            .join(Excursion, Excursion.id == ranked.c.excursion_id)
            .where(ranked.c.rank == 1)
            .order_by(ranked.c.first, ranked.c.excursion_id)
        )
    ).all()
    return [LotExcursion(*row) for row in rows]


@dataclass(frozen=True)
class ItemExposureRow:
    """One excursion a serial was exposed to."""

    excursion_id: int
    kind: str
    severity: str
    exposed_from: datetime
    exposed_to: datetime
    exposed_s: float
    out_of_range_s: float


async def item_exposure(session: AsyncSession, item_id: int) -> list[ItemExposureRow]:
    """The ledger of one serial: each excursion it sat through, oldest first."""
    rows = (
        await session.execute(
            select(
                Exposure.excursion_id,
                Excursion.kind,
                Excursion.severity,
                Exposure.exposed_from,
                Exposure.exposed_to,
                Exposure.exposed_s,
                Exposure.out_of_range_s,
            )
            .join(Excursion, Excursion.id == Exposure.excursion_id)
            .where(Exposure.item_id == item_id)
            .order_by(Exposure.exposed_from, Exposure.excursion_id)
        )
    ).all()
    return [ItemExposureRow(*row) for row in rows]


@dataclass(frozen=True)
class ExposedLot:
    """One lot an excursion exposed: how many of its serials, for how long (worst serial)."""

    lot_id: int
    lot_number: str
    gtin: str
    status: str
    serials: int
    exposed_s: float
    out_of_range_s: float


async def excursion_lots(
    session: AsyncSession, scope: AccessScope, excursion_id: int
) -> list[ExposedLot]:
    """The lots of granted categories exposed by one excursion, by lot number.

    The QA board lists these next to each excursion: what QA must look at before closing it.
    """
    rows = (
        await session.execute(
            select(
                Lot.id,
                Lot.lot_number,
                Product.gtin,
                Lot.status,
                func.count(Exposure.item_id.distinct()),
                func.max(Exposure.exposed_s),
                func.max(Exposure.out_of_range_s),
            )
            .join(Lot, Lot.id == Exposure.lot_id)
            .join(Product, Product.id == Lot.product_id)
            .where(Exposure.excursion_id == excursion_id, scope.category_filter(Product.category))
            .group_by(Lot.id, Lot.lot_number, Product.gtin, Lot.status)
            .order_by(Lot.lot_number, Lot.id)
        )
    ).all()
    return [ExposedLot(*row) for row in rows]
