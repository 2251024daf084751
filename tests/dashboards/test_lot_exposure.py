"""Issue 8's lot page in Chromium against the real exposure ledger: the warm spike on SHP-DEMO-002's
logger goes through the excursion engine, and the lot it exposed shows one ledger row per
excursion, as the API has it, in the site's time zone; QA signs a disposition with a re-entered
password. Roles without ``excursions:write`` or ``qa:dispose`` see the records but no buttons."""

import math
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.dashboards.conftest import UiServer, api_get, log_in
from tests.dashboards.ui_world import SHIPMENT, SPIKE_C


def duration_text(seconds: float) -> str:
    """What the UI's ``formatDuration`` shows (JavaScript rounds halves up)."""
    minutes = math.floor(seconds / 60 + 0.5)
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h {minutes % 60} min"
    return f"{hours // 24} d {hours % 24} h"


def expect_time(cell: Locator, value: str, zone: str) -> None:
    """A <time>: local time of the site as text, the UTC instant in datetime= and on hover."""
    instant = datetime.fromisoformat(value)
    local = instant.astimezone(ZoneInfo(zone)).strftime("%d %b %Y, %H:%M %Z")
    utc = instant.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%d %H:%M:%SZ")
    time = cell.locator("time")
    expect(time).to_have_text(local)
    expect(time).to_have_attribute("title", f"UTC {utc}")
    iso = instant.astimezone(ZoneInfo("UTC")).isoformat(timespec="milliseconds")
    expect(time).to_have_attribute("datetime", iso.replace("+00:00", "Z"))


def lot_of(page: Page, server: UiServer, excursion_ids: list[int]) -> int:
    """The one lot the shipment's excursions exposed."""
    assert excursion_ids, "the engine raised no excursion for the logger's warm spike"
    lots = {lot["lot_id"] for i in excursion_ids for lot in exposure_of(page, server, i)}
    (lot_id,) = lots
    return int(lot_id)


def exposure_of(page: Page, server: UiServer, excursion_id: int) -> list[Any]:
    """The lots one excursion exposed, as the API lists them."""
    lots: list[Any] = api_get(page, server, f"/exposure/excursions/{excursion_id}")["lots"]
    return lots


def check_ledger_row(page: Page, server: UiServer, entry: dict[str, Any]) -> None:
    """One ledger row against ``/excursions/{id}`` and the lot's ledger entry."""
    excursion = api_get(page, server, f"/excursions/{entry['excursion_id']}")
    sites = api_get(page, server, "/sites")["items"]
    zone = next(s["timezone"] for s in sites if s["id"] == excursion["site_id"])
    row = page.locator(f"table.ledger tbody tr[data-excursion-id='{excursion['id']}']")
    expect(row.get_by_role("rowheader")).to_contain_text(f"#{excursion['id']} {excursion['kind']}")
    expect(row.locator("td[data-label='Where']")).to_contain_text(f"Shipment {SHIPMENT}")
    expect_time(row.locator("td[data-label='Started']"), excursion["started_at"], zone)
    if excursion["ended_at"] is None:
        expect(row.locator("td[data-label='Ended']")).to_have_text("ongoing")
    else:
        expect_time(row.locator("td[data-label='Ended']"), excursion["ended_at"], zone)
    out = duration_text(excursion["out_of_range_s"])
    expect(row.locator("td[data-label='Out of range']")).to_have_text(out)
    if excursion["kind"] == "temperature":
        expect(row.locator("td[data-label='Peak']")).to_have_text(f"{SPIKE_C:.1f} °C")
    exposure = row.locator("td[data-label='Lot exposure']")
    serials = "serial" if entry["serials"] == 1 else "serials"
    expect(exposure).to_contain_text(f"{entry['serials']} {serials}; worst {entry['worst_serial']}")
    expect(exposure).to_contain_text(f"{duration_text(entry['out_of_range_s'])} out of range")
    expect(row.locator("td[data-label='Status']")).to_have_text(excursion["status"])


