"""Which sensor measured what, when: windows from bindings, then history from the stores.

A location's or a shipment's history is the union of its bound sensors' readings, each clipped
to the period of its binding, so a sensor moved from one cold room to another never leaks
readings into the wrong room's history, and a late correction of a binding applies at once.
"""

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.locations.models import Location
from coldtrace_cloud.sensors.models import Sensor, SensorBinding
from coldtrace_cloud.shipments.models import Shipment
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_cloud.timeseries.history import Bucket, merge_buckets, plan, raw_edges
from coldtrace_cloud.timeseries.rollups import rollup_rows


@dataclass(frozen=True)
class Window:
    """One sensor over one period, with where it was."""

    sensor: str
    start: datetime
    end: datetime
    location_id: int | None
    shipment_id: int | None


@dataclass(frozen=True)
class SeriesHistory:
    """The buckets of one window."""

    window: Window
    buckets: list[Bucket]


def _overlapping(start: datetime, end: datetime) -> Select[SensorBinding, str]:
    return (
        select(SensorBinding, Sensor.code)
        .join(Sensor, Sensor.id == SensorBinding.sensor_id)
        .where(
            SensorBinding.valid_from < end,
            or_(SensorBinding.valid_to.is_(None), SensorBinding.valid_to > start),
        )
        .order_by(Sensor.code, SensorBinding.valid_from)
    )


def _clip(binding: SensorBinding, code: str, start: datetime, end: datetime) -> Window:
    upper = end if binding.valid_to is None else min(end, binding.valid_to)
    return Window(
        code, max(start, binding.valid_from), upper, binding.location_id, binding.shipment_id
    )


async def location_windows(
    session: AsyncSession, location_id: int, start: datetime, end: datetime
) -> list[Window]:
    """The sensors bound to a location within ``[start, end)``."""
    rows = await session.execute(
        _overlapping(start, end).where(SensorBinding.location_id == location_id)
    )
    return [_clip(b, code, start, end) for b, code in rows.all()]


async def shipment_windows(
    session: AsyncSession, shipment_id: int, start: datetime, end: datetime
) -> list[Window]:
    """The sensors (loggers, reefer probes) bound to a shipment within ``[start, end)``."""
    rows = await session.execute(
        _overlapping(start, end).where(SensorBinding.shipment_id == shipment_id)
    )
    return [_clip(b, code, start, end) for b, code in rows.all()]


async def sensor_windows(
    session: AsyncSession, scope: AccessScope, sensor: Sensor, start: datetime, end: datetime
) -> list[Window]:
    """A sensor's bindings within the range that the caller's grants cover.

    Unrestricted callers also see the sensor's readings outside any binding.
    """
    if scope.all_sites:
        return [Window(sensor.code, start, end, None, None)]
    rows = await session.execute(
        _overlapping(start, end)
        .outerjoin(Location, Location.id == SensorBinding.location_id)
        .outerjoin(Shipment, Shipment.id == SensorBinding.shipment_id)
        .where(
            SensorBinding.sensor_id == sensor.id,
            or_(
                scope.site_filter(Location.site_id),
                and_(
                    SensorBinding.shipment_id.is_not(None),
                    or_(
                        scope.site_filter(Shipment.origin_site_id),
                        scope.site_filter(Shipment.destination_site_id),
                    ),
                ),
            ),
        )
    )
    return [_clip(b, code, start, end) for b, code in rows.all()]


async def histories(
    influx: InfluxClient, session: AsyncSession, windows: list[Window], resolution_s: int
) -> list[SeriesHistory]:
    """Buckets for every window: raw edges from InfluxDB (all requests in flight at once) while
    the rollup middles are read from PostgreSQL (one session, one query after the other)."""
    live = [w for w in windows if w.end > w.start]
    plans = [plan(w.start, w.end, resolution_s) for w in live]

    async def middles() -> list[list[list[Any]]]:
        return [
            await rollup_rows(session, w.sensor, p.level, *p.middle)
            if p.level is not None and p.middle is not None
            else []
            for w, p in zip(live, plans, strict=True)
        ]

    # A task group, not gather: a failing InfluxDB query must also stop the database query, which
    # runs on the request's session and must be finished before that session closes.
    try:
        async with asyncio.TaskGroup() as group:
            edge_tasks = [
                group.create_task(raw_edges(influx, w.sensor, p, resolution_s))
                for w, p in zip(live, plans, strict=True)
            ]
            middle_task = group.create_task(middles())
    except ExceptionGroup as failed:
        raise failed.exceptions[0] from None  # e.g. StoreUnavailableError: a 503 problem
    edges = [task.result() for task in edge_tasks]
    middle = middle_task.result()
    return [
        SeriesHistory(w, merge_buckets([*edge, *rows], resolution_s))
        for w, edge, rows in zip(live, edges, middle, strict=True)
    ]
