"""bench-ui: the shipment page with 30 days of 1-minute readings from 4 loggers, in Chromium.

Builds a fresh database ``ct_bench_ui`` (PostgreSQL and InfluxDB) with the demo world, binds four
transit loggers to shipment SHP-DEMO-002 for 30 days (its departure moved back 30 days) and writes
one reading a minute per logger (about 43,200 points each, 172,800 in all). It then starts the real
API process serving the built UI and measures:

- ``shipment_api_p95_ms``: the reading history route the page calls (the whole trip, automatic
  bucket width, min / max / mean per bucket for every logger), timed over HTTP;
- ``shipment_page_ms``: median over fresh page loads in headless Debian Chromium of the time from
  navigation start to both charts drawn (the page's ``coldtrace:chart-ready`` performance mark).

The last line is ``{"shipment_page_ms": ..., "shipment_api_p95_ms": ...}``. Targets: page at most
1,000 ms, API at most 200 ms p95. Run through ``make bench-ui`` (builds the UI, exports the stack
env, PYTHONPATH=scripts).
"""

import argparse
import asyncio
import json
import math
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

import asyncpg  # type: ignore[import-untyped]
import httpx
from playwright.sync_api import sync_playwright
from sqlalchemy import update
from sqlalchemy.ext.asyncio import create_async_engine

from coldtrace_cloud.audit import Actor
from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.db.migrate import upgrade
from coldtrace_cloud.demo.seed import seed_demo
from coldtrace_cloud.sensors.models import SensorKind
from coldtrace_cloud.sensors.service import bind, register_sensor
from coldtrace_cloud.shipments.models import Shipment
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_cloud.timeseries.writer import write_readings
from coldtrace_protocol.telemetry import Reading, ReadingSource

ROOT: Final = Path(__file__).resolve().parents[1]
DIST: Final = ROOT / "dashboards" / "dist"
DATABASE: Final = "ct_bench_ui"
SHIPMENT: Final = "SHP-DEMO-002"
LOGGERS: Final = ("BENCH-L1", "BENCH-L2", "BENCH-L3", "BENCH-L4")
TRIP: Final = timedelta(days=30)
PASSWORD: Final = "bench ui password"  # noqa: S105  # a throwaway benchmark database
# The latest of the page's chart-ready marks: both charts drawn (ms since navigation start).
READY_MS_JS: Final = (
    "Math.max(...performance.getEntriesByName('coldtrace:chart-ready').map(e => e.startTime))"
)
CHROMIUM_FLAGS: Final = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def log(message: str) -> None:
    """Progress on stderr; stdout ends with the JSON line."""
    sys.stderr.write(f"bench-ui: {message}\n")
    sys.stderr.flush()


def _url(base: str, database: str) -> str:
    return base.rsplit("/", 1)[0] + "/" + database


