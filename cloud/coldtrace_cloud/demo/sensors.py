"""The demo's sensors: the simulator's probes bound to the demo site's rooms, and its logger."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor
from coldtrace_cloud.demo import data
from coldtrace_cloud.locations.models import Location
from coldtrace_cloud.sensors.models import SensorKind
from coldtrace_cloud.sensors.service import bind, register_sensor
from coldtrace_cloud.shipments.models import Shipment

GATEWAY_ID = "gw-demo-1"


async def seed_sensors(
    session: AsyncSession, actor: Actor, locations: dict[str, Location]
) -> list[str]:
    """Register and bind the demo sensors from three days ago on; returns their codes."""
    since = datetime.now(UTC) - timedelta(days=3)
    codes = []
    for serial, location_code in data.PROBES:
        sensor = await register_sensor(
            session,
            actor,
            code=serial,
            kind=SensorKind.PROBE,
            model="CT-PROBE-TH",
            gateway_id=GATEWAY_ID,
        )
        await bind(
            session,
            actor,
            sensor,
            valid_from=since,
            location_id=locations[location_code].id,
            shipment_id=None,
        )
        codes.append(serial)
    for serial, shipment_code in data.LOGGERS:
        shipment = await session.scalar(select(Shipment).where(Shipment.code == shipment_code))
        sensor = await register_sensor(
            session,
            actor,
            code=serial,
            kind=SensorKind.LOGGER,
            model="CT-LOGGER",
            gateway_id=GATEWAY_ID,
        )
        if shipment is not None:
            await bind(
                session, actor, sensor, valid_from=since, location_id=None, shipment_id=shipment.id
            )
        codes.append(serial)
    return codes
