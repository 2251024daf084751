"""bench-excursion: from the probe reading that completes the alarm delay to the quarantine
committed in PostgreSQL, while background telemetry loads the same ingest path.

The bench stands in for the edge's uplink: the clock starts when the MQTT message carrying the
completing reading is handed to the client (QoS 1, as the edge publishes), and stops when the
bench, LISTENing on ``coldtrace_holds``, hears the NOTIFY that the quarantine transaction
delivers at its commit. Each trial has its own cold room, probe and lot; its probe already sent
14 minutes of 12 °C readings (the 2-8 °C rules' delay is 15 minutes), so the one reading sent
on the clock completes the delay. Background: messages of 500 readings of unwatched sensors at
the offered rate; the achieved rate is what the ingest workers committed during the trials
(``ingested_messages.item_count``). Last line: one JSON object.
"""

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import create_async_engine

from coldtrace_cloud.audit import Actor
from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.consignees.models import ConsigneeKind
from coldtrace_cloud.consignees.service import create_consignee
from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.db.migrate import upgrade
from coldtrace_cloud.db.notifications import HOLDS_CHANNEL, listening
from coldtrace_cloud.excursions.rules import TEMPLATES
from coldtrace_cloud.excursions.rulesets import set_rules, watch
from coldtrace_cloud.ingest.models import IngestedMessage
from coldtrace_cloud.locations import service as places
from coldtrace_cloud.locations.models import LocationKind
from coldtrace_cloud.lots import flows
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.products import service as catalog
from coldtrace_cloud.receiving.service import ReceivingPoint, receive_scan
from coldtrace_cloud.sensors.models import SensorKind
from coldtrace_cloud.sensors.service import bind, register_sensor
from coldtrace_protocol.identifiers import with_check_digit
from coldtrace_protocol.telemetry import Reading, TelemetryBatch
from coldtrace_protocol.topics import GatewayTopic, TopicKind
from devstack.cli import Stack, build_stack
from devstack.config import load_stack_config
from devstack.mosquitto import ADMIN_USER, CLOUD_USER
from devstack.postgres import APP_USER

ACTOR = Actor.system("bench-excursion")
SITE = "bench"
PROBE_GATEWAY = "gw-probe"
BACKGROUND_GATEWAY = "gw-bg"
GTIN = with_check_digit("0952012300035")


ROOT = Path(__file__).resolve().parents[1]
READINGS_PER_MESSAGE = 500
PLACEHOLDER = "00000000-0000-4000-8000-000000000000"


@dataclass(frozen=True)
class Trial:
    """One cold room: its probe and the lot that must be quarantined."""

    probe: str
    lot_id: int


def background_sensor(k: int) -> str:
    """Code of background sensor ``k``."""
    return f"bg-{k:04d}"


async def build(database_url: str, trials: int, background_sensors: int) -> list[Trial]:
    """Migrate and provision; the trials in order."""
    engine = create_async_engine(database_url)
    found = []
    try:
        await upgrade(engine)
        async with make_sessionmaker(engine).begin() as session:
            profile = await catalog.create_profile(
                session,
                ACTOR,
                code="2-8C",
                name="2-8 °C",
                temperature_min_c=2.0,
                temperature_max_c=8.0,
            )
            await set_rules(session, ACTOR, profile, TEMPLATES["2-8C"], reason="bench")
            await catalog.create_product(
                session,
                ACTOR,
                gtin=GTIN,
                description="bench vaccine",
                category="vaccines",
                profile_code="2-8C",
            )
            site = await places.create_site(
                session, ACTOR, code=SITE, name=SITE, timezone="UTC", region="eu", gln=None
            )
            supplier = await create_consignee(
                session, ACTOR, code="mfr", kind=ConsigneeKind.MANUFACTURER, name="mfr"
            )
            bound_at = datetime.now(UTC) - timedelta(hours=2)
            expiry = (datetime.now(UTC) + timedelta(days=400)).date()
            for i in range(trials):
                room = await places.create_location(
                    session,
                    ACTOR,
                    site,
                    code=f"cold-{i}",
                    name=f"cold room {i}",
                    kind=LocationKind.COLD_ROOM,
                    sgln=None,
                )
                scan = f"(01){GTIN}(17){expiry:%y%m%d}(10)L{i:04d}(21)S{i:04d}"
                got = await receive_scan(
                    session,
                    ACTOR,
                    AccessScope.everything(),
                    scan=scan,
                    point=ReceivingPoint(location=room, source=supplier),
                    at=bound_at,
                )
                lot = got.lot
                if lot is None:
                    raise RuntimeError(f"scan {scan} received no lot")
                await flows.release(session, ACTOR, lot, reason="bench stock")
                sensor = await register_sensor(
                    session,
                    ACTOR,
                    code=f"probe-{i:04d}",
                    kind=SensorKind.PROBE,
                    model=None,
                    gateway_id=PROBE_GATEWAY,
                )
                await bind(
                    session,
                    ACTOR,
                    sensor,
                    valid_from=bound_at,
                    location_id=room.id,
                    shipment_id=None,
                )
                await watch(session, ACTOR, profile, location_id=room.id)
                found.append(Trial(sensor.code, lot.id))
            for k in range(background_sensors):
                await register_sensor(
                    session,
                    ACTOR,
                    code=background_sensor(k),
                    kind=SensorKind.PROBE,
                    model=None,
                    gateway_id=BACKGROUND_GATEWAY,
                )
    finally:
        await engine.dispose()
    return found


