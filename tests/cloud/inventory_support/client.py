"""The API in-process (ASGI transport, real lifespan, real PostgreSQL) and auth headers."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from asgi_lifespan import LifespanManager

from coldtrace_cloud.app import create_app
from coldtrace_cloud.settings import Settings

BASE = "http://coldtrace.test/api/v1"


@asynccontextmanager
async def api_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client talking to ``create_app(settings)`` in this process."""
    app = create_app(settings.model_copy(update={"run_migrations": False}))
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
            yield client


def bearer(token: str) -> dict[str, str]:
    """The Authorization header for ``token``."""
    return {"Authorization": f"Bearer {token}"}
