"""Portal passes -> movements, in the ingest transaction; what cannot move is kept, not lost.

Per pass (containers first, so that their contents move with them, ARCHITECTURE.md "Stores"):
an SSCC moves its container and everything inside it (``move_container``); an SGTIN moves its
item, unless the pass rode on a container that holds it (aggregation hint) or the item already
arrived there moments before (its container's pass carried it). Movement event ids are the
passes' own, so a redelivered pass changes nothing. Passes that resolve to nothing (unknown EPC,
unknown portal, unknown direction, non-GS1 tag) go to ``rfid_unreconciled_passes``.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Final

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.containers.models import Container
from coldtrace_cloud.containers.service import move_container
from coldtrace_cloud.items.models import Item
from coldtrace_cloud.locations.models import Portal, Site
from coldtrace_cloud.movements.models import Direction, MovementSource
from coldtrace_cloud.movements.recording import MovementSpec, move_item
from coldtrace_cloud.rfid.models import HoldAlarmRecord, UnreconciledPass
from coldtrace_protocol.holds import AlarmBatch
from coldtrace_protocol.rfid import PassDirection, PortalPass, RfidBatch

logger = logging.getLogger(__name__)
# A container's pass and its items' passes close seconds apart; within this the item arrived.
CARRIED_WITHIN: Final = timedelta(minutes=2)


class Unreconciled(StrEnum):
    """Why a pass moved nothing."""

    UNKNOWN_PORTAL = "unknown_portal"
    UNKNOWN_DIRECTION = "unknown_direction"
    NO_LOCATION = "no_location"
    UNKNOWN_EPC = "unknown_epc"
    NOT_GS1 = "not_gs1"


@dataclass
class PassOutcome:
    """Counts of one batch's passes."""

    moved: int = 0
    carried: int = 0
    duplicates: int = 0
    unreconciled: int = 0


async def _portal(session: AsyncSession, site_code: str, portal_code: str) -> Portal | None:
    return await session.scalar(
        select(Portal)
        .join(Site, Site.id == Portal.site_id)
        .where(Site.code == site_code, Portal.code == portal_code)
    )


def _sides(portal: Portal, direction: PassDirection) -> tuple[int | None, int | None]:
    if direction is PassDirection.INBOUND:
        return portal.outside_location_id, portal.inside_location_id
    return portal.inside_location_id, portal.outside_location_id


async def _keep(
    session: AsyncSession, batch: RfidBatch, site: str, item: PortalPass, why: Unreconciled
) -> None:
    await session.execute(
        pg_insert(UnreconciledPass)
        .values(
            event_id=item.event_id,
            gateway_id=batch.gateway_id,
            site_code=site,
            portal_code=item.portal_id,
            epc=item.epc,
            pure_uri=item.identity.pure_uri,
            reason=str(why),
            direction=str(item.direction),
            occurred_at=item.last_seen_at,
            body=item.model_dump_json(),
        )
        .on_conflict_do_nothing(index_elements=["event_id"])
    )


async def record_passes(session: AsyncSession, batch: RfidBatch, site: str) -> PassOutcome:
    """Apply one accepted batch's passes (the caller owns the transaction)."""
    outcome = PassOutcome()
    portals: dict[str, Portal | None] = {}
    ordered = sorted(batch.passes, key=lambda p: p.identity.sscc is None)
    for item in ordered:
        if item.portal_id not in portals:
            portals[item.portal_id] = await _portal(session, site, item.portal_id)
        why = await _apply(session, batch, item, portals[item.portal_id], outcome)
        if why is not None:
            outcome.unreconciled += 1
            await _keep(session, batch, site, item, why)
    return outcome


async def _apply(
    session: AsyncSession,
    batch: RfidBatch,
    item: PortalPass,
    portal: Portal | None,
    outcome: PassOutcome,
) -> Unreconciled | None:
    identity = item.identity
    if not identity.is_gs1:
        return Unreconciled.NOT_GS1
    if portal is None:
        return Unreconciled.UNKNOWN_PORTAL
    if item.direction is PassDirection.UNKNOWN:
        return Unreconciled.UNKNOWN_DIRECTION
    _, target = _sides(portal, item.direction)
    if target is None:
        return Unreconciled.NO_LOCATION
    spec = MovementSpec(
        occurred_at=item.last_seen_at,
        source=MovementSource.RFID,
        to_location_id=target,
        portal_id=portal.id,
        direction=Direction(str(item.direction)),
        gateway_id=batch.gateway_id,
    )
    if identity.sscc is not None:
        return await _container_pass(session, identity.sscc, item, spec, outcome)
    return await _item_pass(session, item, spec, outcome)


def _count(outcome: PassOutcome, *, duplicate: bool) -> None:
    if duplicate:
        outcome.duplicates += 1
    else:
        outcome.moved += 1


async def _container_pass(
    session: AsyncSession, sscc: str, item: PortalPass, spec: MovementSpec, outcome: PassOutcome
) -> Unreconciled | None:
    container = await session.scalar(
        select(Container).where(Container.sscc == sscc).with_for_update()
    )
    if container is None:
        return Unreconciled.UNKNOWN_EPC
    moved = await move_container(session, container, item.event_id, spec)
    _count(outcome, duplicate=moved is None)
    return None


async def _item_pass(
    session: AsyncSession, item: PortalPass, spec: MovementSpec, outcome: PassOutcome
) -> Unreconciled | None:
    identity = item.identity
    if identity.gtin is None or identity.serial is None:
        return Unreconciled.UNKNOWN_EPC
    found = await session.scalar(
        select(Item).where(Item.gtin == identity.gtin, Item.serial == identity.serial)
    )
    if found is None:
        return Unreconciled.UNKNOWN_EPC
    assert spec.to_location_id is not None  # noqa: S101 - checked by the caller
    if await _carried(session, found, item, spec.to_location_id):
        outcome.carried += 1
        return None
    result = await move_item(session, found.id, item.event_id, spec)
    _count(outcome, duplicate=result.duplicate)
    return None


async def _carried(session: AsyncSession, found: Item, item: PortalPass, target: int) -> bool:
    """True if the item's container carried it through (its own pass adds nothing)."""
    if found.container_id is not None and item.aggregation_parent_sscc is not None:
        parent = await session.scalar(
            select(Container.sscc).where(Container.id == found.container_id)
        )
        if parent == item.aggregation_parent_sscc:
            return True
    return (
        found.current_location_id == target
        and found.current_since is not None
        and abs(found.current_since - item.last_seen_at) <= CARRIED_WITHIN
    )


async def record_alarms(session: AsyncSession, batch: AlarmBatch) -> int:
    """Store hold alarms (idempotent by event id); returns how many were new."""
    new = 0
    for alarm in batch.alarms:
        inserted = await session.scalar(
            pg_insert(HoldAlarmRecord)
            .values(
                event_id=alarm.event_id,
                pass_event_id=alarm.pass_event_id,
                gateway_id=batch.gateway_id,
                portal_code=alarm.portal_id,
                epc=alarm.epc,
                pure_uri=alarm.pure_uri,
                reason=str(alarm.reason),
                lot_number=alarm.lot_number,
                seen_at=alarm.seen_at,
                raised_at=alarm.raised_at,
            )
            .on_conflict_do_nothing(index_elements=["event_id"])
            .returning(HoldAlarmRecord.id)
        )
        if inserted is not None:
            new += 1
            logger.error(
                "hold alarm from %s: %s (%s) left through %s",
                batch.gateway_id,
                alarm.pure_uri,
                alarm.reason,
                alarm.portal_id,
            )
    return new
