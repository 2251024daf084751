"""Master data for RFID tests: a site with a dock door portal, pallets (SSCC) packed with cases
(SGTIN), all with the simulator's EPCs, created through the real services."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor
from coldtrace_cloud.containers.models import ContainerKind
from coldtrace_cloud.containers.service import create_container, pack
from coldtrace_cloud.items.service import new_item
from coldtrace_cloud.locations import service as places
from coldtrace_cloud.locations.models import LocationKind
from coldtrace_cloud.lots.flows import LotStatus
from coldtrace_cloud.lots.service import create_lot
from coldtrace_cloud.products import service as catalog
from coldtrace_protocol.identifiers import Sgtin96, Sscc96, decode_epc_bytes
from coldtrace_sim.rfworld.epcs import DEMO_COMPANY_PREFIX, case_epc, pallet_epc

ACTOR = Actor.system("rfid-tests")
SITE = "site-rfid"


@dataclass
class RfidWorld:
    """Location ids by code, and per pallet SSCC-18 its case item ids."""

    locations: dict[str, int] = field(default_factory=dict)
    pallets: dict[str, list[int]] = field(default_factory=dict)


async def build(
    session: AsyncSession,
    pallets: dict[str, int],
    product: str = "012345",
    gateway_id: str | None = None,
) -> RfidWorld:
    """Site, dock-1 | door-1 | cold-room-1, portal door-1 (served by ``gateway_id``), and pallets
    of ``cases`` cases.

    ``pallets`` maps the simulator's serial reference of a pallet to its case count; case
    serials run on from 1 across pallets, as ``first_serial`` in the scenario must.
    """
    world = RfidWorld()
    await catalog.create_profile(
        session, ACTOR, code="2-8C", name="2-8", temperature_min_c=2.0, temperature_max_c=8.0
    )
    case_gtin = _sgtin(case_epc(DEMO_COMPANY_PREFIX, product, 1)).gtin
    product_row = await catalog.create_product(
        session, ACTOR, gtin=case_gtin, description="case", category="devices", profile_code="2-8C"
    )
    lot = await create_lot(
        session,
        ACTOR,
        product_row,
        lot_number="L1",
        expiry_date=date(2030, 1, 1),
        production_date=None,
        status=LotStatus.RELEASED,
    )
    site = await places.create_site(
        session, ACTOR, code=SITE, name=SITE, timezone="UTC", region=None, gln=None
    )
    kinds = {"dock-1": LocationKind.DOCK_DOOR, "door-1": LocationKind.DOCK_DOOR}
    for code in ("dock-1", "door-1", "cold-room-1"):
        row = await places.create_location(
            session, ACTOR, site, code=code, name=code,
            kind=kinds.get(code, LocationKind.COLD_ROOM), sgln=None,
        )  # fmt: skip
        world.locations[code] = row.id
    await places.create_portal(
        session, ACTOR, site, code="door-1", name="door 1", door="door-1", outside="dock-1",
        inside="cold-room-1", reader_host="127.0.0.1", reader_port=5084, gateway_id=gateway_id,
        antennas=[places.AntennaSpec(1, "outside"), places.AntennaSpec(2, "inside")],
    )  # fmt: skip
    serial = 1
    at = datetime(2026, 1, 1, tzinfo=UTC)
    for reference, cases in pallets.items():
        sscc = _sscc(pallet_epc(DEMO_COMPANY_PREFIX, reference)).sscc
        container = await create_container(
            session,
            ACTOR,
            sscc=sscc,
            kind=ContainerKind.PALLET,
            location_id=world.locations["dock-1"],
        )
        items = []
        for _ in range(cases):
            sgtin = _sgtin(case_epc(DEMO_COMPANY_PREFIX, product, serial))
            item = new_item(lot, sgtin.gtin, str(sgtin.serial), DEMO_COMPANY_PREFIX)
            session.add(item)
            items.append(item)
            serial += 1
        await session.flush()
        await pack(session, ACTOR, container, item_ids=[i.id for i in items], children=[], at=at)
        world.pallets[sscc] = [i.id for i in items]
    await session.commit()
    return world


def _sgtin(epc: bytes) -> Sgtin96:
    decoded = decode_epc_bytes(epc)
    assert isinstance(decoded, Sgtin96)
    return decoded


def _sscc(epc: bytes) -> Sscc96:
    decoded = decode_epc_bytes(epc)
    assert isinstance(decoded, Sscc96)
    return decoded
