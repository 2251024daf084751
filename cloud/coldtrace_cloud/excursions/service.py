"""Excursion queries for the API: lists with filters and one excursion, within the caller's sites.

An excursion's site is its location's site, or for a shipment its origin site; a caller sees
excursions of granted sites only (the scope is checked here, where the data is).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.errors import NotFoundError
from coldtrace_cloud.excursions.episodes import EpisodeKind, Severity
from coldtrace_cloud.excursions.flows import ExcursionStatus
from coldtrace_cloud.excursions.models import Excursion
from coldtrace_cloud.locations.models import Location
from coldtrace_cloud.schemas.page import Slice, cursor_int, slice_of
from coldtrace_cloud.sensors.models import Sensor
from coldtrace_cloud.shipments.models import Shipment


@dataclass(frozen=True)
class ExcursionView:
    """An excursion with the codes a reader needs (sensor, site)."""

    excursion: Excursion
    sensor_code: str
    site_id: int | None


@dataclass(frozen=True)
class ExcursionFilter:
    """What a list of excursions is narrowed to (None: any)."""

    status: ExcursionStatus | None = None
    kind: EpisodeKind | None = None
    severity: Severity | None = None
    location_id: int | None = None
    shipment_id: int | None = None
    started_after: datetime | None = None
    started_before: datetime | None = None


def _base(scope: AccessScope) -> Select[Excursion, str, int]:
    site = func.coalesce(Location.site_id, Shipment.origin_site_id)
    return (
        select(Excursion, Sensor.code, site)
        .join(Sensor, Sensor.id == Excursion.sensor_id)
        .outerjoin(Location, Location.id == Excursion.location_id)
        .outerjoin(Shipment, Shipment.id == Excursion.shipment_id)
        .where(scope.site_filter(site))
    )


async def list_excursions(
    session: AsyncSession,
    scope: AccessScope,
    where: ExcursionFilter,
    *,
    cursor: str | None = None,
    limit: int = 100,
) -> Slice[ExcursionView]:
    """Newest first (by id), paged by id."""
    query = _base(scope)
    conditions = [
        (where.status, Excursion.status),
        (where.kind, Excursion.kind),
        (where.severity, Excursion.severity),
        (where.location_id, Excursion.location_id),
        (where.shipment_id, Excursion.shipment_id),
    ]
    for value, column in conditions:
        if value is not None:
            query = query.where(column == (str(value) if isinstance(value, str) else value))
    if where.started_after is not None:
        query = query.where(Excursion.started_at >= where.started_after)
    if where.started_before is not None:
        query = query.where(Excursion.started_at < where.started_before)
    after = cursor_int(cursor)
    if after is not None:
        query = query.where(Excursion.id < after)
    rows = (await session.execute(query.order_by(Excursion.id.desc()).limit(limit + 1))).all()
    views = [ExcursionView(row[0], row[1], row[2]) for row in rows]
    return slice_of(views, limit, lambda v: [v.excursion.id])


async def get_excursion(
    session: AsyncSession, scope: AccessScope, excursion_id: int, *, for_update: bool = False
) -> ExcursionView:
    """One excursion of a granted site (404 otherwise: its existence is not disclosed)."""
    query = _base(scope).where(Excursion.id == excursion_id)
    if for_update:
        query = query.with_for_update(of=Excursion)
    row = (await session.execute(query)).first()
    if row is None:
        raise NotFoundError("no such excursion", excursion_id=excursion_id)
    return ExcursionView(row[0], row[1], row[2])


async def views_of(
    session: AsyncSession, scope: AccessScope, excursion_ids: list[int]
) -> list[ExcursionView]:
    """The excursions of ``excursion_ids`` the caller may see, oldest id first."""
    if not excursion_ids:
        return []
    query = _base(scope).where(Excursion.id.in_(excursion_ids)).order_by(Excursion.id)
    rows = (await session.execute(query)).all()
    return [ExcursionView(row[0], row[1], row[2]) for row in rows]
