"""A transit logger read out after delivery carries a 3-hour excursion in the past: the
shipment's lot is quarantined retroactively, with every serial that rode along exposed."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.consignees.models import Consignee
from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.excursions.models import Excursion
from coldtrace_cloud.excursions.rules import TEMPLATES
from coldtrace_cloud.excursions.rulesets import set_rules, watch
from coldtrace_cloud.ingest.pipeline import IngestPipeline
from coldtrace_cloud.locations.models import Location
from coldtrace_cloud.lots import flows
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.products.service import get_profile
from coldtrace_cloud.quarantine.ledger import lot_exposure
from coldtrace_cloud.receiving.service import ReceivingPoint, receive_scan
from coldtrace_cloud.sensors.models import SensorKind
from coldtrace_cloud.sensors.service import bind, register_sensor
from coldtrace_cloud.settings import Settings
from coldtrace_cloud.shipments.models import Shipment
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_protocol.telemetry import ReadingSource
from tests.cloud.excursions.engine_support import delivery, readings
from tests.cloud.inventory_support.client import api_client, bearer
from tests.cloud.inventory_support.world import ACTOR, VACCINE_GTIN, World, build_world

NOW = datetime.now(UTC).replace(microsecond=0)


def ago(minutes: int) -> str:
    return (NOW - timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")


@pytest.fixture(scope="module")
def world(database_url: str) -> World:
    return build_world(database_url)


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_async_engine(database_url)
    try:
        yield make_sessionmaker(engine)
    finally:
        await engine.dispose()


async def receive_trip_lot(sessions: async_sessionmaker[AsyncSession], world: World) -> int:
    """Four serials of lot TRIP-1 received 10 h ago into north's cold room, released."""
    expiry = (NOW + timedelta(days=300)).date()
    async with sessions.begin() as session:
        cold = await session.get_one(Location, world.north.locations["cold"])
        supplier = await session.scalar(select(Consignee).where(Consignee.code == "mfr-1"))
        lot = None
        for n in range(4):
            scan = f"(01){VACCINE_GTIN}(17){expiry:%y%m%d}(10)TRIP-1(21)TRIP{n:03d}"
            got = await receive_scan(
                session,
                ACTOR,
                AccessScope.everything(),
                scan=scan,
                point=ReceivingPoint(location=cold, source=supplier),
                at=NOW - timedelta(hours=10),
            )
            lot = got.lot
        assert lot is not None
        await flows.release(session, ACTOR, lot, reason="test stock")
        return lot.id


async def test_a_logger_dump_quarantines_the_shipment_lot_retroactively(
    cloud_settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    world: World,
) -> None:
    lot_id = await receive_trip_lot(sessions, world)
    ship = bearer(world.token("logistics"))
    async with api_client(cloud_settings) as api:
        body = {"code": "TRIP-SHP", "origin_site": "north", "destination_consignee": "hosp-1"}
        assert (await api.post("/shipments", json=body, headers=ship)).status_code == 201
        added = await api.post(
            "/shipments/TRIP-SHP/contents", json={"lot_id": lot_id, "quantity": 4}, headers=ship
        )
        assert added.json() == {"added": 4}
        for status, at in (("loading", None), ("in_transit", ago(8 * 60)), ("delivered", ago(30))):
            moved = await api.post(
                "/shipments/TRIP-SHP/transitions",
                json={"status": status} | ({"at": at} if at else {}),
                headers=ship,
            )
            assert moved.status_code == 200, moved.text
    async with sessions.begin() as session:
        shipment = await session.scalar(select(Shipment).where(Shipment.code == "TRIP-SHP"))
        assert shipment is not None
        profile = await get_profile(session, "2-8C")
        await set_rules(session, ACTOR, profile, TEMPLATES["2-8C"], reason="logger test")
        logger = await register_sensor(
            session, ACTOR, code="TL-0001", kind=SensorKind.LOGGER, model=None, gateway_id="gw-dock"
        )
        await bind(
            session,
            ACTOR,
            logger,
            valid_from=NOW - timedelta(hours=8),
            location_id=None,
            shipment_id=shipment.id,
        )
        await watch(session, ACTOR, profile, shipment_id=shipment.id)
        shipment_id = shipment.id
    # Every 5 min for 7 h: 2 h at 5 °C, 3 h at 12 °C, 2 h at 5 °C; read out after delivery.
    values = [5.0] * 24 + [12.0] * 36 + [5.0] * 24
    dump = readings(
        "TL-0001",
        NOW - timedelta(hours=7, minutes=30),
        values,
        step=timedelta(minutes=5),
        source=ReadingSource.LOGGER,
    )
    async with sessions() as session:
        assert (await session.get_one(Lot, lot_id)).status == "released"
    prefix = cloud_settings.mqtt_topic_prefix
    async with InfluxClient(cloud_settings.influx_url, cloud_settings.influx_database) as influx:
        await IngestPipeline(sessions, influx, prefix).store([delivery(prefix, 1, dump)])
    async with sessions() as session:
        lot = await session.get_one(Lot, lot_id)
        assert lot.status == "quarantined"
        excursion = await session.scalar(
            select(Excursion).where(
                Excursion.shipment_id == shipment_id, Excursion.kind == "temperature"
            )
        )
        assert excursion is not None
        assert excursion.started_at == dump[24].measured_at
        assert excursion.ended_at == dump[60].measured_at
        assert excursion.out_of_range_s == pytest.approx(3 * 3600)
        ledger = await lot_exposure(session, lot_id)
        assert len(ledger.serials) == 4
        assert ledger.consumed_s == pytest.approx(3 * 3600)
