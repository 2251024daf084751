"""Routes of movements: query, and record a manual move (thin: work in ``service``)."""

from datetime import UTC, datetime
from typing import Annotated
from uuid import uuid4

from fastapi import APIRouter, Query, Response
from pydantic import AwareDatetime

from coldtrace_cloud.api.deps import SessionDep
from coldtrace_cloud.auth.deps import Move, ReadInventory
from coldtrace_cloud.items.service import get_item
from coldtrace_cloud.locations.service import location_by_id
from coldtrace_cloud.movements import service
from coldtrace_cloud.movements.models import MovementSource
from coldtrace_cloud.movements.schemas import MovementIn, MovementOut, MovementResultOut
from coldtrace_cloud.rfid.lookup import resolve_epc
from coldtrace_cloud.schemas.fields import Id, Limit
from coldtrace_cloud.schemas.page import Page, to_page
from coldtrace_cloud.schemas.problems import AUTHED

router = APIRouter(prefix="/movements", tags=["movements"], responses=AUTHED)


@router.get("")
async def get_movements(
    *,
    principal: ReadInventory,
    session: SessionDep,
    item_id: Id | None = None,
    container_id: Id | None = None,
    epc: Annotated[str | None, Query(max_length=140, description="URI or hex")] = None,
    lot_id: Id | None = None,
    location_id: Id | None = None,
    since: AwareDatetime | None = None,
    until: AwareDatetime | None = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
) -> Page[MovementOut]:
    """Movements in time order, filtered (``epc``: an item's or container's EPC)."""
    if epc is not None:
        subject = await resolve_epc(session, epc)
        item_id = subject.item_id or item_id
        container_id = subject.container_id or container_id
    found = await service.list_movements(
        session,
        principal.scope,
        item_id=item_id,
        container_id=container_id,
        lot_id=lot_id,
        location_id=location_id,
        since=since,
        until=until,
        cursor=cursor,
        limit=limit,
    )
    return to_page(found, MovementOut)


@router.post("", status_code=201, responses={200: {"model": MovementResultOut}})
async def post_movement(
    body: MovementIn, principal: Move, session: SessionDep, response: Response
) -> MovementResultOut:
    """Record a move of an item; 200 instead of 201 when the event was recorded before."""
    item, _ = await get_item(session, principal.scope, body.item_id)
    target = await location_by_id(session, principal.scope, body.to_location_id)
    result = await service.move_by_hand(
        session,
        principal.actor,
        item,
        to_location_id=target.id,
        event_id=body.event_id or uuid4(),
        occurred_at=body.occurred_at or datetime.now(UTC),
        source=MovementSource(body.source),
        direction=body.direction,
        portal_id=body.portal_id,
    )
    await session.commit()
    if result.duplicate:
        response.status_code = 200
    return MovementResultOut(
        movement_id=result.movement_id,
        duplicate=result.duplicate,
        became_current=result.became_current,
    )
