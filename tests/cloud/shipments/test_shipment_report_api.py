"""The shipment temperature report over HTTP: a delivered shipment whose logger spent three
quarters of the trip at 5 °C and one at 14 °C (MKT 8.29 °C, as 18 h + 6 h in ARCHITECTURE.md)
gives a PDF whose text shows the shipment, that MKT, the acknowledged excursion and the signature
block, and a CSV of the same buckets."""

import csv
import io
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from pypdf import PdfReader
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.excursions.mkt import mkt_c
from coldtrace_cloud.excursions.rules import TEMPLATES
from coldtrace_cloud.excursions.rulesets import set_rules, watch
from coldtrace_cloud.ingest.pipeline import IngestPipeline
from coldtrace_cloud.locations.models import Site
from coldtrace_cloud.products.service import get_profile
from coldtrace_cloud.sensors.models import SensorKind
from coldtrace_cloud.sensors.service import bind, register_sensor
from coldtrace_cloud.settings import Settings
from coldtrace_cloud.shipments.models import Shipment
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_protocol.telemetry import ReadingSource
from tests.cloud.excursions.engine_support import delivery, readings
from tests.cloud.inventory_support.client import api_client, bearer
from tests.cloud.inventory_support.stock import Stock, stock_up
from tests.cloud.inventory_support.world import ACTOR, World, build_world

NOW = datetime.now(UTC).replace(second=0, microsecond=0)
CODE = "RPT-SHP-1"
LOGGER = "RPT-L01"
BERLIN = ZoneInfo("Europe/Berlin")
# The test stock was received 2 h ago: the trip runs in the last 90 minutes.
DEPARTED = NOW - timedelta(minutes=90)
FIRST_READING = NOW - timedelta(minutes=85)
# Every minute: 60 min at 5 °C, 20 min at 14 °C, back to 5 °C at the end.
VALUES = [5.0] * 59 + [14.0] * 20 + [5.0]
BREACH_AT = FIRST_READING + timedelta(minutes=59)


