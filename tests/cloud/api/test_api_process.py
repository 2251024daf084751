"""The API as a real process: it migrates, answers health, serves the UI, errors as problems."""

import httpx
import pytest

from coldtrace_cloud.settings import Settings
from tests.support.envvars import settings_env
from tests.support.processes import ProcessManager


@pytest.fixture
def api_url(cloud_settings: Settings, processes: ProcessManager) -> str:
    """Start ``coldtrace api`` and return its base URL once it serves."""
    api = processes.python("api", "coldtrace_cloud", "api", env=settings_env(cloud_settings))
    api.wait_for_log(r"Uvicorn running|api ready", timeout_s=60)
    return f"http://127.0.0.1:{cloud_settings.api_port}"


def test_health_reports_both_stores(api_url: str) -> None:
    response = httpx.get(f"{api_url}/api/v1/health", timeout=10)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "postgres": True, "influxdb": True}


def test_landing_page_and_openapi(api_url: str) -> None:
    assert httpx.get(f"{api_url}/", timeout=10).status_code == 200
    spec = httpx.get(f"{api_url}/openapi.json", timeout=10).json()
    assert spec["openapi"].startswith("3.1")
    assert "/api/v1/health" in spec["paths"]


def test_unknown_route_is_problem_json(api_url: str) -> None:
    response = httpx.get(f"{api_url}/api/v1/no-such-thing", timeout=10)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 404
    assert body["title"] == "Not Found"
