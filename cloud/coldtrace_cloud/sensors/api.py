"""Routes of sensors and their bindings (thin: the work is in ``service``)."""

from datetime import datetime
from typing import Annotated, Self

from fastapi import APIRouter, Path, Query
from pydantic import AwareDatetime, BaseModel, ConfigDict, model_validator

from coldtrace_cloud.api.deps import SessionDep
from coldtrace_cloud.auth.deps import ManageSites, ReadSites
from coldtrace_cloud.locations.service import location_by_id
from coldtrace_cloud.schemas.fields import Code, Id, Limit, Name
from coldtrace_cloud.schemas.page import Page, to_page
from coldtrace_cloud.schemas.problems import AUTHED
from coldtrace_cloud.sensors import service
from coldtrace_cloud.sensors.models import SensorKind
from coldtrace_cloud.shipments.service import get_shipment

router = APIRouter(prefix="/sensors", tags=["sensors"], responses=AUTHED)
CodePath = Annotated[Code, Path()]


class SensorIn(BaseModel):
    """A new sensor."""

    code: Code
    kind: SensorKind
    model: Name | None = None
    gateway_id: Code | None = None


class SensorOut(BaseModel):
    """A sensor."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    kind: SensorKind
    model: str | None
    gateway_id: str | None
    created_at: datetime


class BindingIn(BaseModel):
    """Bind the sensor to a location or a shipment from ``valid_from`` on."""

    valid_from: AwareDatetime
    location_id: Id | None = None
    shipment_code: Code | None = None

    @model_validator(mode="after")
    def _one_target(self) -> Self:
        if (self.location_id is None) == (self.shipment_code is None):
            raise ValueError("give location_id or shipment_code")
        return self


class BindingOut(BaseModel):
    """A binding over ``[valid_from, valid_to)``."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    sensor_id: int
    location_id: int | None
    shipment_id: int | None
    valid_from: datetime
    valid_to: datetime | None


@router.get("")
async def get_sensors(
    _: ReadSites,
    session: SessionDep,
    gateway_id: Code | None = None,
    kind: SensorKind | None = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
) -> Page[SensorOut]:
    """Sensors."""
    found = await service.list_sensors(
        session, gateway_id=gateway_id, kind=kind, cursor=cursor, limit=limit
    )
    return to_page(found, SensorOut)


@router.post("", status_code=201)
async def post_sensor(body: SensorIn, principal: ManageSites, session: SessionDep) -> SensorOut:
    """Register a sensor."""
    sensor = await service.register_sensor(session, principal.actor, **body.model_dump())
    await session.commit()
    return SensorOut.model_validate(sensor)


@router.get("/{code}/bindings")
async def get_bindings(code: CodePath, _: ReadSites, session: SessionDep) -> list[BindingOut]:
    """The sensor's bindings over time."""
    sensor = await service.get_sensor(session, code)
    return [BindingOut.model_validate(b) for b in await service.bindings_of(session, sensor)]


@router.post("/{code}/bindings", status_code=201)
async def post_binding(
    code: CodePath, body: BindingIn, principal: ManageSites, session: SessionDep
) -> BindingOut:
    """Bind the sensor (its open binding ends at ``valid_from``)."""
    sensor = await service.get_sensor(session, code)
    location = (
        await location_by_id(session, principal.scope, body.location_id)
        if body.location_id is not None
        else None
    )
    shipment = (
        await get_shipment(session, principal.scope, body.shipment_code)
        if body.shipment_code is not None
        else None
    )
    binding = await service.bind(
        session,
        principal.actor,
        sensor,
        valid_from=body.valid_from,
        location_id=location.id if location else None,
        shipment_id=shipment.id if shipment else None,
    )
    await session.commit()
    return BindingOut.model_validate(binding)
