"""The export of our history over a time range as one EPCIS 2.0 document.

Every movement, packing / unpacking, commissioning, shipment step, lot disposition and (with an
InfluxDB client) every shipment's sensor summary in ``[since, until)`` becomes an event with its
CBV 2.0 hash id; the document validates against the official schema (tests check each one).
"""

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.epcis.documents import epcis_document
from coldtrace_cloud.epcis.export_custody import (
    disposition_events,
    shipment_epcs,
    shipment_events,
)
from coldtrace_cloud.epcis.export_stock import (
    aggregation_events,
    commissioning_events,
    movement_events,
    time_of,
)
from coldtrace_cloud.epcis.places import Places
from coldtrace_cloud.epcis.sensor_events import (
    ExcursionFlag,
    SensorSummary,
    sensor_events,
    shipment_summaries,
)
from coldtrace_cloud.shipments.models import Shipment
from coldtrace_cloud.timeseries.client import InfluxClient


async def transit_summaries(
    session: AsyncSession, influx: InfluxClient, since: datetime, until: datetime
) -> list[SensorSummary]:
    """Sensor summaries of every shipment's time in transit that overlaps the range."""
    shipments = (
        await session.scalars(
            select(Shipment).where(
                Shipment.actual_departure_at < until,
                or_(Shipment.actual_arrival_at.is_(None), Shipment.actual_arrival_at > since),
            )
        )
    ).all()
    found: list[SensorSummary] = []
    for shipment in shipments:
        assert shipment.actual_departure_at is not None  # noqa: S101  # filtered above
        start = max(since, shipment.actual_departure_at)
        end = min(until, shipment.actual_arrival_at or until)
        epcs = await shipment_epcs(session, shipment.id)
        found += await shipment_summaries(session, influx, shipment.id, epcs, start, end)
    return found


async def export_events(
    session: AsyncSession,
    since: datetime,
    until: datetime,
    *,
    influx: InfluxClient | None = None,
    excursions: ExcursionFlag | None = None,
) -> list[dict[str, Any]]:
    """Every event of the range, in time order (without ids)."""
    places = await Places.load(session)
    events = [
        *await commissioning_events(session, since, until),
        *await movement_events(session, places, since, until),
        *await aggregation_events(session, since, until),
        *await shipment_events(session, places, since, until),
        *await disposition_events(session, since, until),
    ]
    if influx is not None:
        summaries = await transit_summaries(session, influx, since, until)
        events += await sensor_events(summaries, excursions)
    return sorted(events, key=time_of)


async def export_document(
    session: AsyncSession,
    since: datetime,
    until: datetime,
    *,
    influx: InfluxClient | None = None,
    excursions: ExcursionFlag | None = None,
) -> dict[str, Any]:
    """The EPCISDocument of the range."""
    events = await export_events(session, since, until, influx=influx, excursions=excursions)
    return epcis_document(events)
