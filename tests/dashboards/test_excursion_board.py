"""Proof of issue 8's QA excursion board in Chromium, against real processes: with the board open,
the simulator's cold room 1 loses its compressor, the edge polls the probe over Modbus and
publishes to Mosquitto, the ingest worker's excursion engine opens an excursion, and the API's
event stream puts it on the board (no reload) with an alert; QA acknowledges and closes it there,
and the API shows each step."""

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from coldtrace_cloud.audit import Actor
from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.demo import data
from coldtrace_cloud.demo.sensors import GATEWAY_ID
from coldtrace_cloud.excursions.rules import TEMPLATES
from coldtrace_cloud.excursions.rulesets import set_rules, watch
from coldtrace_cloud.locations.models import Location, Site
from coldtrace_cloud.products.service import get_profile
from coldtrace_cloud.settings import Settings
from coldtrace_edge.settings import Settings as EdgeSettings
from devstack.cli import Stack
from tests.dashboards.conftest import SCREENSHOTS, UiServer, log_in
from tests.dashboards.ui_world import run_async
from tests.support.envvars import settings_env
from tests.support.ports import free_port
from tests.support.processes import ProcessManager
from tests.support.telemetry import start_ingest

pytestmark = pytest.mark.slow
SITE, ROOM = data.SITES[0][0], "cold-room-1"  # the demo stock is received into cold room 1
PROBE = next(serial for serial, location in data.PROBES if location == ROOM)
MARKER = "set before the excursion"  # a reload or a navigation would drop it
WAIT_MS = 120_000  # the whole chain, simulator to browser, on a busy two-core machine
# 600x: the compressor fails 6 s after the start and the room stays above 8 °C for about half a
# minute; the probe answers every second and the edge stamps readings with its receive time.
SCENARIO = f"""
name: ui board compressor failure
clock: {{start: now, speed: 600}}
probes:
  host: 127.0.0.1
  port: {{port}}
  locations:
    - id: {ROOM}
      setpoint_c: 5.0
      events:
        - {{kind: compressor-failure, at: 1h, for: 5h, warm_tau: 1h, pulldown_tau: 20m}}
      probes:
        - {{serial: {PROBE}, sample_interval: 1}}
"""


async def _watch_room(settings: Settings) -> None:
    engine = create_async_engine(settings.database_url.get_secret_value())
    try:
        async with make_sessionmaker(engine).begin() as session:
            actor = Actor.system("ui-tests")
            profile = await get_profile(session, "2-8C")
            fast = TEMPLATES["2-8C"].model_copy(update={"alarm_delay_s": 20.0})
            await set_rules(session, actor, profile, fast, reason="UI test: 20 s alarm delay")
            room = await session.scalar(
                select(Location).join(Site).where(Site.code == SITE, Location.code == ROOM)
            )
            assert room is not None
            await watch(session, actor, profile, location_id=room.id)
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def watched_room(ui_settings: Settings, ui_server: UiServer) -> str:
    """Cold room 1 watched against 2-8 °C with a 20 s alarm delay; the probe's code."""
    assert ui_server.url
    run_async(_watch_room(ui_settings))
    return PROBE


def start_compressor_failure(
    processes: ProcessManager,
    stack: Stack,
    cloud: Settings,
    mqtt_admin: tuple[str, str],
    tmp_path: Path,
) -> None:
    """Ingest worker, then the simulated room and the edge agent polling its probe."""
    start_ingest(processes, cloud, "board").wait_for_log("ingest worker ready")
    scenario, inventory = tmp_path / "scenario.yaml", tmp_path / "probes.json"
    scenario.write_text(SCENARIO.replace("{port}", str(free_port())))
    processes.python(
        "sim", "coldtrace_sim", "scenario", str(scenario), "--inventory", str(inventory)
    ).wait_for_log("scenario running", timeout_s=30)
    edge = EdgeSettings(
        gateway_id=GATEWAY_ID,
        site_id=SITE,
        mqtt_port=stack.config.mqtt_port,
        mqtt_username=mqtt_admin[0],
        mqtt_password=mqtt_admin[1],
        mqtt_topic_prefix=cloud.mqtt_topic_prefix,
        data_dir=tmp_path / "edge",
        probes_file=inventory,
    )
    processes.python("edge", "coldtrace_edge", "run", env=settings_env(edge))


def api_get(page: Page, server: UiServer, path: str) -> Any:
    """GET through the browser context: the same session cookie as the page."""
    response = page.request.get(f"{server.url}/api/v1{path}")
    assert response.ok, response.text()
    return response.json()


def shot(page: Page, name: str) -> None:
    """A screenshot kept with the other UI tests' ones."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"excursion-board-{name}.png"), full_page=True)


def temperature_row(page: Page) -> tuple[Locator, int]:
    """The board's temperature excursion (the engine may also find a rate-of-change one)."""
    row = page.locator("table.board tbody tr[data-kind='temperature']")
    expect(row).to_be_visible(timeout=WAIT_MS)
    return row, int(row.get_attribute("data-excursion-id") or 0)


