"""Hold alarms of one site, newest first: held EPCs its portals saw leave, with their lots.

An alarm row keeps what the gateway sent (``HoldAlarmRecord``), not the site: the site is the one
whose portal of that code is served by the alarm's gateway (``Portal.gateway_id``). That is the
association the holds relay uses to send a site's hold list to a gateway, and a gateway raises
alarms only for holds it received, so an alarm cannot belong to another site with a portal of the
same code.

The lot of an alarm is the lot of the item with that EPC now (its status may have changed since
the alarm: QA released it, or a recall caught it). Lots are inventory, narrowed by category
grants, so a caller without ``inventory:read`` or the product's category sees the alarm without
its lot's details (the lot number the gateway's hold list carried stays, like the EPC).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.items.models import Item
from coldtrace_cloud.locations.models import Portal, Site
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.products.models import Product
from coldtrace_cloud.rfid.models import HoldAlarmRecord


@dataclass(frozen=True)
class SiteAlarm:
    """One alarm, the name of its portal, and its lot if the caller may see it."""

    record: HoldAlarmRecord
    portal_name: str
    lot: Lot | None


async def site_hold_alarms(
    session: AsyncSession,
    site: Site,
    *,
    since: datetime | None,
    limit: int,
    lots_scope: AccessScope | None,
) -> list[SiteAlarm]:
    """``site``'s alarms seen at or after ``since``, newest first; lots within ``lots_scope``
    (``None``: the caller may not read inventory, no lot details)."""
    query = (
        select(HoldAlarmRecord, Portal.name)
        .join(
            Portal,
            and_(
                Portal.site_id == site.id,
                Portal.code == HoldAlarmRecord.portal_code,
                Portal.gateway_id == HoldAlarmRecord.gateway_id,
            ),
        )
        .order_by(HoldAlarmRecord.seen_at.desc(), HoldAlarmRecord.id.desc())
        .limit(limit)
    )
    if since is not None:
        query = query.where(HoldAlarmRecord.seen_at >= since)
    rows = (await session.execute(query)).all()
    lots = await _lots(session, {r.pure_uri for r, _ in rows}, lots_scope)
    return [SiteAlarm(record, name, lots.get(record.pure_uri)) for record, name in rows]


async def _lots(session: AsyncSession, uris: set[str], scope: AccessScope | None) -> dict[str, Lot]:
    """Pure identity URI -> the lot of the item with that EPC, for the categories granted."""
    if not uris or scope is None:
        return {}
    found = (
        await session.execute(
            select(Item.epc_uri, Lot)
            .join(Lot, Lot.id == Item.lot_id)
            .join(Product, Product.id == Lot.product_id)
            .where(Item.epc_uri.in_(sorted(uris)), scope.category_filter(Product.category))
        )
    ).all()
    return {uri: lot for uri, lot in found if uri is not None}
