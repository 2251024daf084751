"""bench-ingest: readings per second through the whole path, against InfluxDB's own ceiling.

1. InfluxDB ceiling: 1,000,000 pre-rendered points POSTed to ``/write`` in 5,000-point batches,
   two requests in flight (one per core), into a database of its own.
2. The path: the edge's own code (SyntheticFleet -> Outbox) fills an outbox with N readings in
   messages of 100; then ingest worker processes and an edge agent process start, and the clock
   runs from the agent's start until every reading is queryable in InfluxDB (count per sensor).
   Lost and duplicated are counted per sensor against what the fleet produced.
Last line: one JSON object with the figures.
"""

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy.ext.asyncio import create_async_engine

from coldtrace_cloud.audit import Actor
from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.db.migrate import upgrade
from coldtrace_cloud.sensors.models import SensorKind
from coldtrace_cloud.sensors.service import register_sensor
from coldtrace_edge.synthetic import SyntheticFleet, synthetic_sensor_id
from coldtrace_edge.uplink.outbox import Outbox
from devstack.cli import Stack, build_stack
from devstack.config import load_stack_config
from devstack.mosquitto import ADMIN_USER, CLOUD_USER
from devstack.postgres import APP_USER

ROOT = Path(__file__).resolve().parents[1]
GATEWAY = "gw-bench"


def influx_ceiling(url: str, points: int, batch: int = 5000, parallel: int = 2) -> float:
    """Points per second InfluxDB accepts as raw 5,000-point line-protocol batches."""
    database = f"bench_ceiling_{uuid.uuid4().hex[:8]}"
    httpx.post(f"{url}/query", data={"q": f'CREATE DATABASE "{database}"'}, timeout=30)
    t0 = 1_700_000_000_000_000_000
    lines = [
        f"readings,sensor=s{i % 100},source=probe temperature_c={4 + (i % 50) / 10},"
        f'quality="ok",received_at_ms={i}i {t0 + (i // 100) * 60_000_000_000}'
        for i in range(points)
    ]
    bodies = ["\n".join(lines[i : i + batch]).encode() for i in range(0, points, batch)]

    async def run() -> float:
        async with httpx.AsyncClient(base_url=url, timeout=120) as client:
            queue: asyncio.Queue[bytes] = asyncio.Queue()
            for body in bodies:
                queue.put_nowait(body)

            async def writer() -> None:
                while not queue.empty():
                    body = queue.get_nowait()
                    response = await client.post("/write", params={"db": database}, content=body)
                    response.raise_for_status()

            start = time.perf_counter()
            await asyncio.gather(*(writer() for _ in range(parallel)))
            return points / (time.perf_counter() - start)

    try:
        return asyncio.run(run())
    finally:
        httpx.post(f"{url}/query", data={"q": f'DROP DATABASE "{database}"'}, timeout=60)


async def prepare(database_url: str, data_dir: Path, sensors: int, per_sensor: int) -> None:
    """Migrate, provision the sensors, and fill the edge outbox with the edge's own code."""
    engine = create_async_engine(database_url)
    try:
        await upgrade(engine)
        async with make_sessionmaker(engine).begin() as session:
            for k in range(sensors):
                await register_sensor(
                    session,
                    Actor.system("bench"),
                    code=synthetic_sensor_id(GATEWAY, k),
                    kind=SensorKind.PROBE,
                    model=None,
                    gateway_id=GATEWAY,
                )
    finally:
        await engine.dispose()
    outbox = Outbox(data_dir / "outbox.sqlite3", gateway_id=GATEWAY, max_items_per_message=100)
    fleet = SyntheticFleet(
        outbox,
        GATEWAY,
        sensors,
        per_sensor,
        60.0,
        0.0,
        data_dir / "synthetic-cursor.json",
        batch_rounds=200,
    )
    await fleet.run()
    while await outbox.pack(limit_items=50_000):
        pass
    await outbox.close()


