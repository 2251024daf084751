"""Routes of the inventory views and FEFO suggestions (thin: the work is in the services)."""

from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from coldtrace_cloud.api.deps import SessionDep
from coldtrace_cloud.auth.deps import ReadInventory
from coldtrace_cloud.inventory import picking, service
from coldtrace_cloud.inventory.service import Dimension, StockFilter
from coldtrace_cloud.locations.service import get_site
from coldtrace_cloud.lots.flows import LotStatus
from coldtrace_cloud.products.service import get_product
from coldtrace_cloud.schemas.fields import Category, Code, Gtin14, Id
from coldtrace_cloud.schemas.page import Page, cursor_int, encode_cursor
from coldtrace_cloud.schemas.problems import AUTHED

router = APIRouter(prefix="/inventory", tags=["inventory"], responses=AUTHED)
Cursor = Annotated[str | None, Query(max_length=200)]
StockLimit = Annotated[int, Query(ge=1, le=5000)]


class StockRowOut(BaseModel):
    """One group of stock (fields of dimensions not grouped by are null)."""

    model_config = ConfigDict(from_attributes=True)

    quantity: int
    site_id: int | None
    site_code: str | None
    location_id: int | None
    location_code: str | None
    gtin: str | None
    lot_id: int | None
    lot_number: str | None
    expiry_date: date | None
    lot_status: LotStatus | None


class PickLineOut(BaseModel):
    """A lot to pick from, earliest expiry first."""

    model_config = ConfigDict(from_attributes=True)

    lot_id: int
    lot_number: str
    expiry_date: date
    available: int
    pick: int


class FefoOut(BaseModel):
    """A FEFO suggestion and whether it fills the requested quantity."""

    lines: list[PickLineOut]
    requested: int | None
    allocated: int = Field(description="items suggested in total")
    short: int = Field(description="requested minus allocated, never negative")


async def _page(
    session: SessionDep,
    *,
    principal: ReadInventory,
    where: StockFilter,
    group_by: frozenset[Dimension],
    cursor: str | None,
    limit: int,
) -> Page[StockRowOut]:
    offset = cursor_int(cursor) or 0
    rows = await service.stock(
        session, principal.scope, where, group_by, offset=offset, limit=limit
    )
    more = len(rows) > limit
    return Page[StockRowOut](
        items=[StockRowOut.model_validate(r) for r in rows[:limit]],
        next_cursor=encode_cursor([offset + limit]) if more else None,
    )


@router.get("/stock")
async def get_stock(
    *,
    principal: ReadInventory,
    session: SessionDep,
    group_by: Annotated[list[Dimension], Query(min_length=1, max_length=5)] = [  # noqa: B006
        Dimension.SITE,
        Dimension.LOT,
    ],
    site_id: Id | None = None,
    location_id: Id | None = None,
    gtin: Gtin14 | None = None,
    lot_id: Id | None = None,
    lot_status: LotStatus | None = None,
    category: Category | None = None,
    expires_from: date | None = None,
    expires_before: date | None = None,
    cursor: Cursor = None,
    limit: StockLimit = 1000,
) -> Page[StockRowOut]:
    """Stock across the caller's sites, grouped and filtered."""
    where = StockFilter(
        site_id=site_id,
        location_id=location_id,
        gtin=gtin,
        lot_id=lot_id,
        lot_status=lot_status,
        category=category,
        expires_from=expires_from,
        expires_before=expires_before,
    )
    return await _page(
        session,
        principal=principal,
        where=where,
        group_by=frozenset(group_by),
        cursor=cursor,
        limit=limit,
    )


@router.get("/expiring")
async def get_expiring(
    *,
    principal: ReadInventory,
    session: SessionDep,
    days: Annotated[int, Query(ge=0, le=3650)] = 30,
    site_id: Id | None = None,
    cursor: Cursor = None,
    limit: StockLimit = 1000,
) -> Page[StockRowOut]:
    """Stock of lots expiring within ``days`` days (from today, UTC), by site and lot."""
    today = datetime.now(UTC).date()
    where = StockFilter(
        site_id=site_id, expires_from=today, expires_before=today + timedelta(days=days + 1)
    )
    dims = frozenset({Dimension.SITE, Dimension.LOT})
    return await _page(
        session, principal=principal, where=where, group_by=dims, cursor=cursor, limit=limit
    )


@router.get("/quarantined")
async def get_quarantined(
    principal: ReadInventory,
    session: SessionDep,
    site_id: Id | None = None,
    cursor: Cursor = None,
    limit: StockLimit = 1000,
) -> Page[StockRowOut]:
    """Stock of quarantined lots, by site, location and lot."""
    where = StockFilter(site_id=site_id, lot_status=LotStatus.QUARANTINED)
    dims = frozenset({Dimension.SITE, Dimension.LOCATION, Dimension.LOT})
    return await _page(
        session, principal=principal, where=where, group_by=dims, cursor=cursor, limit=limit
    )


@router.get("/fefo")
async def get_fefo(
    *,
    principal: ReadInventory,
    session: SessionDep,
    site: Code,
    gtin: Gtin14,
    quantity: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
    min_shelf_life_days: Annotated[int, Query(ge=0, le=3650)] = 0,
) -> FefoOut:
    """Released lots of a product at a site to pick from, earliest expiry first."""
    found_site = await get_site(session, principal.scope, site)
    product = await get_product(session, principal.scope, gtin)
    lines = await picking.fefo(
        session,
        principal.scope,
        site_id=found_site.id,
        product=product,
        quantity=quantity,
        today=datetime.now(UTC).date(),
        min_shelf_life_days=min_shelf_life_days,
    )
    allocated = sum(line.pick for line in lines)
    return FefoOut(
        lines=[PickLineOut.model_validate(line) for line in lines],
        requested=quantity,
        allocated=allocated,
        short=max((quantity or allocated) - allocated, 0),
    )
