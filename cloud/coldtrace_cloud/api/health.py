"""Liveness and readiness: does the API reach PostgreSQL and InfluxDB right now."""

from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from coldtrace_cloud.api.deps import InfluxDep, SessionDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """Each store's state and the overall verdict."""

    status: Literal["ok", "degraded"]
    postgres: bool
    influxdb: bool


@router.get("/health")
async def health(session: SessionDep, influx: InfluxDep, response: Response) -> Health:
    """200 when every store answers, 503 (with the same body) when one does not."""
    try:
        postgres = (await session.execute(text("SELECT 1"))).scalar_one() == 1
    except (SQLAlchemyError, OSError):
        postgres = False
    influxdb = await influx.ping()
    ok = postgres and influxdb
    if not ok:
        response.status_code = 503
    return Health(status="ok" if ok else "degraded", postgres=postgres, influxdb=influxdb)
