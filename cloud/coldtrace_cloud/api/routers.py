"""Every domain router mounted under ``/api/v1``: the one list a new domain is added to."""

from fastapi import APIRouter

from coldtrace_cloud.api.health import router as health_router

ROUTERS: list[APIRouter] = [
    health_router,
]