def ingested(database_url: str) -> int:
    """Readings whose messages the ingest has committed (after InfluxDB accepted them)."""
    url = database_url.replace("postgresql+asyncpg://", "postgresql://")
    out = subprocess.run(
        ["psql", url, "-Atc", "SELECT coalesce(sum(item_count), 0) FROM ingested_messages"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    return int(out.strip() or 0)


def counts(url: str, database: str) -> dict[str, int]:
    """Readings per sensor in InfluxDB."""
    query = 'SELECT count("temperature_c") FROM "readings" GROUP BY "sensor"'
    response = httpx.get(f"{url}/query", params={"db": database, "q": query}, timeout=120)
    series = response.json()["results"][0].get("series", [])
    return {s["tags"]["sensor"]: s["values"][0][1] for s in series}


def process_env(
    stack: Stack,
    *,
    database_url: str,
    influx_db: str,
    prefix: str,
    data_dir: Path,
    sensors: int,
    per_sensor: int,
) -> tuple[dict[str, str], dict[str, str]]:
    """Environments of the ingest workers and of the edge agent."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("COLDTRACE_")}
    cloud = base | {
        "COLDTRACE_CLOUD_DATABASE_URL": database_url,
        "COLDTRACE_CLOUD_INFLUX_URL": stack.influx.url,
        "COLDTRACE_CLOUD_INFLUX_DATABASE": influx_db,
        "COLDTRACE_CLOUD_MQTT_PORT": str(stack.config.mqtt_port),
        "COLDTRACE_CLOUD_MQTT_USERNAME": CLOUD_USER,
        "COLDTRACE_CLOUD_MQTT_PASSWORD": stack.credentials.mqtt_cloud_password,
        "COLDTRACE_CLOUD_MQTT_TOPIC_PREFIX": prefix,
        "COLDTRACE_CLOUD_LOG_LEVEL": "WARNING",
    }
    edge = base | {
        "COLDTRACE_EDGE_GATEWAY_ID": GATEWAY,
        "COLDTRACE_EDGE_MQTT_PORT": str(stack.config.mqtt_port),
        "COLDTRACE_EDGE_MQTT_USERNAME": ADMIN_USER,
        "COLDTRACE_EDGE_MQTT_PASSWORD": stack.credentials.mqtt_admin_password,
        "COLDTRACE_EDGE_MQTT_TOPIC_PREFIX": prefix,
        "COLDTRACE_EDGE_DATA_DIR": str(data_dir),
        "COLDTRACE_EDGE_SYNTHETIC_SENSORS": str(sensors),
        "COLDTRACE_EDGE_SYNTHETIC_TOTAL": str(per_sensor),
        "COLDTRACE_EDGE_LOG_LEVEL": "WARNING",
    }
    return cloud, edge


def run_path(
    cloud: dict[str, str],
    *,
    edge: dict[str, str],
    logs: Path,
    workers: int,
    database_url: str,
    total: int,
) -> float:
    """Start workers, then the edge; seconds until ``total`` readings are in InfluxDB."""
    python = sys.executable
    logs.mkdir(parents=True, exist_ok=True)
    children = [
        subprocess.Popen(
            [python, "-m", "coldtrace_cloud", "ingest"],
            env=cloud | {"COLDTRACE_CLOUD_INGEST_WORKER_ID": f"{logs.parent.name}-{w}"},
            stdout=(logs / f"ingest-{w}.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        for w in range(workers)
    ]
    time.sleep(3)  # workers connect and subscribe
    start = time.perf_counter()
    children.append(
        subprocess.Popen(
            [python, "-m", "coldtrace_edge", "run"],
            env=edge,
            stdout=(logs / "edge.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
    )
    try:
        # Poll PostgreSQL, not InfluxDB: a batch's keys commit only after InfluxDB accepted its
        # readings, and counting a million points in InfluxDB every 250 ms would steal the very
        # CPU being measured. InfluxDB is counted once at the end (lost / duplicated).
        while time.perf_counter() < start + 1200:
            if ingested(database_url) >= total:
                break
            time.sleep(0.2)
        return time.perf_counter() - start
    finally:
        time.sleep(2)  # let a straggling duplicate show before the caller counts
        for child in children:
            child.terminate()
        for child in children:
            child.wait(30)


def main() -> int:
    """Run both measurements and print the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--readings", type=int, default=1_000_000)
    parser.add_argument("--sensors", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    stack = build_stack(load_stack_config())
    ceiling = influx_ceiling(stack.influx.url, 1_000_000)
    print(f"influx ceiling: {ceiling:,.0f} points/s", flush=True)

    run_id = uuid.uuid4().hex[:8]
    pg_db, influx_db, prefix = f"bench_{run_id}", f"bench_{run_id}", f"bench{run_id}"
    stack.postgres.psql(f'CREATE DATABASE "{pg_db}" OWNER {APP_USER}')
    stack.influx.query(f'CREATE DATABASE "{influx_db}"')
    data_dir = ROOT / ".state" / "bench" / run_id
    per_sensor = args.readings // args.sensors
    total = per_sensor * args.sensors
    database_url = stack.postgres.app_url(pg_db, "postgresql+asyncpg")
    t = time.perf_counter()
    asyncio.run(prepare(database_url, data_dir, args.sensors, per_sensor))
    print(f"outbox filled with {total:,} readings in {time.perf_counter() - t:.1f} s", flush=True)
    cloud, edge = process_env(
        stack,
        database_url=database_url,
        influx_db=influx_db,
        prefix=prefix,
        data_dir=data_dir,
        sensors=args.sensors,
        per_sensor=per_sensor,
    )
    elapsed = run_path(
        cloud,
        edge=edge,
        logs=data_dir / "logs",
        workers=args.workers,
        database_url=database_url,
        total=total,
    )
    found = counts(stack.influx.url, influx_db)
    expected = {synthetic_sensor_id(GATEWAY, k): per_sensor for k in range(args.sensors)}
    lost = sum(max(0, n - found.get(s, 0)) for s, n in expected.items())
    duplicated = sum(max(0, found.get(s, 0) - n) for s, n in expected.items())
    rate = (total - lost) / elapsed
    stack.postgres.psql(f'DROP DATABASE IF EXISTS "{pg_db}" WITH (FORCE)')
    stack.influx.query(f'DROP DATABASE "{influx_db}"')
    print(
        f"path: {total - lost:,} readings in {elapsed:.1f} s with {args.workers} workers",
        flush=True,
    )
    print(
        json.dumps(
            {
                "readings_per_s": round(rate),
                "influx_ceiling_points_per_s": round(ceiling),
                "ratio": round(rate / ceiling, 3),
                "lost": lost,
                "duplicated": duplicated,
            }
        )
    )
    return 0 if lost == 0 and duplicated == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
