"""Sensor queries and audited changes from the API: register a sensor, bind it over time."""

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor, AuditAction, record, snapshot
from coldtrace_cloud.errors import ConflictError, NotFoundError
from coldtrace_cloud.schemas.page import Slice, cursor_int, slice_of
from coldtrace_cloud.sensors.models import Sensor, SensorBinding, SensorKind


async def list_sensors(
    session: AsyncSession,
    *,
    gateway_id: str | None,
    kind: SensorKind | None,
    cursor: str | None,
    limit: int,
) -> Slice[Sensor]:
    """Sensors by id, filtered."""
    query = select(Sensor).order_by(Sensor.id).limit(limit + 1)
    after = cursor_int(cursor)
    if after is not None:
        query = query.where(Sensor.id > after)
    if gateway_id is not None:
        query = query.where(Sensor.gateway_id == gateway_id)
    if kind is not None:
        query = query.where(Sensor.kind == str(kind))
    return slice_of((await session.scalars(query)).all(), limit, lambda s: [s.id])


async def get_sensor(session: AsyncSession, code: str) -> Sensor:
    """Sensor ``code``."""
    sensor = await session.scalar(select(Sensor).where(Sensor.code == code))
    if sensor is None:
        raise NotFoundError("no such sensor", sensor=code)
    return sensor


async def register_sensor(
    session: AsyncSession,
    actor: Actor,
    *,
    code: str,
    kind: SensorKind,
    model: str | None,
    gateway_id: str | None,
) -> Sensor:
    """A new sensor (its code is the ``sensor_id`` gateways send)."""
    if await session.scalar(select(Sensor.id).where(Sensor.code == code)) is not None:
        raise ConflictError("sensor code is taken", sensor=code)
    sensor = Sensor(code=code, kind=str(kind), model=model, gateway_id=gateway_id)
    session.add(sensor)
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        entity_type="sensor",
        entity_id=sensor.id,
        new=snapshot(sensor, ("code", "kind", "model", "gateway_id")),
    )
    return sensor


async def bindings_of(session: AsyncSession, sensor: Sensor) -> list[SensorBinding]:
    """The sensor's bindings, oldest first."""
    query = select(SensorBinding).where(SensorBinding.sensor_id == sensor.id)
    return list((await session.scalars(query.order_by(SensorBinding.valid_from))).all())


async def bind(
    session: AsyncSession,
    actor: Actor,
    sensor: Sensor,
    *,
    valid_from: datetime,
    location_id: int | None,
    shipment_id: int | None,
) -> SensorBinding:
    """Bind from ``valid_from`` on, closing the open binding then (bindings never overlap)."""
    if (location_id is None) == (shipment_id is None):
        raise ConflictError("bind to exactly one location or shipment", sensor=sensor.code)
    later = await session.scalar(
        select(SensorBinding.id).where(
            SensorBinding.sensor_id == sensor.id, SensorBinding.valid_from >= valid_from
        )
    )
    if later is not None:
        raise ConflictError("the sensor has a binding from this time on", sensor=sensor.code)
    await session.execute(
        update(SensorBinding)
        .where(SensorBinding.sensor_id == sensor.id, SensorBinding.valid_to.is_(None))
        .values(valid_to=valid_from)
    )
    binding = SensorBinding(
        sensor_id=sensor.id, location_id=location_id, shipment_id=shipment_id, valid_from=valid_from
    )
    session.add(binding)
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        entity_type="sensor_binding",
        entity_id=binding.id,
        new=snapshot(binding, ("sensor_id", "location_id", "shipment_id", "valid_from")),
    )
    return binding
