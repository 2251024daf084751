"""Browser tests of the web UI: a real API process serving dashboards/dist, the demo world with
readings, and Debian's Chromium driven by Playwright (its own browser download cannot work here).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from coldtrace_cloud.settings import Settings
from devstack.cli import Stack
from devstack.mosquitto import CLOUD_USER
from tests.dashboards.ui_world import (
    PASSWORD,
    raise_shipment_excursions,
    seed_demo,
    seed_readings,
)
from tests.support.envvars import settings_env
from tests.support.ports import free_port
from tests.support.processes import ProcessManager
from tests.support.stack import child_env

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dashboards" / "dist"
SCREENSHOTS = ROOT / "test-artifacts" / "ui"
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialling Google on a closed network.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class UiServer:
    """The running API with the UI, and the demo world's password."""

    url: str
    password: str


@pytest.fixture(scope="module")
def ui_settings(stack: Stack, database_url: str, influx_database: str) -> Settings:
    """Cloud settings on the module's databases, serving the built UI."""
    return Settings(
        database_url=database_url,
        influx_url=stack.influx.url,
        influx_database=influx_database,
        mqtt_host="127.0.0.1",
        mqtt_port=stack.config.mqtt_port,
        mqtt_username=CLOUD_USER,
        mqtt_password=stack.credentials.mqtt_cloud_password,
        api_port=free_port(),
        ui_dir=str(DIST),
        run_migrations=False,  # the module's database is a copy of the migrated template
    )


@pytest.fixture(scope="module")
def ui_server(
    ui_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[UiServer]:
    """Seed the demo world, start ``coldtrace api`` serving dashboards/dist; stopped at the end."""
    assert (DIST / "index.html").exists(), "dashboards/dist is missing: run scripts/bootstrap"
    seed_demo(ui_settings)
    seed_readings(ui_settings)
    manager = ProcessManager(tmp_path_factory.mktemp("ui-api"), child_env())
    settings = ui_settings
    api = manager.python("api", "coldtrace_cloud", "api", env=settings_env(settings))
    try:
        api.wait_for_log(r"Uvicorn running|api ready", timeout_s=60)
        yield UiServer(url=f"http://127.0.0.1:{settings.api_port}", password=PASSWORD)
    finally:
        manager.stop_all()


@pytest.fixture(scope="module")
def shipment_excursions(
    ui_settings: Settings,
    ui_server: UiServer,  # the world and its readings are seeded by then
) -> list[int]:
    """Opt-in: SHP-DEMO-002's warm spike made a real excursion by the excursion engine (which
    also quarantines the shipment's lot); the excursion ids."""
    return raise_shipment_excursions(ui_settings)


@pytest.fixture(scope="module")
def browser(ui_server: UiServer) -> Iterator[Browser]:
    """Headless Debian Chromium for one module's tests.

    Module-scoped and started after the server: sync Playwright runs an event loop in this thread
    while it is open, and the seeding fixtures use ``asyncio.run``.
    """
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh browser context (no cookies) at tablet size; a screenshot is kept at the end."""
    context = browser.new_context(viewport={"width": 1180, "height": 820}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not errors, f"script errors on the page: {errors}"


def log_in(page: Page, server: UiServer, username: str) -> None:
    """Log in through the form and wait for the sites overview."""
    page.goto(f"{server.url}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(server.password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Sites overview").wait_for()


def api_get(page: Page, server: UiServer, path: str) -> Any:
    """GET ``/api/v1{path}`` through the browser context: the page's own session cookie, so the
    answer is what the logged-in role may see."""
    response = page.request.get(f"{server.url}/api/v1{path}")
    assert response.ok, response.text()
    return response.json()
