"""Sites, locations and portals: queries filtered by the caller's site grants; audited creates."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor, AuditAction, record, snapshot
from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.errors import ConflictError, NotFoundError, ValidationFailedError
from coldtrace_cloud.locations.models import Antenna, Location, LocationKind, Portal, Site
from coldtrace_cloud.schemas.page import Slice, cursor_int, slice_of


async def list_sites(
    session: AsyncSession, scope: AccessScope, *, region: str | None, cursor: str | None, limit: int
) -> Slice[Site]:
    """Granted sites by id."""
    query = select(Site).where(scope.site_filter(Site.id)).order_by(Site.id).limit(limit + 1)
    after = cursor_int(cursor)
    if after is not None:
        query = query.where(Site.id > after)
    if region is not None:
        query = query.where(Site.region == region)
    return slice_of((await session.scalars(query)).all(), limit, lambda s: [s.id])


async def get_site(session: AsyncSession, scope: AccessScope, code: str) -> Site:
    """The site ``code``; 404 if unknown, 403 if not granted."""
    site = await session.scalar(select(Site).where(Site.code == code))
    if site is None:
        raise NotFoundError("no such site", site=code)
    scope.require_site(site.id)
    return site


async def create_site(
    session: AsyncSession,
    actor: Actor,
    *,
    code: str,
    name: str,
    timezone: str,
    region: str | None,
    gln: str | None,
) -> Site:
    """A new site."""
    if await session.scalar(select(Site.id).where(Site.code == code)) is not None:
        raise ConflictError("site code is taken", site=code)
    site = Site(code=code, name=name, timezone=timezone, region=region, gln=gln)
    session.add(site)
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        entity_type="site",
        entity_id=site.id,
        new=snapshot(site, ("code", "name", "timezone", "region", "gln")),
    )
    return site


async def list_locations(
    session: AsyncSession, site: Site, *, kind: LocationKind | None = None
) -> Sequence[Location]:
    """A site's locations by code."""
    query = select(Location).where(Location.site_id == site.id).order_by(Location.code)
    if kind is not None:
        query = query.where(Location.kind == str(kind))
    return (await session.scalars(query)).all()


async def get_location(session: AsyncSession, site: Site, code: str) -> Location:
    """Location ``code`` of ``site``."""
    location = await session.scalar(
        select(Location).where(Location.site_id == site.id, Location.code == code)
    )
    if location is None:
        raise NotFoundError("no such location", site=site.code, location=code)
    return location


async def location_by_id(session: AsyncSession, scope: AccessScope, location_id: int) -> Location:
    """A location by id, checked against the site grants."""
    location = await session.get(Location, location_id)
    if location is None:
        raise NotFoundError("no such location", location_id=location_id)
    scope.require_site(location.site_id, what="location")
    return location


async def create_location(
    session: AsyncSession,
    actor: Actor,
    site: Site,
    *,
    code: str,
    name: str,
    kind: LocationKind,
    sgln: str | None,
) -> Location:
    """A new location in ``site``."""
    exists = await session.scalar(
        select(Location.id).where(Location.site_id == site.id, Location.code == code)
    )
    if exists is not None:
        raise ConflictError("location code is taken in this site", location=code)
    location = Location(site_id=site.id, code=code, name=name, kind=str(kind), sgln=sgln)
    session.add(location)
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        entity_type="location",
        entity_id=location.id,
        new=snapshot(location, ("site_id", "code", "name", "kind", "sgln")),
    )
    return location


@dataclass(frozen=True)
class AntennaSpec:
    """An antenna to configure on a new portal."""

    port: int
    zone: str
    tx_power_dbm: float | None = None


async def list_portals(session: AsyncSession, site: Site) -> list[tuple[Portal, list[Antenna]]]:
    """A site's portals with their antennas."""
    portals = (
        await session.scalars(select(Portal).where(Portal.site_id == site.id).order_by(Portal.code))
    ).all()
    antennas = (
        await session.scalars(
            select(Antenna)
            .where(Antenna.portal_id.in_([p.id for p in portals]))
            .order_by(Antenna.port)
        )
    ).all()
    return [(p, [a for a in antennas if a.portal_id == p.id]) for p in portals]


async def create_portal(
    session: AsyncSession,
    actor: Actor,
    site: Site,
    *,
    code: str,
    name: str,
    door: str,
    outside: str | None,
    inside: str | None,
    reader_host: str | None,
    reader_port: int,
    gateway_id: str | None,
    antennas: Sequence[AntennaSpec],
) -> tuple[Portal, list[Antenna]]:
    """A portal at the ``door`` location with its antennas and the locations on each side."""
    if (
        await session.scalar(
            select(Portal.id).where(Portal.site_id == site.id, Portal.code == code)
        )
        is not None
    ):
        raise ConflictError("portal code is taken in this site", portal=code)
    if len({a.port for a in antennas}) != len(antennas):
        raise ValidationFailedError("antenna ports repeat", field="antennas")
    door_location = await get_location(session, site, door)
    outside_location = await get_location(session, site, outside) if outside else None
    inside_location = await get_location(session, site, inside) if inside else None
    portal = Portal(
        site_id=site.id,
        code=code,
        name=name,
        door_location_id=door_location.id,
        outside_location_id=outside_location.id if outside_location else None,
        inside_location_id=inside_location.id if inside_location else None,
        reader_host=reader_host,
        reader_port=reader_port,
        gateway_id=gateway_id,
    )
    session.add(portal)
    await session.flush()
    rows = [
        Antenna(portal_id=portal.id, port=a.port, zone=a.zone, tx_power_dbm=a.tx_power_dbm)
        for a in antennas
    ]
    session.add_all(rows)
    await session.flush()
    new = snapshot(portal, ("site_id", "code", "name", "door_location_id", "reader_host"))
    new["antennas"] = [{"port": a.port, "zone": a.zone} for a in rows]
    await record(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        entity_type="portal",
        entity_id=portal.id,
        new=new,
    )
    return portal, rows
