"""Issue 8's recall console in Chromium against the real recall API: QA recalls the two demo lots
that left for hospitals, reads the notices and the printable one, records each consignee's
response and watches the effectiveness figures move, then closes the recall. A role that may only
read recalls, and one that may not even do that, see no create, response or close controls."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.dashboards.conftest import SCREENSHOTS, UiServer, api_get, log_in

RECALL = "RC-UI-0001"
DRILL = "DRILL-UI-0001"
# The demo seed's departed shipments and where they went (cloud/coldtrace_cloud/demo/seed.py).
SHIPPED = {
    "SHP-DEMO-001": ("hosp-charite", "University Hospital Berlin"),
    "SHP-DEMO-002": ("hosp-aarhus", "Aarhus University Hospital"),
}
UNITS_EACH = 4
BERLIN = SHIPPED["SHP-DEMO-001"][1]


def shot(page: Page, name: str) -> None:
    """A screenshot kept with the other UI tests' ones."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"recall-console-{name}.png"), full_page=True)


@contextmanager
def qa_api(ui_server: UiServer) -> Iterator[httpx.Client]:
    """An API client logged in as QA with a bearer token (the login's own), logged out after."""
    with httpx.Client(base_url=f"{ui_server.url}/api/v1") as client:
        login = {"username": "qa", "password": ui_server.password}
        token = client.post("/auth/login", json=login).json()["access_token"]
        client.headers["authorization"] = f"Bearer {token}"
        yield client
        client.post("/auth/logout")


@pytest.fixture(scope="module")
def lots(ui_server: UiServer) -> dict[str, dict[str, Any]]:
    """Per consignee code, the lot the demo seed shipped to it (numbers carry the seed's month)."""
    with qa_api(ui_server) as client:
        return {
            consignee: client.get(f"/shipments/{shipment}").json()["contents"][0]
            for shipment, (consignee, _) in SHIPPED.items()
        }


@pytest.fixture(scope="module")
def drill(ui_server: UiServer, lots: dict[str, dict[str, Any]]) -> str:
    """A drill of the Berlin hospital's lot made through the API by QA, for the read-only roles."""
    body = {
        "code": DRILL,
        "classification": "III",
        "lot_ids": [lots["hosp-charite"]["lot_id"]],
        "reason": "annual mock recall",
        "health_hazard": "none: a drill",
        "instructions": "none: a drill",
        "drill": True,
    }
    with qa_api(ui_server) as client:
        created = client.post("/recalls", json=body)
    assert created.status_code == 201, created.text
    return DRILL


def expect_time(cell: Locator, value: str, zone: str) -> None:
    """A <time>: local time of the site as text, the UTC instant on hover."""
    instant = datetime.fromisoformat(value)
    local = instant.astimezone(ZoneInfo(zone)).strftime("%d %b %Y, %H:%M %Z")
    utc = instant.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%d %H:%M:%SZ")
    time = cell.locator("time").first
    expect(time).to_have_text(local)
    expect(time).to_have_attribute("title", f"UTC {utc}")


def expect_figures(page: Page, server: UiServer, responded: int, returned: int) -> None:
    """The effectiveness section: consignees responded and units accounted for, text and bar."""
    shipped = UNITS_EACH * len(SHIPPED)
    pct = 100 * returned / shipped
    answered = 100 * responded / len(SHIPPED)
    units = page.get_by_role("progressbar", name="Units accounted for")
    expect(units).to_have_attribute("aria-valuenow", f"{pct:g}")
    expect(units).to_have_attribute("aria-valuetext", f"{returned} of {shipped} units ({pct:g} %)")
    expect(page.get_by_test_id("effectiveness")).to_contain_text(
        f"{returned} of {shipped} units ({pct:g} %)"
    )
    consignees = page.get_by_role("progressbar", name="Consignees responded")
    expect(consignees).to_have_attribute(
        "aria-valuetext", f"{responded} of {len(SHIPPED)} ({answered:g} %)"
    )
    notified = page.get_by_role("progressbar", name="Consignees notified")
    expect(notified).to_have_attribute("aria-valuetext", f"{len(SHIPPED)} of {len(SHIPPED)}")
    assert api_get(page, server, f"/recalls/{RECALL}")["effectiveness_pct"] == pct


