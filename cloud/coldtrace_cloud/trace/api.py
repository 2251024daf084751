"""Routes of traceability: forward and backward trace of a lot, the history of an item."""

from fastapi import APIRouter

from coldtrace_cloud.api.deps import SessionDep
from coldtrace_cloud.auth.deps import ReadInventory
from coldtrace_cloud.errors import NotFoundError
from coldtrace_cloud.lots.service import get_lot
from coldtrace_cloud.schemas.fields import Id
from coldtrace_cloud.schemas.problems import AUTHED
from coldtrace_cloud.trace import service
from coldtrace_cloud.trace.schemas import BackwardTraceOut, ForwardTraceOut, ItemHistoryOut

router = APIRouter(prefix="/trace", tags=["trace"], responses=AUTHED)


@router.get("/lots/{lot_id}/forward")
async def get_forward(lot_id: Id, principal: ReadInventory, session: SessionDep) -> ForwardTraceOut:
    """Every shipment and consignee that received the lot, with serials and quantities."""
    lot, product = await get_lot(session, principal.scope, lot_id)
    return ForwardTraceOut.of(await service.forward_trace(session, principal.scope, lot, product))


@router.get("/lots/{lot_id}/backward")
async def get_backward(
    lot_id: Id, principal: ReadInventory, session: SessionDep
) -> BackwardTraceOut:
    """Where the lot's items came from: suppliers, transfers, containers, serials."""
    lot, product = await get_lot(session, principal.scope, lot_id)
    return BackwardTraceOut.of(await service.backward_trace(session, principal.scope, lot, product))


@router.get("/items/{item_id}/history")
async def get_history(item_id: Id, principal: ReadInventory, session: SessionDep) -> ItemHistoryOut:
    """An item's receipts, movements, residency, containers and shipments."""
    history = await service.item_history(session, principal.scope, item_id)
    if history is None:
        raise NotFoundError("no such item", item_id=item_id)
    return ItemHistoryOut.of(history)
