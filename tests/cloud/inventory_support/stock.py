"""Stock for the shipment, inventory and trace tests, received by scan through the service."""

import asyncio
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.consignees.models import Consignee
from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.locations.models import Location
from coldtrace_cloud.lots import flows
from coldtrace_cloud.receiving.service import ReceivingPoint, receive_scan
from tests.cloud.inventory_support.world import ACTOR, DEVICE_GTIN, VACCINE_GTIN, World

if TYPE_CHECKING:
    from coldtrace_cloud.lots.models import Lot


@dataclass(frozen=True)
class LotRef:
    """A received lot: id, number, expiry and its items (serial -> item id)."""

    id: int
    number: str
    expiry: date
    items: dict[str, int]


@dataclass(frozen=True)
class Stock:
    """Lots in stock at site ``north`` (cold room unless said otherwise)."""

    late: LotRef  # vaccine, released, later expiry
    early: LotRef  # vaccine, released, earlier expiry
    held: LotRef  # vaccine, quarantined
    soon: LotRef  # vaccine, released, expires in 10 days
    past: LotRef  # vaccine, released but past its expiry date
    caged: LotRef  # vaccine, released, in the quarantine cage
    device: LotRef  # device, released


async def _stock(database_url: str, world: World) -> Stock:
    today = datetime.now(UTC).date()
    engine = create_async_engine(database_url)
    refs = {}
    try:
        async with make_sessionmaker(engine)() as session:
            supplier = await session.scalar(select(Consignee).where(Consignee.code == "mfr-1"))
            for name, gtin, days, count, location, release in (
                ("late", VACCINE_GTIN, 900, 6, "cold", True),
                ("early", VACCINE_GTIN, 400, 4, "cold", True),
                ("held", VACCINE_GTIN, 200, 3, "cold", False),
                ("soon", VACCINE_GTIN, 10, 2, "cold", True),
                ("past", VACCINE_GTIN, -5, 2, "cold", True),
                ("caged", VACCINE_GTIN, 100, 2, "quar", True),
                ("device", DEVICE_GTIN, 700, 3, "ambient", True),
            ):
                where = await session.get_one(Location, world.north.locations[location])
                point = ReceivingPoint(location=where, source=supplier)
                expiry = today + timedelta(days=days)
                items = {}
                lot: Lot | None = None
                for n in range(count):
                    serial = f"{name.upper()}{n:03d}"
                    scan = f"(01){gtin}(17){expiry:%y%m%d}(10){name.upper()}-1(21){serial}"
                    got = await receive_scan(
                        session,
                        ACTOR,
                        AccessScope.everything(),
                        scan=scan,
                        point=point,
                        at=datetime.now(UTC) - timedelta(hours=2),
                    )
                    assert got.item is not None
                    items[serial] = got.item.id
                    lot = got.lot
                assert lot is not None
                if release:
                    await flows.release(session, ACTOR, lot, reason="test stock")
                refs[name] = LotRef(lot.id, lot.lot_number, expiry, items)
            await session.commit()
    finally:
        await engine.dispose()
    return Stock(**refs)


def stock_up(database_url: str, world: World) -> Stock:
    """Receive the test stock (synchronously, for module-scoped fixtures)."""
    return asyncio.run(_stock(database_url, world))