def respond(page: Page, consignee: str, who: str, units: int) -> None:
    """Record one consignee's answer through the form."""
    form = page.get_by_role("form", name="Record a consignee's response")
    form.get_by_label("Consignee").select_option(consignee)
    form.get_by_label("Acknowledged by").fill(who)
    form.get_by_label("Units returned").fill(str(units))
    form.get_by_role("button", name="Record response").click()
    row = page.locator(f"table.notices tbody tr[data-consignee='{consignee}']")
    expect(row.locator("td[data-label='State']")).to_have_text("acknowledged")
    expect(row.locator("td[data-label='Returned']")).to_have_text(str(units))


def create_recall(page: Page, lots: dict[str, dict[str, Any]]) -> None:
    """Fill and send the console's form: a real class II recall of both hospitals' lots."""
    first, *_ = (lot["lot_number"] for lot in lots.values())
    page.get_by_label("Lot number").fill(first)
    page.get_by_role("button", name="Trace recall scope").click()
    page.get_by_role("button", name=f"Start a recall of lot {first}").click()
    form = page.get_by_role("form", name="Start a recall")
    expect(form.get_by_label("Lots to recall")).to_have_value(first)
    expect(form.get_by_label("Lots to recall")).to_be_focused()
    expect(form.get_by_role("radio", name=re.compile(r"^Mock recall"))).to_be_checked()
    form.get_by_role("radio", name=re.compile(r"^Recall ")).check()
    expect(form.get_by_label("Recall code")).to_have_value(re.compile(r"^RC-\d{8}-\d{4}$"))
    form.get_by_label("Recall code").fill(RECALL)
    form.get_by_label("Lots to recall").fill(", ".join(lot["lot_number"] for lot in lots.values()))
    form.get_by_label("Classification").select_option("II")
    form.get_by_label("Reason for the recall").fill(
        "Syringe barrel cracks found in retained samples"
    )
    form.get_by_label("Health hazard evaluation").fill(
        "Remote probability of a non-sterile injection"
    )
    form.get_by_label("Instructions to consignees").fill(
        "Stop use, quarantine and return all units"
    )
    shot(page, "create-form")
    form.get_by_role("button", name="Create recall").click()


def check_sent_notices(
    page: Page, recall: dict[str, Any], lots: dict[str, dict[str, Any]], zone: str
) -> None:
    """One row per consignee, as the API has the notices: shipped units, state, sent time."""
    expect(page.locator("table.notices tbody tr")).to_have_count(len(SHIPPED))
    for n in recall["notices"]:
        row = page.locator(f"table.notices tbody tr[data-consignee='{n['consignee']}']")
        expect(row.locator("td[data-label='Shipped']")).to_have_text(str(UNITS_EACH))
        expect(row.locator("td[data-label='State']")).to_have_text("awaiting response")
        expect_time(row.locator("td[data-label='Sent']"), n["sent_at"], zone)
        expect(row.locator("td[data-label='Products']")).to_contain_text(
            lots[n["consignee"]]["lot_number"]
        )