def iso(at: datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")


def berlin(at: datetime) -> str:
    return f"{at.astimezone(BERLIN):%Y-%m-%d %H:%M}"


@pytest.fixture(scope="module")
def world(database_url: str) -> World:
    return build_world(database_url)


@pytest.fixture(scope="module")
def stock(database_url: str, world: World) -> Stock:
    return stock_up(database_url, world)


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_async_engine(database_url)
    try:
        yield make_sessionmaker(engine)
    finally:
        await engine.dispose()


async def ship_with_logger(
    api: httpx.AsyncClient,
    sessions: async_sessionmaker[AsyncSession],
    world: World,
    stock: Stock,
) -> None:
    """North (in Berlin's time zone) ships 4 vaccines to hosp-1; a watched logger rides along."""
    async with sessions.begin() as session:
        await session.execute(
            update(Site).where(Site.code == "north").values(timezone="Europe/Berlin")
        )
    ship = bearer(world.token("logistics"))
    body = {"code": CODE, "origin_site": "north", "destination_consignee": "hosp-1"}
    assert (await api.post("/shipments", json=body, headers=ship)).status_code == 201
    leg = {"mode": "road", "carrier": "Kühl-Trans", "origin": "north DC", "destination": "hosp-1"}
    assert (await api.post(f"/shipments/{CODE}/legs", json=leg, headers=ship)).status_code == 201
    load = {"lot_id": stock.late.id, "quantity": 4}
    assert (
        await api.post(f"/shipments/{CODE}/contents", json=load, headers=ship)
    ).status_code == 200
    for status, at in (
        ("loading", None),
        ("in_transit", iso(DEPARTED)),
        ("delivered", iso(NOW - timedelta(minutes=2))),
    ):
        moved = await api.post(
            f"/shipments/{CODE}/transitions",
            json={"status": status} | ({"at": at} if at else {}),
            headers=ship,
        )
        assert moved.status_code == 200, moved.text
    async with sessions.begin() as session:
        shipment = await session.scalar(select(Shipment).where(Shipment.code == CODE))
        assert shipment is not None
        profile = await get_profile(session, "2-8C")
        await set_rules(session, ACTOR, profile, TEMPLATES["2-8C"], reason="report test")
        logger = await register_sensor(
            session, ACTOR, code=LOGGER, kind=SensorKind.LOGGER, model=None, gateway_id="gw-dock"
        )
        await bind(
            session,
            ACTOR,
            logger,
            valid_from=DEPARTED,
            location_id=None,
            shipment_id=shipment.id,
        )
        await watch(session, ACTOR, profile, shipment_id=shipment.id)


def pdf_text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return "\n".join(page.extract_text() for page in reader.pages)


def line_starting(text: str, prefix: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(prefix))


def assert_report_text(text: str, again: str) -> None:
    """MKT and figures, the excursion row, the signature block; the same data, the same hash."""
    expected_mkt = mkt_c([(v, 60.0) for v in VALUES])
    assert expected_mkt == pytest.approx(8.29, abs=0.01)
    trip = line_starting(text, "Whole trip")
    assert f"{expected_mkt:.1f} °C" in trip
    assert "5.0 °C 14.0 °C" in trip
    assert line_starting(text, f"{LOGGER} {berlin(DEPARTED)}").endswith("20 min")

    row = line_starting(text, f"{LOGGER} temperature")
    assert berlin(BREACH_AT) in row
    assert "20 min 14.0 °C" in row
    assert "acknowledged" in row
    assert "Ack. by qa" in text
    assert "Reefer reset, <= 8 °C again" in " ".join(text.split())

    assert "Prepared by:" in text
    assert "Reviewed by:" in text
    assert "Generated by Auditor (auditor)" in text
    fingerprints = re.findall(r"\b[0-9a-f]{64}\b", text)
    assert len(fingerprints) == 1
    assert fingerprints == re.findall(r"\b[0-9a-f]{64}\b", again)


def assert_readings_csv(table: httpx.Response) -> None:
    """One row per bucket, that is per reading here, peaks kept."""
    assert table.status_code == 200, table.text
    assert table.headers["content-type"].startswith("text/csv")
    assert table.headers["content-disposition"] == f'attachment; filename="{CODE}-readings.csv"'
    rows = list(csv.DictReader(io.StringIO(table.text)))
    assert len(rows) == len(VALUES)
    assert {r["sensor"] for r in rows} == {LOGGER}
    assert max(float(r["temperature_max_c"]) for r in rows) == 14.0


async def test_report_pdf_and_csv_of_a_shipment_with_an_excursion(
    cloud_settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    world: World,
    stock: Stock,
) -> None:
    def as_(role: str) -> dict[str, str]:
        return bearer(world.token(role))

    prefix = cloud_settings.mqtt_topic_prefix
    async with api_client(cloud_settings) as api:
        await ship_with_logger(api, sessions, world, stock)
        dump = readings(LOGGER, FIRST_READING, VALUES, source=ReadingSource.LOGGER)
        async with InfluxClient(cloud_settings.influx_url, cloud_settings.influx_database) as db:
            await IngestPipeline(sessions, db, prefix).store([delivery(prefix, 1, dump)])
        listed = await api.get("/excursions", params={"kind": "temperature"}, headers=as_("qa"))
        [excursion] = listed.json()["items"]
        ack = await api.post(
            f"/excursions/{excursion['id']}/acknowledge",
            json={"comment": "Reefer reset, ≤ 8 °C again"},
            headers=as_("qa"),
        )
        assert ack.status_code == 200, ack.text

        response = await api.get(f"/shipments/{CODE}/report.pdf", headers=as_("auditor"))
        again = await api.get(f"/shipments/{CODE}/report.pdf", headers=as_("auditor"))
        table = await api.get(f"/shipments/{CODE}/report.csv", headers=as_("operator"))
        unknown = await api.get("/shipments/NOPE/report.pdf", headers=as_("auditor"))
        elsewhere = await api.get(f"/shipments/{CODE}/report.pdf", headers=as_("south-operator"))

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="{CODE}-temperature-report.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert f"Temperature report: shipment {CODE}" in text
    assert "Europe/Berlin" in text
    assert "Kühl-Trans" in text  # Latin-1 keeps its letters

    assert_report_text(text, pdf_text(again.content))
    assert_readings_csv(table)
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
    assert elsewhere.status_code == 403
