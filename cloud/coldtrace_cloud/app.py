"""The API process's composition root: settings -> engine, InfluxDB client -> FastAPI app."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from coldtrace_cloud.api.problems import install_problem_handlers
from coldtrace_cloud.api.routers import ROUTERS
from coldtrace_cloud.api.ui import mount_ui
from coldtrace_cloud.db.engine import make_engine, make_sessionmaker
from coldtrace_cloud.db.migrate import upgrade
from coldtrace_cloud.settings import Settings
from coldtrace_cloud.timeseries.client import InfluxClient

logger = logging.getLogger(__name__)
API_PREFIX = "/api/v1"


def create_app(settings: Settings) -> FastAPI:
    """Build the application; nothing connects until the lifespan starts."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(settings)
        if settings.run_migrations:
            await upgrade(engine)
        app.state.settings = settings
        app.state.engine = engine
        app.state.sessionmaker = make_sessionmaker(engine)
        async with InfluxClient(settings.influx_url, settings.influx_database) as influx:
            app.state.influx = influx
            logger.info("api ready", extra={"port": settings.api_port})
            try:
                yield
            finally:
                await engine.dispose()

    app = FastAPI(
        title="coldtrace",
        version="0.1.0",
        summary="Cold-chain and RFID traceability for medical devices and medicines",
        lifespan=lifespan,
    )
    install_problem_handlers(app)
    for router in ROUTERS:
        app.include_router(router, prefix=API_PREFIX)
    mount_ui(app, settings.ui_dir)
    return app