def test_exposed_lot_shows_its_ledger_in_the_site_time_zone(
    page: Page, ui_server: UiServer, shipment_excursions: list[int]
) -> None:
    log_in(page, ui_server, "qa")
    lot_id = lot_of(page, ui_server, shipment_excursions)
    ledger = api_get(page, ui_server, f"/exposure/lots/{lot_id}")
    assert sorted(e["excursion_id"] for e in ledger["excursions"]) == shipment_excursions
    page.goto(f"{ui_server.url}/#/lots/{lot_id}")
    expect(page.get_by_test_id("lot-status")).to_have_text("quarantined")
    table = page.get_by_role("table", name="Exposure ledger")
    expect(table.locator("tbody tr")).to_have_count(len(ledger["excursions"]))
    expect(table.locator("thead th[scope='col']")).to_have_count(9)
    for entry in ledger["excursions"]:
        check_ledger_row(page, ui_server, entry)
    budget = page.get_by_test_id("exposure-budget")
    expect(budget).to_contain_text(f"{duration_text(ledger['consumed_s'])} ")
    expect(page.get_by_text("not available in this deployment")).to_have_count(0)


@pytest.mark.parametrize("role", ["operator", "logistics"])
def test_roles_without_write_rights_see_no_buttons(
    page: Page, ui_server: UiServer, shipment_excursions: list[int], role: str
) -> None:
    log_in(page, ui_server, role)
    page.get_by_role("link", name="Excursions", exact=True).click()
    expect(page.get_by_role("heading", name="QA excursion board")).to_be_visible()
    for excursion_id in shipment_excursions:
        row = page.locator(f"table.board tbody tr[data-excursion-id='{excursion_id}']")
        expect(row).to_be_visible()
        expect(row.locator("td[data-label='Exposed lots'] a").first).to_be_visible()
        expect(row.locator("td[data-label='Action']")).to_have_text("—")
        expect(row.get_by_role("button")).to_have_count(0)
        expect(row.get_by_role("textbox")).to_have_count(0)
    # The lot page: the ledger is there to read, the signing form is not (no qa:dispose).
    page.locator("table.board td[data-label='Exposed lots'] a").first.click()
    expect(page.get_by_test_id("lot-status")).to_have_text("quarantined")
    expect(page.get_by_role("table", name="Exposure ledger")).to_be_visible()
    expect(page.locator("form.disposition")).to_have_count(0)
    expect(page.get_by_label("Password (re-enter to sign)")).to_have_count(0)


def test_qa_signs_a_rejection_with_the_password(
    page: Page, ui_server: UiServer, shipment_excursions: list[int]
) -> None:
    log_in(page, ui_server, "qa")
    lot_id = lot_of(page, ui_server, shipment_excursions)
    page.goto(f"{ui_server.url}/#/lots/{lot_id}")
    expect(page.get_by_test_id("lot-status")).to_have_text("quarantined")
    reason = f"{SPIKE_C:.1f} °C for 40 min on {SHIPMENT}"
    page.get_by_label("Password (re-enter to sign)").fill("not my password")
    page.get_by_label("Reason", exact=True).fill(reason)
    page.get_by_role("button", name="Reject lot").click()
    # A refused signature is not the end of the session: still logged in, nothing decided.
    expect(page.locator("form.disposition [role='alert']")).to_contain_text("password")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert api_get(page, ui_server, f"/dispositions/lots/{lot_id}") == []

    page.get_by_label("Password (re-enter to sign)").fill(ui_server.password)
    page.get_by_role("button", name="Reject lot").click()
    expect(page.get_by_test_id("lot-status")).to_have_text("rejected")
    expect(page.locator("form.disposition")).to_have_count(0)
    signed = page.get_by_role("table", name="Signed decisions")
    expect(signed).to_contain_text("Quentin Quality")
    expect(signed).to_contain_text("“rejected”")
    (decision,) = api_get(page, ui_server, f"/dispositions/lots/{lot_id}")
    assert (decision["decision"], decision["reason"]) == ("reject", reason)
    assert decision["signature"]["printed_name"] == "Quentin Quality"


def test_portal_and_recall_pages_read_the_real_routes(page: Page, ui_server: UiServer) -> None:
    log_in(page, ui_server, "qa")
    page.get_by_role("link", name="Portals", exact=True).click()
    health = page.get_by_role("table", name="Reader health")
    expect(health).to_contain_text("Dock door 1 portal")
    expect(health).to_contain_text("no reader report")
    page.get_by_role("link", name="Recalls", exact=True).click()
    expect(page.get_by_text("No recalls or drills yet.")).to_be_visible()
    expect(page.get_by_text("not available in this deployment")).to_have_count(0)
    page.get_by_role("button", name="Log out").click()
    log_in(page, ui_server, "operator")  # no recalls:read
    page.get_by_role("link", name="Recalls", exact=True).click()
    expect(page.get_by_text("Your role does not read recalls")).to_be_visible()