def mqtt_client(stack: Stack) -> mqtt.Client:
    """A connected MQTT 5 client of the bench (the edge's side), loop running."""
    client = mqtt.Client(
        CallbackAPIVersion.VERSION2, client_id=f"bench-{uuid.uuid4().hex[:8]}", protocol=mqtt.MQTTv5
    )
    client.username_pw_set(ADMIN_USER, stack.credentials.mqtt_admin_password)
    client.max_inflight_messages_set(500)
    client.max_queued_messages_set(0)
    client.connect("127.0.0.1", stack.config.mqtt_port)
    client.loop_start()
    return client


def batch(gateway: str, seq: int, readings: list[Reading]) -> bytes:
    """A telemetry message."""
    now = datetime.now(UTC)
    return (
        TelemetryBatch(
            gateway_id=gateway, seq=seq, message_id=uuid.uuid4(), sent_at=now, readings=readings
        )
        .model_dump_json()
        .encode()
    )


def probe_readings(code: str, start: datetime, values: list[float]) -> list[Reading]:
    """One reading a minute from ``start``."""
    now = datetime.now(UTC)
    return [
        Reading(
            sensor_id=code,
            measured_at=start + timedelta(minutes=n),
            received_at=now,
            temperature_c=v,
        )
        for n, v in enumerate(values)
    ]


