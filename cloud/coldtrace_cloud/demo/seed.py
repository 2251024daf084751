"""Seed the demo world through the same services the API uses (so it is audited too).

Idempotent: if the demo site exists, nothing is done. Lots are received by GS1 scan (bracketed
form) at the demo site's cold room, released by QA, and three shipments are made: one delivered
to a hospital, one in transit to another, one still planned.
"""

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor
from coldtrace_cloud.auth import service as users
from coldtrace_cloud.auth.roles import Role
from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.consignees.models import Consignee, ConsigneeKind
from coldtrace_cloud.consignees.service import create_consignee
from coldtrace_cloud.demo import data
from coldtrace_cloud.demo.sensors import seed_sensors
from coldtrace_cloud.locations import service as places
from coldtrace_cloud.locations.models import Location, Site
from coldtrace_cloud.lots import flows as lot_flows
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.products import service as catalog
from coldtrace_cloud.receiving.service import ReceivingPoint, receive_scan
from coldtrace_cloud.shipments import flows as shipping
from coldtrace_cloud.shipments import loading
from coldtrace_cloud.shipments.service import create_shipment

logger = logging.getLogger(__name__)
_ACTOR = Actor.system("demo")
_ALL = AccessScope.everything()


@dataclass
class DemoSummary:
    """What was seeded (empty when the demo world already existed)."""

    created: bool
    users: list[str] = field(default_factory=list)
    lots: int = 0
    items: int = 0
    shipments: list[str] = field(default_factory=list)
    sensors: list[str] = field(default_factory=list)


async def _sites(session: AsyncSession) -> dict[str, tuple[Site, dict[str, Location]]]:
    built = {}
    for code, name, timezone, region in data.SITES:
        site = await places.create_site(
            session, _ACTOR, code=code, name=name, timezone=timezone, region=region, gln=None
        )
        locations = {
            loc_code: await places.create_location(
                session, _ACTOR, site, code=loc_code, name=loc_name, kind=kind, sgln=None
            )
            for loc_code, loc_name, kind in data.LOCATIONS
        }
        await places.create_portal(
            session,
            _ACTOR,
            site,
            code="portal-dock-1",
            name="Dock door 1 portal",
            door="dock-1",
            outside=None,
            inside="cold-room-1",
            reader_host="127.0.0.1",
            reader_port=5084,
            gateway_id="gw-demo-1" if code == "site-demo" else None,
            antennas=[places.AntennaSpec(1, "outside"), places.AntennaSpec(2, "inside")],
        )
        built[code] = (site, locations)
    return built


async def _users(session: AsyncSession, password: str) -> list[str]:
    names = []
    for username, display_name, role in data.USERS:
        user = await users.create_user(
            session,
            _ACTOR,
            username=username,
            display_name=display_name,
            role=role,
            password=None if role == Role.GATEWAY else password,
        )
        if role != Role.ADMIN:
            scope = "site" if role == Role.GATEWAY else "region"
            value = "site-demo" if role == Role.GATEWAY else "*"
            await users.add_grant(session, _ACTOR, user, scope=scope, value=value)
            await users.add_grant(session, _ACTOR, user, scope="category", value="*")
        names.append(username)
    return names


async def _receive_lots(
    session: AsyncSession, cold_room: Location, supplier: Consignee, today: date
) -> list[Lot]:
    lots = []
    point = ReceivingPoint(location=cold_room, source=supplier)
    received_at = datetime.now(UTC) - timedelta(days=3)
    for index, spec in enumerate(data.PRODUCTS):
        gtin = data.demo_gtin(spec.item_reference)
        for batch in range(2):
            lot_number = f"L{today:%y%m}{index}{batch}"
            expiry = (today + timedelta(days=30 + 120 * batch + 40 * index)).strftime("%y%m%d")
            lot = None
            for serial in range(1, data.ITEMS_PER_LOT + 1):
                scan = f"(01){gtin}(17){expiry}(10){lot_number}(21){index}{batch}{serial:04d}"
                received = await receive_scan(
                    session, _ACTOR, _ALL, scan=scan, point=point, at=received_at
                )
                lot = received.lot
            assert lot is not None  # noqa: S101  # ITEMS_PER_LOT > 0
            lots.append(lot)
    return lots


async def seed_demo(session: AsyncSession, *, password: str) -> DemoSummary:
    """Create the demo world in ``session`` (the caller commits); skip if it exists."""
    if await session.scalar(select(Site.id).where(Site.code == data.SITES[0][0])) is not None:
        logger.info("demo data already present")
        return DemoSummary(created=False)
    today = datetime.now(UTC).date()
    for profile in data.PROFILES:
        await catalog.create_profile(
            session,
            _ACTOR,
            code=profile.code,
            name=profile.name,
            temperature_min_c=profile.temperature_min_c,
            temperature_max_c=profile.temperature_max_c,
        )
    for spec in data.PRODUCTS:
        await catalog.create_product(
            session,
            _ACTOR,
            gtin=data.demo_gtin(spec.item_reference),
            description=spec.description,
            category=spec.category,
            profile_code=spec.profile,
        )
    consignees = {
        code: await create_consignee(
            session, _ACTOR, code=code, kind=ConsigneeKind(kind), name=name, country=country
        )
        for code, name, kind, country in data.CONSIGNEES
    }
    sites = await _sites(session)
    summary = DemoSummary(created=True, users=await _users(session, password))
    demo_site, demo_locations = sites["site-demo"]
    lots = await _receive_lots(
        session, demo_locations["cold-room-1"], consignees["mfr-demo"], today
    )
    for lot in lots[:-1]:  # the last lot stays quarantined, for QA to look at
        await lot_flows.release(session, _ACTOR, lot, reason="incoming inspection passed")
    summary.lots, summary.items = len(lots), len(lots) * data.ITEMS_PER_LOT
    plans = (
        ("SHP-DEMO-001", "hosp-charite", 2),
        ("SHP-DEMO-002", "hosp-aarhus", 1),
        ("SHP-DEMO-003", "pharm-central", 0),
    )
    departed = datetime.now(UTC) - timedelta(days=2)
    for (code, consignee, steps), lot in zip(plans, lots, strict=False):
        shipment = await create_shipment(
            session,
            _ACTOR,
            code=code,
            origin_site_id=demo_site.id,
            destination_consignee_id=consignees[consignee].id,
            destination_site_id=None,
            carrier="Demo Cold Logistics",
            vehicle_location_id=demo_locations["truck-1"].id,
            planned_departure_at=departed,
            planned_arrival_at=departed + timedelta(days=1),
        )
        await loading.add_lot_quantity(session, _ACTOR, shipment, lot, 4)
        if steps >= 1:
            await shipping.start_loading(session, _ACTOR, shipment)
            await shipping.dispatch(session, _ACTOR, shipment, at=departed)
        if steps >= 2:
            await shipping.deliver(
                session,
                _ACTOR,
                shipment,
                at=departed + timedelta(hours=20),
                receiving_location_id=None,
            )
        summary.shipments.append(code)
    summary.sensors = await seed_sensors(session, _ACTOR, demo_locations)
    return summary