def open_board(page: Page, server: UiServer) -> str:
    """Log in as QA, open the board, wait until it is live, switch sound on; the board's URL."""
    log_in(page, server, "qa")
    page.get_by_role("link", name="Excursions", exact=True).click()
    expect(page.get_by_role("heading", name="QA excursion board")).to_be_visible()
    expect(page.get_by_text("No open excursions.")).to_be_visible()
    # Live only once the stream listens: from then on no excursion can slip past it.
    expect(page.locator(".stream-state")).to_have_attribute("data-stream", "live")
    page.get_by_label("Sound alert for new excursions").check()
    page.evaluate(f"window.boardMarker = {MARKER!r}")
    return page.url


def check_row(page: Page, server: UiServer, row: Locator, excursion_id: int) -> None:
    """The row shows where, peak and duration, and the lots the API says were exposed."""
    expect(row.locator("td[data-label='Where']")).to_contain_text("Cold room 1")
    expect(row.locator("td[data-label='Where']")).to_contain_text(PROBE)
    expect(row.locator("td[data-label='Peak']")).to_have_text(re.compile(r"^\d+\.\d °C$"))
    expect(row.locator("td[data-label='Duration']")).to_contain_text("min")
    excursion = api_get(page, server, f"/excursions/{excursion_id}")
    assert excursion["status"] == "open"
    assert excursion["peak"] > 8.0
    exposed = api_get(page, server, f"/exposure/excursions/{excursion_id}")["lots"]
    assert exposed, "the demo stock in cold room 1 was not exposed"
    lots = row.locator("td[data-label='Exposed lots'] a")
    expect(lots).to_have_count(len(exposed))
    expect(lots.first).to_have_text(exposed[0]["lot_number"])


def acknowledge(page: Page, server: UiServer, row: Locator, excursion_id: int) -> None:
    """Acknowledge through the row's form; the API has the comment and who."""
    comment = "Compressor service called; stock moved to cold room 2"
    row.get_by_label(f"Comment for excursion {excursion_id}").fill(comment)
    row.get_by_role("button", name=f"Acknowledge excursion {excursion_id}").click()
    expect(row).to_have_attribute("data-status", "acknowledged")
    found = api_get(page, server, f"/excursions/{excursion_id}")
    assert (found["status"], found["acknowledged_by"]) == ("acknowledged", "qa")
    assert found["ack_comment"] == comment


def close(page: Page, server: UiServer, row: Locator, excursion_id: int) -> None:
    """Close with root cause and CAPA reference; it leaves the board, the API has both."""
    row.get_by_label(f"Root cause of excursion {excursion_id}").fill("Compressor relay failed")
    row.get_by_label(f"CAPA reference for excursion {excursion_id}").fill("CAPA-2026-031")
    row.get_by_role("button", name=f"Close excursion {excursion_id}").click()
    expect(page.locator(f"tr[data-excursion-id='{excursion_id}']")).to_have_count(0)
    found = api_get(page, server, f"/excursions/{excursion_id}")
    assert (found["status"], found["closed_by"]) == ("closed", "qa")
    assert (found["root_cause"], found["capa_ref"]) == ("Compressor relay failed", "CAPA-2026-031")


def test_live_excursion_is_alerted_acknowledged_and_closed(
    watched_room: str,
    page: Page,
    ui_server: UiServer,
    ui_settings: Settings,
    stack: Stack,
    processes: ProcessManager,
    mqtt_admin: tuple[str, str],
    topic_prefix: str,
    tmp_path: Path,
) -> None:
    assert watched_room == PROBE
    board_url = open_board(page, ui_server)
    cloud = ui_settings.model_copy(update={"mqtt_topic_prefix": topic_prefix})
    start_compressor_failure(processes, stack, cloud, mqtt_admin, tmp_path)

    row, excursion_id = temperature_row(page)
    # One banner per place, listing what is new there (the rate rule may trip as well).
    banner = page.locator(f".alert-banner[data-excursion-ids~='{excursion_id}']")
    expect(banner).to_be_visible()
    expect(banner).to_have_attribute("role", "alert")
    expect(banner).to_contain_text(re.compile(r"New excursion|\d+ new excursions"))
    expect(banner).to_contain_text("at Cold room 1")
    expect(banner).to_contain_text("temperature (")
    expect(banner).to_have_attribute("data-sound", "played")
    expect(row).to_have_class(re.compile(r"\bis-new\b"))
    # Pushed into the page that was open: no navigation or reload happened.
    assert page.evaluate("window.boardMarker") == MARKER
    assert page.url == board_url
    check_row(page, ui_server, row, excursion_id)
    shot(page, "new-excursion")

    acknowledge(page, ui_server, row, excursion_id)
    expect(banner).to_have_count(0)
    # A tablet in portrait: the board turns into cards and nothing scrolls sideways.
    page.set_viewport_size({"width": 820, "height": 1180})
    expect(row.get_by_role("button", name=f"Close excursion {excursion_id}")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "acknowledged-tablet-portrait")

    close(page, ui_server, row, excursion_id)
    assert page.evaluate("window.boardMarker") == MARKER
