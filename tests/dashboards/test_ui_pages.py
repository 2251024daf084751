"""The web UI in Chromium against a real API process with the demo world and its readings."""

import csv
import io
import re

from playwright.sync_api import Page, expect

from tests.dashboards.conftest import UiServer, log_in
from tests.dashboards.ui_world import SHIPMENT, SPIKE_C


def test_login_shows_sites_overview_with_live_readings(page: Page, ui_server: UiServer) -> None:
    log_in(page, ui_server, "qa")
    room = page.locator("article[data-location='cold-room-2']").first
    expect(room.locator(".temperature")).to_have_text(re.compile(r"^-?\d+\.\d °C$"))
    expect(room.locator(".sensors")).to_contain_text("CRB-P01: reporting")
    expect(page.locator("table.stock-status").first).to_contain_text("quarantined")
    expect(page.get_by_text("Quentin Quality (qa)")).to_be_visible()
    (cookie,) = page.context.cookies()
    assert cookie["name"] == "coldtrace_session"
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    assert cookie["path"] == "/api/"
    assert page.evaluate("document.cookie") == ""


def test_wrong_password_is_refused(page: Page, ui_server: UiServer) -> None:
    page.goto(f"{ui_server.url}/")
    page.get_by_label("Username").fill("qa")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("Wrong username or password")


def test_shipment_chart_has_data_excursions_and_csv_downloads(
    page: Page, ui_server: UiServer, shipment_excursions: list[int]
) -> None:
    assert shipment_excursions, "the engine raised no excursion for the logger's warm spike"
    log_in(page, ui_server, "logistics")
    page.get_by_role("link", name="Shipments").click()
    page.get_by_role("link", name=SHIPMENT).click()
    chart = page.locator("#temperature-chart")
    expect(chart).to_have_attribute("data-ready", "true")
    assert int(chart.get_attribute("data-points") or 0) > 500
    expect(chart.locator("canvas")).to_have_count(1)
    # The engine's excursions of this shipment (and only these) are shaded and listed.
    expect(chart).to_have_attribute("data-shades", str(len(shipment_excursions)))
    listed = page.locator("table.excursions tbody tr")
    expect(listed).to_have_count(len(shipment_excursions))
    expect(listed.filter(has_text="temperature")).to_contain_text(f"{SPIKE_C:.1f} °C")
    expect(page.get_by_test_id("trip-figures")).to_contain_text(f"max {SPIKE_C:.1f} °C")
    expect(page.get_by_test_id("logger-figures")).to_contain_text("CTL-000777")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename == f"{SHIPMENT}-readings.csv"
    rows = list(csv.DictReader(io.StringIO(download.path().read_text())))
    assert len(rows) > 500
    assert {row["sensor"] for row in rows} == {"CTL-000777"}
    assert max(float(row["temperature_max_c"]) for row in rows) == SPIKE_C


def test_shipment_report_prints_to_pdf(page: Page, ui_server: UiServer) -> None:
    log_in(page, ui_server, "qa")
    page.goto(f"{ui_server.url}/#/shipments/{SHIPMENT}")
    expect(page.locator("#temperature-chart")).to_have_attribute("data-ready", "true")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Download CSV")).to_be_hidden()
    expect(page.get_by_label("Signature block")).to_be_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.emulate_media(media="screen")


def test_qa_sees_disposition_but_operator_does_not(page: Page, ui_server: UiServer) -> None:
    log_in(page, ui_server, "qa")
    page.get_by_role("link", name="Lots").click()
    page.get_by_label("Status").select_option("quarantined")
    page.locator("table.lots a").first.click()
    expect(page.get_by_test_id("lot-status")).to_have_text("quarantined")
    expect(page.get_by_role("button", name="Release lot")).to_be_visible()
    lot_url = page.url
    page.get_by_role("button", name="Log out").click()
    log_in(page, ui_server, "operator")
    page.goto(lot_url)
    expect(page.get_by_test_id("lot-status")).to_have_text("quarantined")
    expect(page.get_by_role("button", name="Release lot")).to_have_count(0)
    expect(page.get_by_role("button", name="Reject lot")).to_have_count(0)


def test_other_pages_render(page: Page, ui_server: UiServer) -> None:
    log_in(page, ui_server, "admin")
    for name, heading in [
        ("Excursions", "QA excursion board"),
        ("Portals", "Portal activity"),
        ("Recalls", "Recall console"),
    ]:
        page.get_by_role("link", name=name, exact=True).click()
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    page.get_by_label("Lot number").fill("L261101")
    page.get_by_role("button", name="Trace recall scope").click()
    expect(page.locator("table.consignees")).to_be_visible()