def test_qa_recalls_shipped_lots_records_responses_and_closes(
    page: Page, ui_server: UiServer, lots: dict[str, dict[str, Any]]
) -> None:
    log_in(page, ui_server, "qa")
    page.get_by_role("link", name="Recalls", exact=True).click()
    expect(page.get_by_role("heading", name="Recall console")).to_be_visible()
    create_recall(page, lots)
    expect(page).to_have_url(re.compile(f"#/recalls/{RECALL}$"))
    expect(page.get_by_role("heading", name=f"Recall {RECALL}")).to_be_visible()
    expect(page.get_by_test_id("recall-status")).to_have_text("open")
    zone = api_get(page, ui_server, "/sites")["items"][0]["timezone"]
    recall = api_get(page, ui_server, f"/recalls/{RECALL}")
    assert sorted(recall["lot_ids"]) == sorted(lot["lot_id"] for lot in lots.values())
    for lot in lots.values():  # a real recall blocks the lots
        assert api_get(page, ui_server, f"/lots/{lot['lot_id']}")["status"] == "recalled"
        scope = page.get_by_role("region", name=f"Recall scope of lot {lot['lot_number']}")
        expect(scope.locator("table.consignees tbody tr")).to_have_count(1)

    check_sent_notices(page, recall, lots, zone)
    expect_figures(page, ui_server, responded=0, returned=0)
    expect(page.get_by_role("button", name="Close recall")).to_be_disabled()
    expect(page.locator("#close-blocked")).to_contain_text("2 of 2 consignees have not responded")

    # The printable notice opens in a tab of its own, on the same session.
    with page.context.expect_page() as opened:
        page.get_by_role("link", name=f"Printable notice to {BERLIN}").click()
    printable = opened.value
    expect(printable.locator(".urgent")).to_have_text("URGENT: PRODUCT RECALL")
    expect(printable.locator("body")).to_contain_text(lots["hosp-charite"]["lot_number"])
    printable.close()

    respond(page, "hosp-charite", "Dr. Hanna Weber, hospital pharmacy", 3)
    expect_figures(page, ui_server, responded=1, returned=3)
    notice = api_get(page, ui_server, f"/recalls/{RECALL}/notices/hosp-charite")
    assert notice["acknowledged_by"] == "Dr. Hanna Weber, hospital pharmacy"
    assert notice["units_returned"] == 3
    assert notice["acknowledged_at"] is not None
    row = page.locator("table.notices tbody tr[data-consignee='hosp-charite']")
    expect_time(row.locator("td[data-label='Response']"), notice["acknowledged_at"], zone)
    shot(page, "one-response")

    # A tablet in portrait: the notices become cards, nothing scrolls sideways.
    page.set_viewport_size({"width": 820, "height": 1180})
    expect(page.locator("table.notices thead")).to_have_css("position", "absolute")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "tablet-portrait")

    respond(page, "hosp-aarhus", "Jens Holm, logistics", UNITS_EACH)
    expect_figures(page, ui_server, responded=2, returned=3 + UNITS_EACH)
    page.get_by_label("Reason for closing").fill(
        "All consignees answered; 7 of 8 units back, 1 used"
    )
    page.get_by_role("button", name="Close recall").click()
    expect(page.get_by_test_id("recall-status")).to_have_text("closed")
    expect(page.get_by_role("button", name="Record response")).to_have_count(0)
    expect(page.get_by_role("button", name="Close recall")).to_have_count(0)
    closed = api_get(page, ui_server, f"/recalls/{RECALL}")
    assert (closed["status"], closed["close_reason"]) == (
        "closed",
        "All consignees answered; 7 of 8 units back, 1 used",
    )


@pytest.mark.parametrize("role", ["logistics", "operator"])
def test_roles_without_recall_rights_see_no_controls(
    page: Page, ui_server: UiServer, lots: dict[str, dict[str, Any]], drill: str, role: str
) -> None:
    log_in(page, ui_server, role)
    page.get_by_role("link", name="Recalls", exact=True).click()
    expect(page.get_by_role("heading", name="Recall console")).to_be_visible()
    expect(page.get_by_role("form", name="Start a recall")).to_have_count(0)
    expect(page.get_by_role("button", name="Create recall")).to_have_count(0)
    page.get_by_label("Lot number").fill(lots["hosp-charite"]["lot_number"])
    page.get_by_role("button", name="Trace recall scope").click()
    expect(page.locator("table.consignees")).to_contain_text(BERLIN)
    expect(page.get_by_role("button", name=re.compile("Start a recall"))).to_have_count(0)
    if role == "operator":  # no recalls:read: neither the list nor a recall's page
        expect(page.get_by_text("Your role does not read recalls")).to_be_visible()
        page.goto(f"{ui_server.url}/#/recalls/{drill}")
        expect(page.locator("#main [role='alert']")).to_contain_text("Could not load this page")
        return
    page.get_by_role("link", name=drill).click()
    expect(page.get_by_role("heading", name=f"Drill {drill}")).to_be_visible()
    row = page.locator("table.notices tbody tr[data-consignee='hosp-charite']")
    expect(row.locator("td[data-label='State']")).to_have_text("not sent (drill)")
    expect(row.get_by_role("link", name=f"Printable notice to {BERLIN}")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Consignees notified")).to_have_attribute(
        "aria-valuetext", "none sent (drill), 1 drafted"
    )
    expect(page.locator("#main").get_by_role("button")).to_have_count(0)
    expect(page.locator("#main form")).to_have_count(0)
