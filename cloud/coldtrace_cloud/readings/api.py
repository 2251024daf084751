"""Reading history routes: a sensor's, a location's and a shipment's, min/max/mean per bucket."""

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime, BaseModel

from coldtrace_cloud.api.deps import InfluxDep, SessionDep
from coldtrace_cloud.auth.deps import ReadSites
from coldtrace_cloud.errors import ValidationFailedError
from coldtrace_cloud.locations.service import get_location, get_site
from coldtrace_cloud.readings.service import (
    SeriesHistory,
    histories,
    location_windows,
    sensor_windows,
    shipment_windows,
)
from coldtrace_cloud.schemas.problems import AUTHED
from coldtrace_cloud.sensors.service import get_sensor
from coldtrace_cloud.shipments.service import get_shipment
from coldtrace_cloud.timeseries.history import MAX_BUCKETS, Stat, auto_resolution_s

router = APIRouter(tags=["readings"], responses=AUTHED)
MAX_SPAN = timedelta(days=400)


class StatOut(BaseModel):
    """min / max / mean of one quantity in a bucket."""

    min: float | None
    max: float | None
    mean: float | None


class BucketOut(BaseModel):
    """One bucket: its start time, how many readings, and the statistics."""

    time: datetime
    count: int
    temperature_c: StatOut
    humidity_pct: StatOut


class SeriesOut(BaseModel):
    """One sensor over the part of the range it measured this subject."""

    sensor: str
    start: datetime
    end: datetime
    location_id: int | None
    shipment_id: int | None
    buckets: list[BucketOut]


class HistoryOut(BaseModel):
    """The requested range, the bucket width used, and one series per sensor window."""

    start: datetime
    end: datetime
    resolution_s: int
    series: list[SeriesOut]


Start = Annotated[AwareDatetime, Query(description="inclusive, with a time zone")]
End = Annotated[AwareDatetime, Query(description="exclusive, with a time zone")]
Resolution = Annotated[
    int | None, Query(ge=1, le=86_400, description="bucket width; default: at most 2,000 buckets")
]


def _resolution(start: datetime, end: datetime, resolution_s: int | None) -> int:
    if end <= start:
        raise ValidationFailedError("end must be after start", field="end")
    if end - start > MAX_SPAN:
        raise ValidationFailedError("a range may span at most 400 days", field="start")
    chosen = resolution_s or auto_resolution_s(start, end)
    if (end - start).total_seconds() / chosen > MAX_BUCKETS * 10:
        raise ValidationFailedError(
            "too many buckets; use a larger resolution_s", field="resolution_s"
        )
    return chosen


def _stat(stat: Stat) -> dict[str, float | None]:
    return {"min": stat.min, "max": stat.max, "mean": stat.mean}


def _out(
    start: datetime, end: datetime, resolution_s: int, found: list[SeriesHistory]
) -> JSONResponse:
    """The HistoryOut document, built as plain data: a month of buckets for several sensors is
    thousands of objects, and validating each through a model cost more than the query."""
    series = [
        {
            "sensor": h.window.sensor,
            "start": h.window.start.isoformat(),
            "end": h.window.end.isoformat(),
            "location_id": h.window.location_id,
            "shipment_id": h.window.shipment_id,
            "buckets": [
                {
                    "time": b.time.isoformat(),
                    "count": b.count,
                    "temperature_c": _stat(b.temperature_c),
                    "humidity_pct": _stat(b.humidity_pct),
                }
                for b in h.buckets
            ],
        }
        for h in found
    ]
    return JSONResponse(
        {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "resolution_s": resolution_s,
            "series": series,
        }
    )


@router.get("/sensors/{code}/readings", response_model=HistoryOut)
async def sensor_readings(
    code: str,
    *,
    start: Start,
    end: End,
    principal: ReadSites,
    session: SessionDep,
    influx: InfluxDep,
    resolution_s: Resolution = None,
) -> JSONResponse:
    """A sensor's readings over the parts of the range the caller's site grants cover."""
    step = _resolution(start, end, resolution_s)
    sensor = await get_sensor(session, code)
    windows = await sensor_windows(session, principal.scope, sensor, start, end)
    return _out(start, end, step, await histories(influx, session, windows, step))


@router.get("/sites/{site}/locations/{code}/readings", response_model=HistoryOut)
async def location_readings(
    site: str,
    *,
    code: str,
    start: Start,
    end: End,
    principal: ReadSites,
    session: SessionDep,
    influx: InfluxDep,
    resolution_s: Resolution = None,
) -> JSONResponse:
    """Every sensor bound to the location during the range, clipped to its binding."""
    step = _resolution(start, end, resolution_s)
    location = await get_location(session, await get_site(session, principal.scope, site), code)
    windows = await location_windows(session, location.id, start, end)
    return _out(start, end, step, await histories(influx, session, windows, step))


@router.get("/shipments/{code}/readings", response_model=HistoryOut)
async def shipment_readings(
    code: str,
    *,
    start: Start,
    end: End,
    principal: ReadSites,
    session: SessionDep,
    influx: InfluxDep,
    resolution_s: Resolution = None,
) -> JSONResponse:
    """Every logger and probe bound to the shipment during the range."""
    step = _resolution(start, end, resolution_s)
    shipment = await get_shipment(session, principal.scope, code)
    windows = await shipment_windows(session, shipment.id, start, end)
    return _out(start, end, step, await histories(influx, session, windows, step))
