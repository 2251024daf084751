"""Routes of sites, locations and portals (thin: the work is in ``service``)."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from coldtrace_cloud.api.deps import SessionDep
from coldtrace_cloud.auth.deps import ManageSites, ReadSites
from coldtrace_cloud.locations import service
from coldtrace_cloud.locations.models import Antenna, LocationKind, Portal
from coldtrace_cloud.locations.schemas import (
    AntennaIn,
    LocationIn,
    LocationOut,
    PortalIn,
    PortalOut,
    SiteIn,
    SiteOut,
)
from coldtrace_cloud.rfid.health import site_portal_health
from coldtrace_cloud.rfid.schemas import PortalHealthOut
from coldtrace_cloud.schemas.fields import Code, Limit
from coldtrace_cloud.schemas.page import Page, to_page
from coldtrace_cloud.schemas.problems import AUTHED

router = APIRouter(prefix="/sites", tags=["sites"], responses=AUTHED)
SitePath = Annotated[Code, Path()]


def _portal_out(portal: Portal, antennas: list[Antenna]) -> PortalOut:
    return PortalOut(
        id=portal.id,
        site_id=portal.site_id,
        code=portal.code,
        name=portal.name,
        door_location_id=portal.door_location_id,
        outside_location_id=portal.outside_location_id,
        inside_location_id=portal.inside_location_id,
        reader_host=portal.reader_host,
        reader_port=portal.reader_port,
        gateway_id=portal.gateway_id,
        antennas=[AntennaIn.model_validate(a) for a in antennas],
    )


@router.get("")
async def get_sites(
    principal: ReadSites,
    session: SessionDep,
    region: Code | None = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
) -> Page[SiteOut]:
    """Sites the caller is granted."""
    found = await service.list_sites(
        session, principal.scope, region=region, cursor=cursor, limit=limit
    )
    return to_page(found, SiteOut)


@router.post("", status_code=201)
async def post_site(body: SiteIn, principal: ManageSites, session: SessionDep) -> SiteOut:
    """Create a site."""
    site = await service.create_site(session, principal.actor, **body.model_dump())
    await session.commit()
    return SiteOut.model_validate(site)


@router.get("/{site}")
async def get_site(site: SitePath, principal: ReadSites, session: SessionDep) -> SiteOut:
    """One site."""
    return SiteOut.model_validate(await service.get_site(session, principal.scope, site))


@router.get("/{site}/locations")
async def get_locations(
    site: SitePath, principal: ReadSites, session: SessionDep, kind: LocationKind | None = None
) -> list[LocationOut]:
    """A site's locations."""
    found = await service.get_site(session, principal.scope, site)
    rows = await service.list_locations(session, found, kind=kind)
    return [LocationOut.model_validate(r) for r in rows]


@router.post("/{site}/locations", status_code=201)
async def post_location(
    site: SitePath, body: LocationIn, principal: ManageSites, session: SessionDep
) -> LocationOut:
    """Create a location in a site."""
    found = await service.get_site(session, principal.scope, site)
    location = await service.create_location(
        session,
        principal.actor,
        found,
        code=body.code,
        name=body.name,
        kind=body.kind,
        sgln=body.sgln,
    )
    await session.commit()
    return LocationOut.model_validate(location)


@router.get("/{site}/portals")
async def get_portals(site: SitePath, principal: ReadSites, session: SessionDep) -> list[PortalOut]:
    """A site's RFID portals and their antennas."""
    found = await service.get_site(session, principal.scope, site)
    return [_portal_out(p, a) for p, a in await service.list_portals(session, found)]


@router.get("/{site}/portals/health")
async def get_portal_health(
    site: SitePath, principal: ReadSites, session: SessionDep
) -> list[PortalHealthOut]:
    """Per portal: its last pass, and its readers' state as their gateways last reported it."""
    found = await service.get_site(session, principal.scope, site)
    return [PortalHealthOut.of(h) for h in await site_portal_health(session, found)]


@router.post("/{site}/portals", status_code=201)
async def post_portal(
    site: SitePath, body: PortalIn, principal: ManageSites, session: SessionDep
) -> PortalOut:
    """Create a portal with its antennas."""
    found = await service.get_site(session, principal.scope, site)
    portal, antennas = await service.create_portal(
        session,
        principal.actor,
        found,
        code=body.code,
        name=body.name,
        door=body.door_location,
        outside=body.outside_location,
        inside=body.inside_location,
        reader_host=body.reader_host,
        reader_port=body.reader_port,
        gateway_id=body.gateway_id,
        antennas=[service.AntennaSpec(a.port, str(a.zone), a.tx_power_dbm) for a in body.antennas],
    )
    await session.commit()
    return _portal_out(portal, antennas)
