"""bench-rfid: tag reports per second the edge processes, and pass latency into PostgreSQL.

1. Throughput: ``coldtrace-sim reader`` in its own process (200 tags on two antennas, no read
   rate limit) and the edge's ``RfidPortals`` (sllurp decoding, typed reads, smoothing) in this
   one; tag reports the smoothing folded in per second over a window, after a warm-up.
2. Latency: 100 passes/s (one SGTIN each, read twice outside then twice inside over 0.3 s) fed
   into the edge's ``RfidPortals`` as a reader's reports would be; smoothing, aggregation, the
   outbox, the MQTT link and publisher run as in the agent; Mosquitto; an ingest worker process;
   PostgreSQL. Per pass: the movement's ``recorded_at`` (the ingest transaction) minus its
   ``occurred_at`` (the last read) minus the departure timeout. Lost = passes without a movement.
Last line: one JSON object with the figures.
"""

import argparse
import asyncio
import json
import logging
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from coldtrace_cloud.audit import Actor
from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.db.migrate import upgrade
from coldtrace_cloud.items.service import new_item
from coldtrace_cloud.locations import service as places
from coldtrace_cloud.locations.models import LocationKind
from coldtrace_cloud.lots.flows import LotStatus
from coldtrace_cloud.lots.service import create_lot
from coldtrace_cloud.products import service as catalog
from coldtrace_edge.app import link_config, topic_for
from coldtrace_edge.rfid.config import PortalFile
from coldtrace_edge.rfid.holds import HoldBook
from coldtrace_edge.rfid.portal import RfidPortals
from coldtrace_edge.rfid.reads import RawRead
from coldtrace_edge.settings import Settings as EdgeSettings
from coldtrace_edge.uplink.mqtt_link import MqttLink
from coldtrace_edge.uplink.outbox import Outbox
from coldtrace_edge.uplink.publisher import Publisher
from coldtrace_protocol.identifiers import Sgtin96, decode_epc_bytes
from coldtrace_sim.rfworld.epcs import DEMO_COMPANY_PREFIX, item_epc
from devstack.cli import Stack, build_stack
from devstack.config import load_stack_config
from devstack.mosquitto import ADMIN_USER, CLOUD_USER
from devstack.postgres import APP_USER

TAGS = 200
SITE, GATEWAY, READER = "site-bench", "gw-rfid-bench", "door-1-reader"
DEPARTURE_S, AGGREGATION_S = 0.5, 0.2
ACTOR = Actor.system("bench-rfid")


def portal_file(port: int, report_every_n_tags: int) -> PortalFile:
    """One reader, antenna 1 outside and 2 inside door-1."""
    return PortalFile.model_validate(
        {
            "readers": [
                {
                    "id": READER,
                    "port": port,
                    "report_every_n_tags": report_every_n_tags,
                    "report_timeout_ms": 100,
                    "antennas": [
                        {"port": 1, "portal": "door-1", "zone": "outside"},
                        {"port": 2, "portal": "door-1", "zone": "inside"},
                    ],
                }
            ],
            "portals": [
                {"id": "door-1", "outside_location": "dock-1", "inside_location": "cold-room-1"}
            ],
            "smoothing": {
                "departure_timeout_s": DEPARTURE_S,
                "aggregation_delay_s": AGGREGATION_S,
                "min_pass_rssi_dbm": -70.0,
            },
        }
    )


