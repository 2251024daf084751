"""Provision sensors and bind them to a location or a shipment over time."""

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.errors import ConflictError
from coldtrace_cloud.sensors.models import Sensor, SensorBinding, SensorKind


async def ensure_sensor(
    session: AsyncSession,
    code: str,
    kind: SensorKind,
    *,
    gateway_id: str | None = None,
    model: str | None = None,
) -> Sensor:
    """The sensor with ``code``, created if it does not exist yet."""
    sensor = await session.scalar(select(Sensor).where(Sensor.code == code))
    if sensor is None:
        sensor = Sensor(code=code, kind=kind.value, gateway_id=gateway_id, model=model)
        session.add(sensor)
        await session.flush()
    return sensor


async def bind_sensor(
    session: AsyncSession,
    sensor: Sensor,
    valid_from: datetime,
    *,
    location_id: int | None = None,
    shipment_id: int | None = None,
) -> SensorBinding:
    """Bind from ``valid_from`` on, closing the sensor's open binding at that moment."""
    if (location_id is None) == (shipment_id is None):
        raise ConflictError("bind a sensor to exactly one location or shipment", sensor=sensor.code)
    await session.execute(
        update(SensorBinding)
        .where(
            SensorBinding.sensor_id == sensor.id,
            SensorBinding.valid_to.is_(None),
            SensorBinding.valid_from < valid_from,
        )
        .values(valid_to=valid_from)
    )
    binding = SensorBinding(
        sensor_id=sensor.id, location_id=location_id, shipment_id=shipment_id, valid_from=valid_from
    )
    session.add(binding)
    await session.flush()
    return binding
