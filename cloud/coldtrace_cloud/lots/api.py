"""Routes of lots: list, create, read, change status (thin: work in ``service`` / ``flows``)."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from coldtrace_cloud.api.deps import SessionDep
from coldtrace_cloud.auth.deps import ChangeLotStatus, ReadInventory, Receive
from coldtrace_cloud.lots import flows, service
from coldtrace_cloud.lots.flows import LotStatus
from coldtrace_cloud.lots.schemas import LotIn, LotOut, LotTransitionIn
from coldtrace_cloud.products.service import get_product
from coldtrace_cloud.schemas.fields import Gtin14, Id, Limit, LotNumber
from coldtrace_cloud.schemas.page import Page
from coldtrace_cloud.schemas.problems import AUTHED

router = APIRouter(prefix="/lots", tags=["lots"], responses=AUTHED)


@router.get("")
async def get_lots(
    *,
    principal: ReadInventory,
    session: SessionDep,
    gtin: Gtin14 | None = None,
    lot_number: LotNumber | None = None,
    status: LotStatus | None = None,
    expires_before: date | None = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
) -> Page[LotOut]:
    """Lots of the caller's categories."""
    found = await service.list_lots(
        session,
        principal.scope,
        gtin=gtin,
        lot_number=lot_number,
        status=status,
        expires_before=expires_before,
        cursor=cursor,
        limit=limit,
    )
    return Page[LotOut](items=[LotOut.of(*r) for r in found.rows], next_cursor=found.next_cursor)


@router.post("", status_code=201)
async def post_lot(body: LotIn, principal: Receive, session: SessionDep) -> LotOut:
    """Register a lot of a known product."""
    product = await get_product(session, principal.scope, body.gtin)
    lot = await service.create_lot(
        session,
        principal.actor,
        product,
        lot_number=body.lot_number,
        expiry_date=body.expiry_date,
        production_date=body.production_date,
        status=body.status,
    )
    await session.commit()
    return LotOut.of(lot, product)


@router.get("/{lot_id}")
async def get_lot(lot_id: Id, principal: ReadInventory, session: SessionDep) -> LotOut:
    """One lot."""
    return LotOut.of(*await service.get_lot(session, principal.scope, lot_id))


@router.post("/{lot_id}/transitions")
async def post_transition(
    lot_id: Id, body: LotTransitionIn, principal: ChangeLotStatus, session: SessionDep
) -> LotOut:
    """Change a lot's status (QA); 409 if the transition table forbids it."""
    lot, product = await service.get_lot(session, principal.scope, lot_id, for_update=True)
    await flows.transition(session, principal.actor, lot, body.status, reason=body.reason)
    await session.commit()
    return LotOut.of(lot, product)