@contextmanager
def simulator() -> Iterator[int]:
    """``coldtrace-sim reader`` in its own process: yields its port."""
    command = [
        sys.executable, "-m", "coldtrace_sim", "reader", "--port", "0", "--tags", str(TAGS),
        "--antennas", "2", "--plain", "--read-rate", "0", "--round-ms", "0",
        "--read-probability", "1", "--log-level", "WARNING",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        yield int(process.stdout.readline().split()[2])  # "listening HOST PORT"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


async def throughput(port: int, n: int, warmup_s: float, window_s: float, tmp: Path) -> float:
    """Tag reports per second through sllurp and the smoothing."""
    outbox = Outbox(tmp / "throughput.sqlite3", gateway_id=GATEWAY)
    portals = RfidPortals(portal_file(port, n), outbox, HoldBook(tmp / "holds.json"))
    try:
        async with asyncio.TaskGroup() as tasks:
            running = tasks.create_task(portals.run(), name="portals")
            await asyncio.sleep(warmup_s)
            reads, start = portals.smoother.stats.reads, time.perf_counter()
            await asyncio.sleep(window_s)
            rate = (portals.smoother.stats.reads - reads) / (time.perf_counter() - start)
            running.cancel()
    finally:
        await outbox.close()
    return rate


async def provision(database_url: str, passes: int) -> None:
    """A door between dock-1 and cold-room-1, and one item per pass."""
    engine = create_async_engine(database_url)
    try:
        await upgrade(engine)
        async with make_sessionmaker(engine)() as session:
            await catalog.create_profile(session, ACTOR, code="2-8C", name="2-8",
                                         temperature_min_c=2.0, temperature_max_c=8.0)  # fmt: skip
            sgtin = decode_epc_bytes(item_epc(DEMO_COMPANY_PREFIX, "012345", 1))
            assert isinstance(sgtin, Sgtin96)
            product = await catalog.create_product(session, ACTOR, gtin=sgtin.gtin,
                description="item", category="devices", profile_code="2-8C")  # fmt: skip
            lot = await create_lot(session, ACTOR, product, lot_number="B1",
                expiry_date=date(2030, 1, 1), production_date=None,
                status=LotStatus.RELEASED)  # fmt: skip
            site = await places.create_site(session, ACTOR, code=SITE, name=SITE,
                                            timezone="UTC", region=None, gln=None)  # fmt: skip
            for code, kind in (("dock-1", LocationKind.DOCK_DOOR), ("cold-room-1", None)):
                await places.create_location(session, ACTOR, site, code=code, name=code,
                    kind=kind or LocationKind.COLD_ROOM, sgln=None)  # fmt: skip
            await places.create_portal(session, ACTOR, site, code="door-1", name="door 1",
                door="dock-1", outside="dock-1", inside="cold-room-1", reader_host=None,
                reader_port=5084, gateway_id=GATEWAY,
                antennas=[places.AntennaSpec(1, "outside"), places.AntennaSpec(2, "inside")],
            )  # fmt: skip
            session.add_all(
                new_item(lot, sgtin.gtin, str(k), DEMO_COMPANY_PREFIX) for k in range(1, passes + 1)
            )
            await session.commit()
    finally:
        await engine.dispose()


def pass_reads(serial: int, step: int, now_us: int) -> RawRead:
    """Read ``step`` (0-3) of one item's pass: twice outside, then twice inside."""
    epc = item_epc(DEMO_COMPANY_PREFIX, "012345", serial).hex().upper()
    antenna, rssi = ((1, -55.0), (1, -50.0), (2, -50.0), (2, -58.0))[step]
    return RawRead(epc, antenna, rssi, 1, now_us, now_us)


async def feed_passes(portals: RfidPortals, passes: int, rate_per_s: float) -> None:
    """Reads of ``passes`` passes starting ``1/rate`` apart, 0.1 s between reads, as reports
    every 10 ms; closes and appends the passes as the agent's pass writer would."""
    start = time.monotonic()
    due = sorted(
        (k / rate_per_s + step * 0.1, k + 1, step) for k in range(passes) for step in range(4)
    )
    position = 0
    while portals.passes_appended < passes:
        elapsed = time.monotonic() - start
        batch = []
        while position < len(due) and due[position][0] <= elapsed:
            _, serial, step = due[position]
            batch.append(pass_reads(serial, step, time.time_ns() // 1000))
            position += 1
        if batch:
            portals.on_reads(READER, batch)
        await portals.flush(time.monotonic())
        await asyncio.sleep(0.01)
        if elapsed > passes / rate_per_s + 60:
            break


async def run_latency_edge(stack: Stack, prefix: str, passes: int, rate: float, tmp: Path) -> None:
    """The edge side of the latency run: portals -> outbox -> MQTT, until all is acknowledged."""
    settings = EdgeSettings(
        gateway_id=GATEWAY, site_id=SITE, mqtt_port=stack.config.mqtt_port,
        mqtt_username=ADMIN_USER, mqtt_password=stack.credentials.mqtt_admin_password,
        mqtt_topic_prefix=prefix, data_dir=tmp,
    )  # fmt: skip
    outbox = Outbox(tmp / "latency.sqlite3", gateway_id=GATEWAY)
    link = MqttLink(link_config(settings))
    publisher = Publisher(outbox, link, lambda kind: topic_for(settings, kind))
    portals = RfidPortals(portal_file(5084, 20), outbox, HoldBook(tmp / "holds.json"))
    try:
        async with asyncio.TaskGroup() as tasks:
            link_task = tasks.create_task(link.run(), name="mqtt-link")
            publishing = tasks.create_task(publisher.run(), name="publisher")
            await link.wait_connected()
            await feed_passes(portals, passes, rate)
            await publisher.drain(30.0)
            publishing.cancel()
            await link.stop()
            await link_task
    finally:
        await outbox.close()


def latencies_ms(database_url: str) -> list[float]:
    """recorded_at - occurred_at - departure timeout of every RFID movement, in ms."""
    sql = (
        "SELECT EXTRACT(EPOCH FROM recorded_at - occurred_at) * 1000 FROM movements "
        "WHERE source = 'rfid'"
    )

    async def run() -> list[float]:
        engine = create_async_engine(database_url)
        try:
            async with engine.connect() as connection:
                rows = await connection.execute(text(sql))
                return [float(ms) - DEPARTURE_S * 1000 for (ms,) in rows]
        finally:
            await engine.dispose()

    return asyncio.run(run())


def ingest_worker(
    stack: Stack, database_url: str, prefix: str, log: Path
) -> subprocess.Popen[bytes]:
    """``coldtrace_cloud ingest`` on the bench database and prefix."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COLDTRACE_")} | {
        "COLDTRACE_CLOUD_DATABASE_URL": database_url,
        "COLDTRACE_CLOUD_INFLUX_URL": stack.influx.url,
        "COLDTRACE_CLOUD_MQTT_PORT": str(stack.config.mqtt_port),
        "COLDTRACE_CLOUD_MQTT_USERNAME": CLOUD_USER,
        "COLDTRACE_CLOUD_MQTT_PASSWORD": stack.credentials.mqtt_cloud_password,
        "COLDTRACE_CLOUD_MQTT_TOPIC_PREFIX": prefix,
        "COLDTRACE_CLOUD_INGEST_WORKER_ID": f"{prefix}-w1",
        "COLDTRACE_CLOUD_LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "coldtrace_cloud", "ingest"],
        env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank)."""
    ranked = sorted(values)
    return ranked[min(len(ranked) - 1, max(0, round(q / 100 * len(ranked)) - 1))]


def main() -> int:
    """Run both measurements and print the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--report-every-n-tags", type=int, default=100)
    parser.add_argument("--window-s", type=float, default=10.0)
    parser.add_argument("--passes", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=100.0, help="passes per second")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("sllurp").setLevel(logging.ERROR)  # partial frames are normal at full rate
    tmp = Path(tempfile.mkdtemp(prefix="bench-rfid-"))
    with simulator() as port:
        rate = asyncio.run(throughput(port, args.report_every_n_tags, 3.0, args.window_s, tmp))
    print(f"throughput: {rate:,.0f} tag reports/s (N={args.report_every_n_tags})", flush=True)

    stack = build_stack(load_stack_config())
    run_id = uuid.uuid4().hex[:8]
    pg_db, prefix = f"bench_rfid_{run_id}", f"benchrfid{run_id}"
    stack.postgres.psql(f'CREATE DATABASE "{pg_db}" OWNER {APP_USER}')
    database_url = stack.postgres.app_url(pg_db, "postgresql+asyncpg")
    worker = None
    try:
        asyncio.run(provision(database_url, args.passes))
        worker = ingest_worker(stack, database_url, prefix, tmp / "ingest.log")
        time.sleep(3)  # the worker connects and subscribes
        started = datetime.now(UTC)
        asyncio.run(run_latency_edge(stack, prefix, args.passes, args.rate, tmp))
        deadline = time.monotonic() + 60
        found: list[float] = []
        while time.monotonic() < deadline:
            found = latencies_ms(database_url)
            if len(found) >= args.passes:
                break
            time.sleep(0.5)
        print(f"latency run: {len(found)} movements since {started.isoformat()}", flush=True)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(30)
        stack.postgres.psql(f'DROP DATABASE IF EXISTS "{pg_db}" WITH (FORCE)')
    lost = max(0, args.passes - len(found))
    print(
        json.dumps(
            {
                "tag_reports_per_s": round(rate),
                "pass_latency_p50_ms": round(statistics.median(found)) if found else None,
                "pass_latency_p99_ms": round(percentile(found, 99)) if found else None,
                "lost": lost,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
