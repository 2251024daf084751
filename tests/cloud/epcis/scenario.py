"""A realistic history through the real services and API: receive, pack, ship, deliver, hold.

Stock is received two hours ago (``stock_up``); a pallet with a case of the ``late`` lot and
two loose items ships to hospital 1 with a transit logger bound to the shipment, which warms to
11 °C on the way; lot ``early`` is held then rejected, lot ``soon`` is recalled.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from coldtrace_cloud.audit import Actor
from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.sensors.models import SensorKind
from coldtrace_cloud.sensors.service import bind, register_sensor
from coldtrace_cloud.shipments.models import Shipment
from coldtrace_protocol.identifiers import with_check_digit
from coldtrace_protocol.telemetry import Reading
from tests.cloud.inventory_support.client import bearer
from tests.cloud.inventory_support.stock import Stock
from tests.cloud.inventory_support.world import World
from tests.support.readings_store import store_readings

PALLET = with_check_digit("09520123000000001")
CASE = with_check_digit("19520123000000001")
LOGGER = "logger-7"


@dataclass(frozen=True)
class Scenario:
    """When the shipment left and arrived."""

    departed_at: datetime
    arrived_at: datetime


async def _bind_logger(database_url: str, shipment_code: str, at: datetime) -> None:
    engine = create_async_engine(database_url)
    try:
        async with make_sessionmaker(engine).begin() as session:
            actor = Actor.system("tests")
            shipment = await session.scalar(select(Shipment).where(Shipment.code == shipment_code))
            assert shipment is not None
            sensor = await register_sensor(
                session, actor, code=LOGGER, kind=SensorKind.LOGGER, model=None, gateway_id=None
            )
            await bind(
                session, actor, sensor, valid_from=at, location_id=None, shipment_id=shipment.id
            )
    finally:
        await engine.dispose()


async def _readings(database_url: str, influx_url: str, influx_db: str, start: datetime) -> None:
    readings = [
        Reading(
            sensor_id=LOGGER,
            measured_at=start + timedelta(minutes=m),
            received_at=start + timedelta(minutes=m),
            temperature_c=11.0 if 10 <= m < 14 else 5.0,
            humidity_pct=40.0 + m % 5,
        )
        for m in range(30)
    ]
    await store_readings(database_url, influx_url, influx_db, readings)


async def play(
    api: httpx.AsyncClient,
    world: World,
    stock: Stock,
    *,
    database_url: str,
    influx_url: str,
    influx_db: str,
) -> Scenario:
    """Run the scenario through the API (admin token)."""
    headers = bearer(world.token("admin"))
    now = datetime.now(UTC)
    departed, arrived = now - timedelta(minutes=60), now - timedelta(minutes=30)

    async def call(method: str, path: str, **body: object) -> httpx.Response:
        response = await api.request(method, path, json=body, headers=headers)
        assert response.status_code < 300, (path, response.text)
        return response

    await call(
        "POST",
        "/shipments",
        code="SHP-E",
        origin_site="north",
        destination_consignee="hosp-1",
        vehicle_location_id=world.north.locations["truck"],
    )
    for sscc, kind in ((PALLET, "pallet"), (CASE, "case")):
        await call(
            "POST", "/containers", sscc=sscc, kind=kind, location_id=world.north.locations["cold"]
        )
    late = list(stock.late.items.values())
    await call("POST", f"/containers/{CASE}/pack", item_ids=late[2:4])
    await call("POST", f"/containers/{PALLET}/pack", container_ssccs=[CASE])
    await call("POST", "/shipments/SHP-E/contents", container_sscc=PALLET)
    await call("POST", "/shipments/SHP-E/contents", item_ids=late[:2])
    await _bind_logger(database_url, "SHP-E", departed)
    await call("POST", "/shipments/SHP-E/transitions", status="loading")
    await call("POST", "/shipments/SHP-E/transitions", status="in_transit", at=departed.isoformat())
    await _readings(database_url, influx_url, influx_db, departed)
    await call("POST", "/shipments/SHP-E/transitions", status="delivered", at=arrived.isoformat())
    for lot, status in (
        (stock.early, "quarantined"),
        (stock.early, "rejected"),
        (stock.soon, "recalled"),
    ):
        await call("POST", f"/lots/{lot.id}/transitions", status=status, reason="epcis test")
    return Scenario(departed, arrived)
