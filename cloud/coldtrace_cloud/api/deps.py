"""Request-scoped dependencies: one database session per request, the shared InfluxDB client."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coldtrace_cloud.timeseries.client import InfluxClient


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A session for the request, closed when the response is done."""
    maker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    async with maker() as session:
        yield session


def get_influx(request: Request) -> InfluxClient:
    """The process's InfluxDB client (made in the lifespan)."""
    client: InfluxClient = request.app.state.influx
    return client


SessionDep = Annotated[AsyncSession, Depends(get_session)]
InfluxDep = Annotated[InfluxClient, Depends(get_influx)]
