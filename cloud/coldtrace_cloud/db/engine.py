"""Async engine and session factory, created by the composition root of each process."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from coldtrace_cloud.settings import Settings


def make_engine(settings: Settings) -> AsyncEngine:
    """An asyncpg engine with a bounded pool; ``pool_pre_ping`` survives a database restart."""
    return create_async_engine(
        settings.database_url.get_secret_value(),
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_pool_size,
        pool_pre_ping=True,
        connect_args={"server_settings": {"timezone": "UTC", "application_name": "coldtrace"}},
    )


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit (we return them from services)."""
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def engine_scope(settings: Settings) -> AsyncIterator[AsyncEngine]:
    """Create the engine and dispose of it on exit (pending connections are closed)."""
    engine = make_engine(settings)
    try:
        yield engine
    finally:
        await engine.dispose()
