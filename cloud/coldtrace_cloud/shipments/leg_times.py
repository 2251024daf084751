"""When each leg of a shipment actually departed and arrived.

The temperature record is judged per leg (a reefer truck, then a flight, then a van), so each leg
needs its actual window. Dispatching a shipment starts its first leg and delivering it ends its
last one (``flows``); the hand-overs in between (truck to airport, flight landed) are recorded
here, as they are reported. Recorded times must never go backwards along the legs, must lie
within the trip and not in the future; a correction of a recorded time needs a reason, and every
change is in the audit trail.
"""

import itertools
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor, AuditAction, record
from coldtrace_cloud.errors import ConflictError, NotFoundError
from coldtrace_cloud.shipments.flows import ShipmentStatus
from coldtrace_cloud.shipments.models import Shipment, ShipmentLeg


class LegEvent(StrEnum):
    """What happened to a leg."""

    DEPARTED = "departed"
    ARRIVED = "arrived"


async def _legs(session: AsyncSession, shipment: Shipment) -> list[ShipmentLeg]:
    rows = await session.scalars(
        select(ShipmentLeg)
        .where(ShipmentLeg.shipment_id == shipment.id)
        .order_by(ShipmentLeg.sequence)
        .with_for_update()
    )
    return list(rows)


MAX_CLOCK_SKEW = timedelta(minutes=5)


def _check_order(shipment: Shipment, legs: list[ShipmentLeg], now: datetime) -> None:
    """Refuse recorded times that go backwards along the legs, or lie outside the trip.

    Every recorded time, in leg order (departure, then arrival), must be at or after the one
    before it, whatever legs in between have no times yet.
    """
    times = [
        (leg.sequence, moment)
        for leg in legs
        for moment in (leg.actual_departure_at, leg.actual_arrival_at)
        if moment is not None
    ]
    for (_, earlier), (sequence, later) in itertools.pairwise(times):
        if later < earlier:
            raise ConflictError("leg times must not go backwards along the legs", leg=sequence)
    trip_start, trip_end = shipment.actual_departure_at, shipment.actual_arrival_at
    for sequence, moment in times:
        if (trip_start is not None and moment < trip_start) or (
            trip_end is not None and moment > trip_end
        ):
            raise ConflictError("a leg's time must lie within the trip", leg=sequence)
        if moment > now + MAX_CLOCK_SKEW:
            raise ConflictError("a leg's time cannot be in the future", leg=sequence)


async def record_leg_time(
    session: AsyncSession,
    actor: Actor,
    shipment: Shipment,
    sequence: int,
    *,
    event: LegEvent,
    at: datetime,
    reason: str | None = None,
) -> ShipmentLeg:
    """Record that leg ``sequence`` departed or arrived at ``at`` (audited)."""
    if ShipmentStatus(shipment.status) not in (ShipmentStatus.IN_TRANSIT, ShipmentStatus.DELIVERED):
        raise ConflictError("legs are timed once the shipment is under way", shipment=shipment.code)
    legs = await _legs(session, shipment)
    leg = next((x for x in legs if x.sequence == sequence), None)
    if leg is None:
        raise NotFoundError("no such leg", shipment=shipment.code, leg=sequence)
    column = "actual_departure_at" if event is LegEvent.DEPARTED else "actual_arrival_at"
    old = getattr(leg, column)
    if old == at:
        return leg  # the same report twice changes nothing
    if old is not None and not reason:
        raise ConflictError("correcting a recorded time needs a reason", leg=sequence)
    setattr(leg, column, at)
    _check_order(shipment, legs, datetime.now(UTC))
    await record(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        entity_type="shipment",
        entity_id=shipment.id,
        old={"leg": sequence, column: old},
        new={"leg": sequence, column: at},
        reason=reason,
    )
    return leg
