"""``GET /sites/{site}/portals/alarms``: held items that portals saw leave, for the portal page.

Read with ``sites:read`` like the portal health beside it: an alarm is about a door of a site the
caller is granted (403 otherwise, 404 for an unknown site, both problem+json). Lot details follow
the inventory rules (``rfid.alarms``).
"""

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Path, Query
from pydantic import AwareDatetime, BaseModel, Field

from coldtrace_cloud.api.deps import SessionDep
from coldtrace_cloud.auth.deps import ReadSites
from coldtrace_cloud.auth.roles import Permission, allows
from coldtrace_cloud.locations.service import get_site
from coldtrace_cloud.rfid.alarms import SiteAlarm, site_hold_alarms
from coldtrace_cloud.schemas.fields import Code, Limit
from coldtrace_cloud.schemas.problems import AUTHED
from coldtrace_protocol.holds import HoldReason
from coldtrace_protocol.rfid import EpcIdentity

router = APIRouter(prefix="/sites", tags=["sites"], responses=AUTHED)


class HoldAlarmOut(BaseModel):
    """A held EPC seen leaving through a portal, and its lot as it stands now."""

    id: int
    event_id: UUID
    pass_event_id: UUID = Field(description="the portal pass that raised it")
    portal: str
    portal_name: str
    gateway_id: str
    epc: str = Field(description="EPC hex as read")
    pure_uri: str
    gtin: str | None
    serial: str | None
    direction: Literal["outbound"] = Field(
        description="gateways raise hold alarms on outbound passes only"
    )
    hold_reason: HoldReason = Field(description="why the gateway's hold list held it")
    lot_number: str | None
    lot_id: int | None = Field(description="null if unknown or not visible to the caller")
    lot_status: str | None
    lot_status_reason: str | None
    seen_at: datetime = Field(description="when the item went through the portal")
    raised_at: datetime = Field(description="when the gateway raised the alarm")
    recorded_at: datetime = Field(description="when the cloud stored it")

    @classmethod
    def of(cls, alarm: SiteAlarm) -> "HoldAlarmOut":
        """From the service's result."""
        record, lot = alarm.record, alarm.lot
        identity = EpcIdentity.of_hex(record.epc)
        return cls(
            id=record.id,
            event_id=record.event_id,
            pass_event_id=record.pass_event_id,
            portal=record.portal_code,
            portal_name=alarm.portal_name,
            gateway_id=record.gateway_id,
            epc=record.epc,
            pure_uri=record.pure_uri,
            gtin=identity.gtin,
            serial=identity.serial,
            direction="outbound",
            hold_reason=HoldReason(record.reason),
            lot_number=lot.lot_number if lot is not None else record.lot_number,
            lot_id=lot.id if lot is not None else None,
            lot_status=lot.status if lot is not None else None,
            lot_status_reason=lot.status_reason if lot is not None else None,
            seen_at=record.seen_at,
            raised_at=record.raised_at,
            recorded_at=record.recorded_at,
        )


@router.get("/{site}/portals/alarms")
async def get_portal_alarms(
    site: Annotated[Code, Path()],
    principal: ReadSites,
    session: SessionDep,
    since: Annotated[
        AwareDatetime | None, Query(description="only items seen leaving at or after this")
    ] = None,
    limit: Limit = 50,
) -> list[HoldAlarmOut]:
    """Hold alarms of the site's portals, newest first (by when the item left)."""
    found = await get_site(session, principal.scope, site)
    inventory = allows(principal.role, Permission.READ_INVENTORY)
    alarms = await site_hold_alarms(
        session,
        found,
        since=since,
        limit=limit,
        lots_scope=principal.scope if inventory else None,
    )
    return [HoldAlarmOut.of(a) for a in alarms]
