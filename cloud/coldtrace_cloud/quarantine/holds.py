"""The hold list of a site: every tagged item on site whose lot is quarantined or recalled.

The RFID helper's ``rfid/holds_publisher.py`` did not exist when this was written, so the list is
built here; publishing it (retained, MQTT 5 §3.3.1.3) on each gateway's ``holds`` topic is the
job of a publisher that listens on ``HOLDS_CHANNEL`` (``exposure.announce_holds``).
"""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.items.models import Item
from coldtrace_cloud.locations.models import Site
from coldtrace_cloud.lots.flows import LotStatus
from coldtrace_cloud.lots.models import Lot
from coldtrace_protocol.holds import Hold, HoldList, HoldReason

_REASONS = {
    str(LotStatus.QUARANTINED): HoldReason.QUARANTINED,
    str(LotStatus.RECALLED): HoldReason.RECALLED,
    str(LotStatus.REJECTED): HoldReason.REJECTED,
}


async def site_hold_list(session: AsyncSession, site: Site, version: int) -> HoldList:
    """The complete hold list for ``site`` (a list, not a delta: a gateway is right at once)."""
    rows = (
        await session.execute(
            select(Item.epc_uri, Item.gtin, Lot.lot_number, Lot.status)
            .join(Lot, Lot.id == Item.lot_id)
            .where(
                Item.current_site_id == site.id,
                Item.epc_uri.is_not(None),
                Lot.status.in_(list(_REASONS)),
            )
            .order_by(Item.epc_uri)
        )
    ).all()
    return HoldList(
        site_id=site.code,
        issued_at=datetime.now(UTC),
        version=version,
        holds=[
            Hold(pure_uri=uri, reason=_REASONS[status], lot_number=lot_number, gtin=gtin)
            for uri, gtin, lot_number, status in rows
            if uri is not None
        ],
    )
