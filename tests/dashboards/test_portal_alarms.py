"""Issue 8's portal activity page in Chromium: a held item that leaves through site-demo's dock
portal while the page is open shows up without a reload, with one alert (role="alert") per new
alarm and none again on later polls; a pass shows up with its direction. Alarms and passes go
through the cloud's real ingest pipeline into PostgreSQL, as a gateway's messages would."""

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

from playwright.sync_api import Page, expect
from sqlalchemy.ext.asyncio import create_async_engine

from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.ingest.consumer import Delivery
from coldtrace_cloud.ingest.pipeline import IngestPipeline
from coldtrace_cloud.settings import Settings
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_protocol.envelope import UplinkEnvelope
from coldtrace_protocol.holds import AlarmBatch, HoldAlarm, HoldReason
from coldtrace_protocol.identifiers import Sgtin96, parse_epc_uri
from coldtrace_protocol.rfid import (
    EpcIdentity,
    PassDirection,
    PortalPass,
    RfidBatch,
    Zone,
    ZoneReads,
)
from coldtrace_protocol.topics import GatewayTopic, TopicKind
from tests.dashboards.conftest import SCREENSHOTS, UiServer, api_get, log_in
from tests.dashboards.test_lot_exposure import expect_time
from tests.dashboards.ui_world import run_async

SITE, GATEWAY, PORTAL, ZONE = "site-demo", "gw-demo-1", "portal-dock-1", "Europe/Berlin"
POLL_TIMEOUT_MS = 30_000  # the page polls every 10 s


def held_item(page: Page, server: UiServer) -> tuple[dict[str, Any], Sgtin96]:
    """The demo's quarantined lot and the SGTIN of one of its items."""
    (lot,) = api_get(page, server, "/lots?status=quarantined")["items"]
    item = api_get(page, server, f"/items?lot_id={lot['id']}&limit=1")["items"][0]
    sgtin = parse_epc_uri(item["epc_uri"])
    assert isinstance(sgtin, Sgtin96)
    return lot, sgtin


def hold_alarm(sgtin: Sgtin96, lot_number: str, seen_at: datetime) -> HoldAlarm:
    return HoldAlarm(
        event_id=uuid4(), pass_event_id=uuid4(), raised_at=seen_at, portal_id=PORTAL,
        epc=sgtin.hex, pure_uri=sgtin.pure_uri, reason=HoldReason.QUARANTINED,
        lot_number=lot_number, direction=PassDirection.OUTBOUND, seen_at=seen_at,
        holds_version=1,
    )  # fmt: skip


def inbound_pass(sgtin: Sgtin96, at: datetime) -> PortalPass:
    """The item read outside, then inside: it came in through the dock door."""
    zones = [
        ZoneReads(zone=zone, antennas=[port], read_count=3, peak_rssi_dbm=-55.0,
                  first_seen_at=at, last_seen_at=at)
        for port, zone in ((1, Zone.OUTSIDE), (2, Zone.INSIDE))
    ]  # fmt: skip
    return PortalPass(
        event_id=uuid4(), portal_id=PORTAL, reader_id="dock-1-reader", epc=sgtin.hex,
        identity=EpcIdentity.of(sgtin), first_seen_at=at, last_seen_at=at,
        first_received_at=at, last_received_at=at, zone_sequence=[Zone.OUTSIDE, Zone.INSIDE],
        zones=zones, read_count=6, direction=PassDirection.INBOUND, direction_confidence=0.9,
    )  # fmt: skip


def ingest(settings: Settings, kind: TopicKind, batch: UplinkEnvelope) -> None:
    """One gateway message through the cloud's ingest pipeline (decode, de-duplicate, store)."""
    topic = str(GatewayTopic(SITE, GATEWAY, kind, ""))
    delivery = Delivery(topic, batch.model_dump_json().encode(), batch.seq, 1, False, 0)

    async def store() -> None:
        engine = create_async_engine(settings.database_url.get_secret_value())
        try:
            async with InfluxClient(settings.influx_url, settings.influx_database) as influx:
                await IngestPipeline(make_sessionmaker(engine), influx, "").store([delivery])
        finally:
            await engine.dispose()

    run_async(store())


def envelope(seq: int) -> dict[str, Any]:
    return {"gateway_id": GATEWAY, "seq": seq, "message_id": uuid4(), "sent_at": datetime.now(UTC)}


def test_held_item_leaving_is_alerted_once_without_reload(
    page: Page, ui_server: UiServer, ui_settings: Settings
) -> None:
    log_in(page, ui_server, "qa")
    lot, sgtin = held_item(page, ui_server)
    page.get_by_role("link", name="Portals", exact=True).click()
    expect(page.get_by_text("No held item has left through a portal.")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)

    now = datetime.now(UTC)
    first = hold_alarm(sgtin, lot["lot_number"], now - timedelta(minutes=1))
    ingest(ui_settings, TopicKind.RFID, RfidBatch(**envelope(1), passes=[inbound_pass(sgtin, now)]))
    ingest(ui_settings, TopicKind.ALARM, AlarmBatch(**envelope(2), alarms=[first]))

    banner = page.locator(".hold-alarm-banners [role='alert']")
    expect(banner).to_have_count(1, timeout=POLL_TIMEOUT_MS)
    expect(banner).to_contain_text("Held item leaving:")
    expect(banner).to_contain_text(f"GTIN {sgtin.gtin} serial {sgtin.serial}")
    expect(banner).to_contain_text(f"lot {lot['lot_number']}")
    table = page.get_by_role("table", name="Held items leaving")
    row = table.locator(f"tbody tr[data-event-id='{first.event_id}']")
    expect(row).to_have_class("is-new")
    expect(row.locator("td[data-label='Portal']")).to_have_text("Dock door 1 portal")
    expect(row.locator("td[data-label='Direction']")).to_have_text("outbound")
    expect(row.locator("td[data-label='Hold']")).to_have_text("quarantined")
    link = row.locator("td[data-label='Lot'] a")
    expect(link).to_have_text(lot["lot_number"])
    expect(link).to_have_attribute("href", f"#/lots/{lot['id']}")
    (listed,) = api_get(page, ui_server, f"/sites/{SITE}/portals/alarms")
    expect_time(row.locator("td[data-label='Seen leaving']"), listed["seen_at"], ZONE)
    passes = page.get_by_role("table", name="Latest passes")
    expect(passes.locator("tbody tr").first).to_contain_text("inbound")
    expect(passes.locator("tbody tr").first).to_contain_text("Dock door 1 portal")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "portal-held-item-alert.png"), full_page=True)

    # A second alarm: once it is on screen the page has polled again, and the first one has
    # still its single banner; the newest is at the top of the table.
    second = hold_alarm(sgtin, lot["lot_number"], now)
    ingest(ui_settings, TopicKind.ALARM, AlarmBatch(**envelope(3), alarms=[second]))
    expect(banner).to_have_count(2, timeout=POLL_TIMEOUT_MS)
    expect(table.locator("tbody tr").first).to_have_attribute("data-event-id", str(second.event_id))
    expect(table.locator("tbody tr.is-new")).to_have_count(2)
    banner.first.get_by_role("button", name="Dismiss the held item alert").click()
    expect(banner).to_have_count(1)
    expect(page.get_by_text("not available in this deployment")).to_have_count(0)