class Background(threading.Thread):
    """Publishes background messages at ``rate`` readings/s until stopped."""

    def __init__(self, client: mqtt.Client, topic: str, sensors: int, rate: int) -> None:
        super().__init__(name="background", daemon=True)
        self.client, self.topic, self.rate = client, topic, rate
        self.stop = threading.Event()
        self.published = 0
        now = datetime.now(UTC)
        readings = [
            Reading(
                sensor_id=background_sensor(n % sensors),
                measured_at=now - timedelta(seconds=n // sensors),
                received_at=now,
                temperature_c=5.0 + (n % 7) / 10,
            )
            for n in range(READINGS_PER_MESSAGE)
        ]
        self.template = TelemetryBatch(
            gateway_id=BACKGROUND_GATEWAY,
            seq=1,
            message_id=uuid.UUID(PLACEHOLDER),
            sent_at=now,
            readings=readings,
        ).model_dump_json()

    def run(self) -> None:
        """Pace messages so that readings/s matches the offered rate."""
        interval_s = READINGS_PER_MESSAGE / self.rate
        next_at = time.perf_counter()
        seq = 1
        while not self.stop.is_set():
            seq += 1
            body = self.template.replace(PLACEHOLDER, str(uuid.uuid4()), 1)
            body = body.replace('"seq":1,', f'"seq":{seq},', 1)
            self.client.publish(self.topic, body.encode(), qos=1)
            self.published += READINGS_PER_MESSAGE
            next_at += interval_s
            delay = next_at - time.perf_counter()
            if delay > 0:
                self.stop.wait(delay)


async def ingested(database_url: str, gateway: str) -> int:
    """Readings of ``gateway`` the ingest workers committed so far."""
    engine = create_async_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            total = await session.scalar(
                select(func.coalesce(func.sum(IngestedMessage.item_count), 0)).where(
                    IngestedMessage.gateway_id == gateway
                )
            )
            return int(total or 0)
    finally:
        await engine.dispose()


async def quarantined(database_url: str, lot_ids: list[int]) -> int:
    """How many of ``lot_ids`` are quarantined."""
    engine = create_async_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            count = await session.scalar(
                select(func.count()).where(Lot.id.in_(lot_ids), Lot.status == "quarantined")
            )
            return int(count or 0)
    finally:
        await engine.dispose()


async def wait_ingested(database_url: str, gateway: str, total: int, timeout_s: float) -> None:
    """Until ``total`` readings of ``gateway`` are committed (set-up only)."""
    deadline = time.monotonic() + timeout_s
    while await ingested(database_url, gateway) < total:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{gateway}: readings not ingested within {timeout_s} s")
        await asyncio.sleep(0.2)


async def trials_under_load(
    database_url: str, client: mqtt.Client, topic: str, trials: list[Trial], completing: datetime
) -> list[float]:
    """Latency of each trial in ms (None-free: a trial that times out raises)."""
    latencies = []
    sqlalchemy_url = database_url
    async with listening(sqlalchemy_url, HOLDS_CHANNEL) as listener:
        for n, trial in enumerate(trials):
            body = batch(PROBE_GATEWAY, 10_000 + n, probe_readings(trial.probe, completing, [12.0]))
            while not listener.queue.empty():
                listener.queue.get_nowait()  # a late echo of an earlier trial stops no clock
            start = time.perf_counter()
            client.publish(topic, body, qos=1)
            if await listener.next(60.0) is None:
                raise TimeoutError(f"trial {n}: no quarantine within 60 s")
            latencies.append((time.perf_counter() - start) * 1000)
            await asyncio.sleep(0.2)
    return latencies


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def start_workers(env: dict[str, str], logs: Path, workers: int) -> list[subprocess.Popen[bytes]]:
    """Ingest worker processes."""
    logs.mkdir(parents=True, exist_ok=True)
    return [
        subprocess.Popen(
            [sys.executable, "-m", "coldtrace_cloud", "ingest"],
            env=env | {"COLDTRACE_CLOUD_INGEST_WORKER_ID": f"{logs.parent.name}-{w}"},
            stdout=(logs / f"ingest-{w}.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        for w in range(workers)
    ]


def main() -> int:  # one measurement, in order
    """Build, load, measure, print the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--background", type=int, default=50_000, help="offered readings/s")
    parser.add_argument("--background-sensors", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    stack = build_stack(load_stack_config())
    run_id = uuid.uuid4().hex[:8]
    pg_db, influx_db, prefix = f"bench_exc_{run_id}", f"bench_exc_{run_id}", f"bx{run_id}"
    stack.postgres.psql(f'CREATE DATABASE "{pg_db}" OWNER {APP_USER}')
    stack.influx.query(f'CREATE DATABASE "{influx_db}"')
    database_url = stack.postgres.app_url(pg_db, "postgresql+asyncpg")
    trials = asyncio.run(build(database_url, args.trials, args.background_sensors))
    print(f"{len(trials)} cold rooms provisioned", flush=True)
    base = {k: v for k, v in os.environ.items() if not k.startswith("COLDTRACE_")}
    env = base | {
        "COLDTRACE_CLOUD_DATABASE_URL": database_url,
        "COLDTRACE_CLOUD_INFLUX_URL": stack.influx.url,
        "COLDTRACE_CLOUD_INFLUX_DATABASE": influx_db,
        "COLDTRACE_CLOUD_MQTT_PORT": str(stack.config.mqtt_port),
        "COLDTRACE_CLOUD_MQTT_USERNAME": CLOUD_USER,
        "COLDTRACE_CLOUD_MQTT_PASSWORD": stack.credentials.mqtt_cloud_password,
        "COLDTRACE_CLOUD_MQTT_TOPIC_PREFIX": prefix,
        "COLDTRACE_CLOUD_LOG_LEVEL": "WARNING",
    }
    children = start_workers(env, ROOT / ".state" / "bench" / run_id / "logs", args.workers)
    client = mqtt_client(stack)
    probe_topic = str(GatewayTopic(SITE, PROBE_GATEWAY, TopicKind.TELEMETRY, prefix))
    bg_topic = str(GatewayTopic(SITE, BACKGROUND_GATEWAY, TopicKind.TELEMETRY, prefix))
    background = Background(client, bg_topic, args.background_sensors, args.background)
    try:
        time.sleep(3)  # workers connect and subscribe
        # 5 °C, then 14 minutes at 12 °C: one more warm minute completes the 15 min delay.
        start = datetime.now(UTC) - timedelta(minutes=30)
        for n, trial in enumerate(trials):
            warm = probe_readings(trial.probe, start, [5.0] + [12.0] * 15)
            client.publish(probe_topic, batch(PROBE_GATEWAY, n + 1, warm), qos=1)
        asyncio.run(wait_ingested(database_url, PROBE_GATEWAY, 16 * len(trials), 120))
        if asyncio.run(quarantined(database_url, [t.lot_id for t in trials])):
            raise RuntimeError("a lot was quarantined before the delay completed")
        background.start()
        time.sleep(5)  # the load settles
        before, t0 = asyncio.run(ingested(database_url, BACKGROUND_GATEWAY)), time.perf_counter()
        latencies = asyncio.run(
            trials_under_load(
                database_url, client, probe_topic, trials, start + timedelta(minutes=16)
            )
        )
        after, t1 = asyncio.run(ingested(database_url, BACKGROUND_GATEWAY)), time.perf_counter()
        background.stop.set()
        background.join()
        held = asyncio.run(quarantined(database_url, [t.lot_id for t in trials]))
    finally:
        client.loop_stop()
        client.disconnect()
        for child in children:
            child.terminate()
        for child in children:
            child.wait(30)
        stack.postgres.psql(f'DROP DATABASE IF EXISTS "{pg_db}" WITH (FORCE)')
        stack.influx.query(f'DROP DATABASE "{influx_db}"')
    achieved = (after - before) / (t1 - t0)
    print(
        f"{held}/{len(trials)} lots quarantined; latency mean {statistics.fmean(latencies):.0f} ms,"
        f" max {max(latencies):.0f} ms; background offered {args.background:,}/s,"
        f" achieved {achieved:,.0f}/s",
        flush=True,
    )
    print(
        json.dumps(
            {
                "detect_to_quarantine_p50_ms": round(percentile(latencies, 50), 1),
                "detect_to_quarantine_p99_ms": round(percentile(latencies, 99), 1),
                "background_readings_per_s": round(achieved),
            }
        )
    )
    return 0 if held == len(trials) else 1


if __name__ == "__main__":
    sys.exit(main())
