"""Routes of serialized items (thin: the work is in ``service``)."""

from typing import Annotated

from fastapi import APIRouter, Query

from coldtrace_cloud.api.deps import SessionDep
from coldtrace_cloud.auth.deps import ReadInventory
from coldtrace_cloud.items import service
from coldtrace_cloud.items.models import ItemStatus
from coldtrace_cloud.items.schemas import ItemOut
from coldtrace_cloud.schemas.fields import Gtin14, Id, Limit, Serial
from coldtrace_cloud.schemas.page import Page
from coldtrace_cloud.schemas.problems import AUTHED

router = APIRouter(prefix="/items", tags=["items"], responses=AUTHED)


@router.get("")
async def get_items(
    *,
    principal: ReadInventory,
    session: SessionDep,
    lot_id: Id | None = None,
    gtin: Gtin14 | None = None,
    serial: Serial | None = None,
    status: ItemStatus | None = None,
    location_id: Id | None = None,
    container_id: Id | None = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
) -> Page[ItemOut]:
    """Items visible to the caller, filtered."""
    found = await service.list_items(
        session,
        principal.scope,
        lot_id=lot_id,
        gtin=gtin,
        serial=serial,
        status=status,
        location_id=location_id,
        container_id=container_id,
        cursor=cursor,
        limit=limit,
    )
    return Page[ItemOut](items=[ItemOut.of(*r) for r in found.rows], next_cursor=found.next_cursor)


@router.get("/{item_id}")
async def get_item(item_id: Id, principal: ReadInventory, session: SessionDep) -> ItemOut:
    """One item."""
    return ItemOut.of(*await service.get_item(session, principal.scope, item_id))
