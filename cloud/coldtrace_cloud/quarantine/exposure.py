"""Exposure: residency intervals joined with an excursion's window, and the automatic hold.

For an excursion at a location (or on a shipment) every item resident there during
``[started_at, ended_at or now)`` is exposed for the overlap; its share of the excursion's time
out of range is the overlap times the excursion's out-of-range fraction. The ledger row is
upserted, so re-evaluating an excursion as it grows or after late data only corrects it. Every
released lot among the exposed is quarantined in the same transaction, through the lot flows
(audited), and a ``pg_notify`` (delivered at commit) tells the holds publisher.
"""

from collections import defaultdict
from datetime import UTC, datetime
from typing import Final

from sqlalchemy import or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor
from coldtrace_cloud.db.notifications import announce_holds
from coldtrace_cloud.excursions.models import Excursion
from coldtrace_cloud.items.models import Item
from coldtrace_cloud.lots import flows
from coldtrace_cloud.lots.flows import LotStatus
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.movements.models import ResidencyInterval
from coldtrace_cloud.quarantine.models import Exposure

ENGINE_ACTOR: Final = Actor.system("excursion-engine")


async def _residents(
    session: AsyncSession, excursion: Excursion, end: datetime
) -> dict[int, tuple[int, datetime, datetime, float]]:
    """item -> (lot, first, last, overlap seconds) over the excursion's window."""
    place = (
        ResidencyInterval.location_id == excursion.location_id
        if excursion.location_id is not None
        else ResidencyInterval.shipment_id == excursion.shipment_id
    )
    rows = (
        await session.execute(
            select(
                ResidencyInterval.item_id,
                Item.lot_id,
                ResidencyInterval.valid_from,
                ResidencyInterval.valid_to,
            )
            .join(Item, Item.id == ResidencyInterval.item_id)
            .where(
                place,
                ResidencyInterval.valid_from < end,
                or_(
                    ResidencyInterval.valid_to.is_(None),
                    ResidencyInterval.valid_to > excursion.started_at,
                ),
            )
        )
    ).all()
    found: dict[int, tuple[int, datetime, datetime, float]] = {}
    for item_id, lot_id, valid_from, valid_to in rows:
        first = max(valid_from, excursion.started_at)
        last = min(valid_to or end, end)
        seconds = max(0.0, (last - first).total_seconds())
        if item_id in found:
            _, f0, l0, s0 = found[item_id]
            first, last, seconds = min(first, f0), max(last, l0), seconds + s0
        found[item_id] = (lot_id, first, last, seconds)
    return found


async def expose(
    session: AsyncSession, excursion: Excursion, *, actor: Actor = ENGINE_ACTOR
) -> list[int]:
    """Record the exposure of an excursion and quarantine the released lots it touched."""
    end = excursion.ended_at or datetime.now(UTC)
    window_s = max(1.0, (end - excursion.started_at).total_seconds())
    fraction = min(1.0, excursion.out_of_range_s / window_s) if excursion.kind != "silence" else 1.0
    residents = await _residents(session, excursion, end)
    if not residents:
        return []
    rows = [
        {
            "excursion_id": excursion.id,
            "item_id": item_id,
            "lot_id": lot_id,
            "exposed_from": first,
            "exposed_to": last,
            "exposed_s": seconds,
            "out_of_range_s": seconds * fraction,
        }
        for item_id, (lot_id, first, last, seconds) in residents.items()
    ]
    statement = insert(Exposure).values(rows)
    await session.execute(
        statement.on_conflict_do_update(
            constraint="uq_exposures_item",
            set_={
                name: statement.excluded[name]
                for name in ("exposed_from", "exposed_to", "exposed_s", "out_of_range_s")
            },
        )
    )
    by_lot: dict[int, int] = defaultdict(int)
    for lot_id, *_ in residents.values():
        by_lot[lot_id] += 1
    return await quarantine_lots(session, actor, excursion, sorted(by_lot))


async def quarantine_lots(
    session: AsyncSession, actor: Actor, excursion: Excursion, lot_ids: list[int]
) -> list[int]:
    """Hold every released lot of ``lot_ids`` (locked in id order); the ids that changed."""
    lots = (
        await session.scalars(
            select(Lot)
            .where(Lot.id.in_(lot_ids), Lot.status == str(LotStatus.RELEASED))
            .order_by(Lot.id)
            .with_for_update()
        )
    ).all()
    for lot in lots:
        await flows.transition(
            session,
            actor,
            lot,
            LotStatus.QUARANTINED,
            reason=f"exposed to {excursion.kind} excursion {excursion.id}",
            evidence={"excursion_id": excursion.id, "severity": excursion.severity},
        )
    if lots:
        await announce_holds(session)
    return [lot.id for lot in lots]
