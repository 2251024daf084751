"""Request and response bodies of the sites, locations and portals API."""

from datetime import datetime
from typing import Annotated
from zoneinfo import available_timezones

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from coldtrace_cloud.locations.models import AntennaZone, LocationKind
from coldtrace_cloud.schemas.fields import Code, Gln13, Name
from coldtrace_protocol.identifiers import validate_gln


def _known_timezone(name: str) -> str:
    if name not in available_timezones():
        raise ValueError("not an IANA time zone name")
    return name


def _gln(value: str) -> str:
    return validate_gln(value)


TimeZone = Annotated[
    str, StringConstraints(min_length=1, max_length=64), AfterValidator(_known_timezone)
]
Gln = Annotated[Gln13, AfterValidator(_gln)]
Sgln = Annotated[str, StringConstraints(max_length=64, pattern=r"^urn:epc:id:sgln:[0-9.]+[!-~]*$")]
Host = Annotated[
    str, StringConstraints(min_length=1, max_length=255, pattern=r"^[A-Za-z0-9.:_-]+$")
]


class SiteIn(BaseModel):
    """A new site."""

    code: Code
    name: Name
    timezone: TimeZone = "UTC"
    region: Code | None = None
    gln: Gln | None = None


class SiteOut(BaseModel):
    """A site."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name: str
    timezone: str
    region: str | None
    gln: str | None
    created_at: datetime


class LocationIn(BaseModel):
    """A new location."""

    code: Code
    name: Name
    kind: LocationKind
    sgln: Sgln | None = None


class LocationOut(BaseModel):
    """A location."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    site_id: int
    code: str
    name: str
    kind: LocationKind
    sgln: str | None


class AntennaIn(BaseModel):
    """An antenna of a new portal."""

    model_config = ConfigDict(from_attributes=True)

    port: int = Field(ge=1, le=65535)
    zone: AntennaZone
    tx_power_dbm: float | None = Field(default=None, ge=-30.0, le=40.0, allow_inf_nan=False)


class PortalIn(BaseModel):
    """A new portal; locations by their codes in the same site."""

    code: Code
    name: Name
    door_location: Code
    outside_location: Code | None = None
    inside_location: Code | None = None
    reader_host: Host | None = None
    reader_port: int = Field(default=5084, ge=1, le=65535)
    gateway_id: Code | None = None
    antennas: list[AntennaIn] = Field(default_factory=list, max_length=32)


class PortalOut(BaseModel):
    """A portal and its antennas."""

    id: int
    site_id: int
    code: str
    name: str
    door_location_id: int
    outside_location_id: int | None
    inside_location_id: int | None
    reader_host: str | None
    reader_port: int
    gateway_id: str | None
    antennas: list[AntennaIn]