def readings(start: datetime) -> Iterator[Reading]:
    """One reading a minute per logger over the trip, 2-8 °C with a daily swing."""
    for n, logger in enumerate(LOGGERS):
        for minute in range(int(TRIP.total_seconds() // 60)):
            at = start + timedelta(minutes=minute)
            yield Reading(
                sensor_id=logger,
                measured_at=at,
                received_at=at,
                source=ReadingSource.LOGGER,
                temperature_c=round(5 + 1.5 * math.sin(minute / 229 + n), 2),
                humidity_pct=round(50 + 8 * math.cos(minute / 311 + n), 1),
            )


async def build(admin_url: str, app_url: str, influx_url: str, start: datetime) -> None:
    """Fresh databases, the demo world, four loggers on the shipment and their readings."""
    admin = await asyncpg.connect(admin_url)
    try:
        owner = app_url.split("://", 1)[1].split(":", 1)[0]
        await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{DATABASE}" OWNER "{owner}"')
    finally:
        await admin.close()
    engine = create_async_engine(_url(app_url, DATABASE))
    try:
        await upgrade(engine)
        async with make_sessionmaker(engine).begin() as session:
            await seed_demo(session, password=PASSWORD)
            actor = Actor.system("bench-ui")
            await session.execute(
                update(Shipment).where(Shipment.code == SHIPMENT).values(actual_departure_at=start)
            )
            shipment_id = await session.scalar(
                Shipment.__table__.select()
                .with_only_columns(Shipment.id)
                .where(Shipment.code == SHIPMENT)
            )
            for code in LOGGERS:
                sensor = await register_sensor(
                    session, actor, code=code, kind=SensorKind.LOGGER, model=None, gateway_id=None
                )
                await bind(
                    session,
                    actor,
                    sensor,
                    valid_from=start,
                    location_id=None,
                    shipment_id=shipment_id,
                )
        async with InfluxClient(influx_url, DATABASE) as influx:
            await influx.query(f'DROP DATABASE "{DATABASE}"', write=True)
            await influx.query(f'CREATE DATABASE "{DATABASE}"', write=True)
            async with make_sessionmaker(engine).begin() as session:
                written = await write_readings(influx, readings(start), session=session)
    finally:
        await engine.dispose()
    log(f"wrote {written} readings")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_api(port: int, log_path: Path) -> subprocess.Popen[bytes]:
    """``coldtrace api`` on the benchmark databases, serving the built UI."""
    env = {
        **os.environ,
        "COLDTRACE_CLOUD_DATABASE_URL": _url(os.environ["COLDTRACE_CLOUD_DATABASE_URL"], DATABASE),
        "COLDTRACE_CLOUD_INFLUX_DATABASE": DATABASE,
        "COLDTRACE_CLOUD_API_PORT": str(port),
        "COLDTRACE_CLOUD_UI_DIR": str(DIST),
        "COLDTRACE_CLOUD_RUN_MIGRATIONS": "false",
    }
    with log_path.open("wb") as out:
        proc = subprocess.Popen(  # our own interpreter and module
            [sys.executable, "-m", "coldtrace_cloud", "api"], env=env, stdout=out, stderr=out
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.2)  # the process is starting; there is no event to wait on
    proc.terminate()
    raise SystemExit(f"bench-ui: the API did not start; see {log_path}")


def measure_api(base: str, token: str, start: datetime, end: datetime, runs: int) -> float:
    """p95 in ms of the shipment history route over the whole trip."""
    query = {"start": start.isoformat(), "end": end.isoformat()}
    samples = []
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as client:
        for i in range(runs + 3):
            began = time.perf_counter()
            response = client.get(
                f"/api/v1/shipments/{SHIPMENT}/readings", params=query, timeout=30
            )
            elapsed = time.perf_counter() - began
            response.raise_for_status()
            if i >= 3:  # the first calls warm connection pools and caches
                samples.append(elapsed)
    body = response.json()
    points = sum(b["count"] for s in body["series"] for b in s["buckets"])
    series, width_s = len(body["series"]), body["resolution_s"]
    log(f"history: {series} series, {points} readings in {width_s} s buckets")
    return round(statistics.quantiles(samples, n=100, method="inclusive")[94] * 1000, 1)


def measure_page(base: str, loads: int) -> float:
    """Median ms from navigation start to both charts drawn, over fresh page loads."""
    samples = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/")
        page.get_by_label("Username").fill("logistics")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("heading", name="Sites overview").wait_for()
        for i in range(loads + 1):
            page.goto("about:blank")
            page.goto(f"{base}/#/shipments/{SHIPMENT}")
            page.locator("#humidity-chart[data-ready='true']").wait_for(timeout=30_000)
            ready = page.evaluate(READY_MS_JS)
            if i > 0:  # the first load fills the HTTP cache with the bundle, as any user's would
                samples.append(float(ready))
        points = page.locator("#temperature-chart").get_attribute("data-points")
        log(f"chart points: {points}; page loads (ms): {[round(s) for s in samples]}")
        browser.close()
    return round(statistics.median(samples), 1)


def main() -> int:
    """Build, start the API, measure, print the JSON line."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=50, help="timed API calls")
    parser.add_argument("--loads", type=int, default=7, help="timed page loads")
    args = parser.parse_args()
    if not (DIST / "index.html").exists():
        raise SystemExit("bench-ui: dashboards/dist is missing; run scripts/bootstrap")
    end = datetime.now(UTC).replace(second=0, microsecond=0)
    start = end - TRIP
    began = time.perf_counter()
    asyncio.run(
        build(
            os.environ["COLDTRACE_STACK_POSTGRES_ADMIN_URL"],
            os.environ["COLDTRACE_CLOUD_DATABASE_URL"],
            os.environ["COLDTRACE_CLOUD_INFLUX_URL"],
            start,
        )
    )
    log(f"data built in {time.perf_counter() - began:.0f} s")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        api = start_api(port, Path(tmp) / "api.log")
        try:
            login = httpx.post(
                f"{base}/api/v1/auth/login",
                json={"username": "logistics", "password": PASSWORD},
                timeout=10,
            )
            login.raise_for_status()
            api_p95 = measure_api(base, login.json()["access_token"], start, end, args.runs)
            page_ms = measure_page(base, args.loads)
        finally:
            api.terminate()
            api.wait(timeout=20)
    sys.stdout.write(
        json.dumps({"shipment_page_ms": page_ms, "shipment_api_p95_ms": api_p95}) + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
