"""Routes of the exposure ledger: per lot, per serial and per excursion (within the caller's
grants)."""

from typing import Annotated

from fastapi import APIRouter, Depends

from coldtrace_cloud.api.deps import SessionDep
from coldtrace_cloud.auth.deps import require
from coldtrace_cloud.auth.roles import Permission
from coldtrace_cloud.auth.scope import Principal
from coldtrace_cloud.excursions.service import get_excursion
from coldtrace_cloud.items.service import get_item
from coldtrace_cloud.lots.service import get_lot
from coldtrace_cloud.quarantine.ledger import (
    excursion_lots,
    item_exposure,
    lot_excursions,
    lot_exposure,
)
from coldtrace_cloud.quarantine.schemas import (
    ExcursionExposureOut,
    ItemExposureOut,
    LotExposureOut,
)
from coldtrace_cloud.schemas.fields import Id
from coldtrace_cloud.schemas.problems import AUTHED

ReadExcursions = Annotated[Principal, Depends(require(Permission.EXCURSIONS_READ))]

router = APIRouter(prefix="/exposure", tags=["exposure"], responses=AUTHED)


@router.get("/lots/{lot_id}")
async def get_lot_exposure(
    lot_id: Id, principal: ReadExcursions, session: SessionDep
) -> LotExposureOut:
    """A lot's exposure: serials, excursions (with the worst serial in each), consumption of the
    stability budget, what is left."""
    lot, _ = await get_lot(session, principal.scope, lot_id)
    ledger = await lot_exposure(session, lot.id)
    return LotExposureOut.of(ledger, await lot_excursions(session, lot.id))


@router.get("/items/{item_id}")
async def get_item_exposure(
    item_id: Id, principal: ReadExcursions, session: SessionDep
) -> ItemExposureOut:
    """A serial's exposure: every excursion it sat through."""
    item, lot = await get_item(session, principal.scope, item_id)
    rows = await item_exposure(session, item.id)
    return ItemExposureOut.of(item.id, item.serial, lot.id, rows)


@router.get("/excursions/{excursion_id}")
async def get_excursion_exposure(
    excursion_id: Id, principal: ReadExcursions, session: SessionDep
) -> ExcursionExposureOut:
    """The lots an excursion exposed (404 for an excursion of a site not granted)."""
    view = await get_excursion(session, principal.scope, excursion_id)
    lots = await excursion_lots(session, principal.scope, view.excursion.id)
    return ExcursionExposureOut.of(view.excursion.id, lots)
