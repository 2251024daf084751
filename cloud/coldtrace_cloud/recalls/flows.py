"""The recall flow (21 CFR 7.46-7.55): create -> trace -> notices -> acknowledgements -> close.

Creating a recall traces every lot forward (trace/service.py) to the consignees that received
it, writes one notice per consignee and, unless it is a drill, marks the lots recalled (blocked
from FEFO and shipping, held at the portals through the hold list). A drill writes the same
notices without sending them and without touching any lot; its point is the time to trace.
"""

import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor, AuditAction, record
from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.consignees.models import Consignee
from coldtrace_cloud.db.notifications import announce_holds
from coldtrace_cloud.errors import ConflictError, ValidationFailedError
from coldtrace_cloud.lots import flows as lot_flows
from coldtrace_cloud.lots.flows import LotStatus, can_transition
from coldtrace_cloud.lots.service import get_lot
from coldtrace_cloud.recalls.models import Recall, RecallLot, RecallNotice
from coldtrace_cloud.recalls.notices import notice_content
from coldtrace_cloud.trace.service import forward_trace


class RecallClass(StrEnum):
    """21 CFR 7.3(m): I serious harm or death, II temporary or remote, III unlikely harm."""

    I = "I"  # noqa: E741  # the regulation's own name
    II = "II"
    III = "III"


@dataclass(frozen=True)
class RecallRequest:
    """What a recall is about and what consignees are told to do."""

    code: str
    classification: RecallClass
    lot_ids: list[int]
    reason: str
    health_hazard: str
    instructions: str
    drill: bool = False
    reply_to: str = "the recalling firm's quality assurance"


async def _traced(
    session: AsyncSession, scope: AccessScope, lot_ids: list[int]
) -> tuple[list[Any], dict[int, list[dict[str, Any]]]]:
    """The lots (locked) and, per consignee, what of them it received."""
    lots = []
    per_consignee: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for lot_id in sorted(set(lot_ids)):
        lot, product = await get_lot(session, scope, lot_id, for_update=True)
        lots.append(lot)
        trace = await forward_trace(session, scope, lot, product)
        received: dict[int, dict[str, Any]] = {}
        for shipment in trace.shipments:
            if shipment.consignee_id is None or shipment.actual_departure_at is None:
                continue  # transfers stay ours (the lot status covers them); unsent never left
            entry = received.setdefault(
                shipment.consignee_id,
                {
                    "gtin": product.gtin,
                    "description": product.description,
                    "lot_number": lot.lot_number,
                    "expiry_date": lot.expiry_date.isoformat(),
                    "quantity": 0,
                    "serials": [],
                    "shipments": [],
                },
            )
            entry["quantity"] += shipment.quantity
            entry["serials"] += shipment.serials
            entry["shipments"].append(shipment.code)
        for consignee_id, entry in received.items():
            per_consignee[consignee_id].append(entry)
    return lots, per_consignee


async def create_recall(
    session: AsyncSession, actor: Actor, scope: AccessScope, request: RecallRequest
) -> Recall:
    """Trace, write the notices and (unless a drill) recall the lots; audited."""
    if await session.scalar(select(Recall.id).where(Recall.code == request.code)):
        raise ConflictError("a recall with this code exists", code=request.code)
    if not request.lot_ids:
        raise ValidationFailedError("a recall covers at least one lot", field="lot_ids")
    started = time.perf_counter()
    lots, per_consignee = await _traced(session, scope, request.lot_ids)
    consignees = {
        c.id: c
        for c in (
            await session.scalars(select(Consignee).where(Consignee.id.in_(list(per_consignee))))
        ).all()
    }
    trace_s = time.perf_counter() - started
    recall = Recall(
        code=request.code,
        classification=str(request.classification),
        reason=request.reason,
        health_hazard=request.health_hazard,
        instructions=request.instructions,
        drill=request.drill,
        status="open",
        created_by=actor.name,
        trace_duration_s=trace_s,
    )
    session.add(recall)
    await session.flush()
    session.add_all(RecallLot(recall_id=recall.id, lot_id=lot.id) for lot in lots)
    now = datetime.now(UTC)
    for consignee_id, products in sorted(per_consignee.items()):
        consignee = consignees[consignee_id]
        who = {"code": consignee.code, "name": consignee.name, "email": consignee.contact_email}
        content = notice_content(
            recall, who, products, product_kind="product", reply_to=request.reply_to
        )
        session.add(
            RecallNotice(
                recall_id=recall.id,
                consignee_id=consignee_id,
                content=content,
                units_shipped=sum(p["quantity"] for p in products),
                units_returned=0,
                sent_at=None if request.drill else now,
            )
        )
    await session.flush()
    if not request.drill:
        reason = f"recall {recall.code} (class {recall.classification}): {recall.reason}"
        for lot in lots:
            if can_transition(LotStatus(lot.status), LotStatus.RECALLED):
                await lot_flows.recall(session, actor, lot, reason=reason)
        await announce_holds(session)
    await record(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        entity_type="recall",
        entity_id=recall.id,
        old=None,
        new={
            "code": recall.code,
            "classification": recall.classification,
            "lots": [lot.id for lot in lots],
            "consignees": sorted(per_consignee),
            "drill": recall.drill,
        },
        reason=request.reason,
    )
    return recall


def effectiveness_pct(notices: list[RecallNotice]) -> float:
    """Units accounted for (returned) over units shipped, in percent (100 when none shipped)."""
    shipped = sum(n.units_shipped for n in notices)
    if shipped == 0:
        return 100.0
    returned = sum(min(n.units_returned, n.units_shipped) for n in notices)
    return 100.0 * returned / shipped


def _open(recall: Recall) -> None:
    if recall.status != "open":
        raise ConflictError("the recall is closed", recall=recall.code)


async def acknowledge(
    session: AsyncSession,
    actor: Actor,
    recall: Recall,
    notice: RecallNotice,
    *,
    acknowledged_by: str,
    units_returned: int,
) -> RecallNotice:
    """Record a consignee's answer: who acknowledged, and how many units came back."""
    _open(recall)
    if not 0 <= units_returned <= notice.units_shipped:
        raise ValidationFailedError(
            "returned units must lie between 0 and the units shipped",
            field="units_returned",
            units_shipped=notice.units_shipped,
        )
    old = {"acknowledged_by": notice.acknowledged_by, "units_returned": notice.units_returned}
    notice.acknowledged_at = datetime.now(UTC)
    notice.acknowledged_by = acknowledged_by
    notice.units_returned = units_returned
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        entity_type="recall_notice",
        entity_id=notice.id,
        old=old,
        new={"acknowledged_by": acknowledged_by, "units_returned": units_returned},
    )
    return notice


async def close(
    session: AsyncSession,
    actor: Actor,
    recall: Recall,
    notices: list[RecallNotice],
    *,
    reason: str,
) -> Recall:
    """Close (7.55: terminated once all reasonable efforts are made); the reason is audited."""
    _open(recall)
    if not reason.strip():
        raise ValidationFailedError("say why the recall can be closed", field="reason")
    pending = [n.id for n in notices if n.acknowledged_at is None and not recall.drill]
    if pending:
        raise ConflictError("consignees have not acknowledged", notices=pending)
    recall.status = "closed"
    recall.closed_at = datetime.now(UTC)
    recall.closed_by = actor.name
    recall.close_reason = reason
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.TRANSITION,
        entity_type="recall",
        entity_id=recall.id,
        old={"status": "open"},
        new={"status": "closed", "effectiveness_pct": effectiveness_pct(notices)},
        reason=reason,
        reason_required=True,
    )
    return recall
