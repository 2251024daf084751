"""bench-trace: forward / backward trace, item history and site inventory over a big history.

Builds (once; ``--rebuild`` to start over) a database ``ct_bench_trace`` holding 1,000,000
serialized items and 10,000,000 movements (see ``generate``), then times the real
service functions the API calls, on random lots, items and sites, through asyncpg:

- forward trace of a lot (every shipment and consignee, serials, containers, what is held),
- backward trace of a lot (every receipt: supplier, site, serials),
- the full history of an item (receipts, movements, residency, containers, shipments),
- the inventory view of one site (stock by location and lot).

The last line is ``{"forward_trace_p95_ms": ..., "backward_trace_p95_ms": ...,
"item_history_p95_ms": ..., "site_inventory_p95_ms": ...}``. Targets: traces at most 100 ms
p95, item history at most 20 ms p95. Run through ``make bench-trace`` (it exports the stack env).
"""

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any, Final

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.db.migrate import upgrade
from coldtrace_cloud.inventory.service import Dimension, StockFilter, stock
from coldtrace_cloud.lots.service import get_lot
from coldtrace_cloud.trace.service import backward_trace, forward_trace, item_history
from coldtrace_protocol.identifiers import with_check_digit

DATABASE: Final = "ct_bench_trace"
VERSION: Final = "trace-history-1"
ALL: Final = AccessScope.everything()
ITEMS: Final = 1_000_000
MOVES_PER_ITEM: Final = 10
SITES: Final = 20

# ---- the synthetic history ------------------------------------------------------------
# The shape: 20 sites of 20 locations, 100 products, 1,000 lots of 1,000 serialized items, each
# lot received at one site. Every item moves ten times (receiving at the dock, then between cold
# rooms and ambient zones); 40 % leave on one of 10,000 shipments (on a pallet, to one of 49
# hospitals): dispatch onto the site's truck, then delivery. Residency intervals follow the moves.
# Everything is generated inside PostgreSQL (``generate_series``); the big tables' secondary
# indexes and unique / exclusion constraints are dropped for the load and built again after it,
# exactly as the migrations defined them. Rows are consistent by construction, so foreign key
# triggers are skipped during the load (``session_replication_role = replica``, superuser).

BIG_TABLES: Final = ("items", "movements", "residency_intervals", "receipts", "shipment_lines")


def _loc(k: str) -> str:
    """Location of item i after its move ``k``: dock, cold rooms / ambient, truck, delivered."""
    site_base = "(((i - 1) / 1000) % 20) * 20"
    return (
        f"(CASE WHEN {k} = 0 THEN {site_base} + 1 "
        f"WHEN i % 5 < 2 AND {k} = 8 THEN {site_base} + 3 "
        f"WHEN i % 5 < 2 AND {k} = 9 THEN NULL "
        f"ELSE {site_base} + 4 + (i + 7 * {k}) % 17 END)"
    )


# Item i: lot (i-1)/1000+1, site of lot L: (L-1)%20+1, shipped when i%5 < 2, time of move k.
_DEFS = {
    "lot": "((i - 1) / 1000 + 1)",
    "site": "(((i - 1) / 1000) % 20 + 1)",
    "shipped": "(i % 5 < 2)",
    "shipment": "((((i - 1) / 1000) % 20) * 500 + (i - 1) % 500 + 1)",
    "t": "(timestamptz '2025-01-01 00:00+00' + (i - 1) * interval '25 seconds' "
    "+ k * interval '2 hours')",
    "loc": _loc("k"),
    "prev_loc": _loc("(k - 1)"),
}


def _sql(template: str) -> str:
    for name, expression in _DEFS.items():
        template = template.replace("{" + name + "}", expression)
    return template


CATALOG: Final = [
    (
        "INSERT INTO storage_profiles (id, code, name, temperature_min_c, temperature_max_c) "
        "VALUES (1, '2-8C', 'Refrigerated', 2, 8)"
    ),
    (
        "INSERT INTO sites (id, code, name, timezone, region) "
        "SELECT s, 'site-' || s, 'Site ' || s, 'UTC', 'region-' || (s % 4) "
        "FROM generate_series(1, 20) s"
    ),
    (
        "INSERT INTO locations (id, site_id, code, name, kind) "
        "SELECT (s - 1) * 20 + n, s, 'L' || n, 'Location ' || n, CASE n WHEN 1 THEN 'dock_door' "
        "WHEN 2 THEN 'quarantine_area' WHEN 3 THEN 'vehicle' ELSE "
        "(CASE WHEN n % 2 = 0 THEN 'cold_room' ELSE 'ambient_zone' END) END "
        "FROM generate_series(1, 20) s, generate_series(1, 20) n"
    ),
    (
        "INSERT INTO consignees (id, code, name, kind) SELECT c, 'c-' || c, 'Consignee ' || c, "
        "CASE WHEN c = 1 THEN 'manufacturer' ELSE 'hospital' END FROM generate_series(1, 50) c"
    ),
    (
        "INSERT INTO lots (id, product_id, lot_number, expiry_date, status) "
        "SELECT l, (l - 1) % 100 + 1, 'B' || l, current_date + 30 + l % 700, "
        "CASE WHEN l % 50 = 0 THEN 'quarantined' WHEN l % 97 = 0 THEN 'recalled' "
        "ELSE 'released' END "
        "FROM generate_series(1, 1000) l"
    ),
    (
        "INSERT INTO containers (id, sscc, kind) SELECT c, lpad(c::text, 18, '0'), 'pallet' "
        "FROM generate_series(1, 10000) c"
    ),
    (
        "INSERT INTO shipments (id, code, status, origin_site_id, destination_consignee_id, "
        "actual_departure_at, actual_arrival_at) "
        "SELECT s, 'SHP-' || s, 'delivered', (s - 1) / 500 + 1, s % 49 + 2, "
        "timestamptz '2025-01-01 00:00+00' + s * interval '40 minutes', "
        "timestamptz '2025-01-01 02:00+00' + s * interval '40 minutes' "
        "FROM generate_series(1, 10000) s"
    ),
]
HISTORY: Final = [
    _sql(
        "INSERT INTO items (id, lot_id, gtin, serial, status, current_location_id, "
        "current_site_id, current_since) SELECT i, {lot}, p.gtin, i::text, "
        "CASE WHEN {shipped} THEN 'delivered' ELSE 'in_stock' END, "
        "CASE WHEN {shipped} THEN NULL ELSE {loc} END, "
        "CASE WHEN {shipped} THEN NULL ELSE {site} END, "
        "{t} FROM generate_series(1, 1000000) i CROSS JOIN LATERAL (SELECT 9 AS k) kk "
        "JOIN products p ON p.id = ({lot} - 1) % 100 + 1"
    ),
    _sql(
        "INSERT INTO receipts (id, site_id, location_id, lot_id, item_id, source_consignee_id, "
        "quantity, scan, received_at, received_by) SELECT i, {site}, ({site} - 1) * 20 + 1, {lot}, "
        "i, 1, 1, 'bench', {t}, 'bench' FROM generate_series(1, 1000000) i "
        "CROSS JOIN LATERAL (SELECT 0 AS k) kk"
    ),
    _sql(
        "INSERT INTO shipment_lines (id, shipment_id, lot_id, item_id, container_id, quantity, "
        "added_at) SELECT i, {shipment}, {lot}, i, {shipment}, 1, {t} "
        "FROM generate_series(1, 1000000) i CROSS JOIN LATERAL (SELECT 7 AS k) kk WHERE {shipped}"
    ),
    _sql(
        "INSERT INTO movements (id, event_id, item_id, from_location_id, to_location_id, "
        "shipment_id, source, occurred_at, recorded_at) SELECT (i - 1) * 10 + k + 1, "
        "md5(i || ':' || k)::uuid, i, CASE WHEN k = 0 THEN NULL ELSE {prev_loc} END, {loc}, "
        "CASE WHEN {shipped} AND k = 8 THEN {shipment} END, "
        "CASE WHEN k = 0 THEN 'receiving' WHEN {shipped} AND k >= 8 THEN 'shipment' "
        "ELSE 'rfid' END, {t}, {t} FROM generate_series(1, 1000000) i, generate_series(0, 9) k"
    ),
    _sql(
        "INSERT INTO residency_intervals (id, item_id, location_id, shipment_id, valid_from, "
        "valid_to, movement_id) SELECT (i - 1) * 10 + k + 1, i, {loc}, "
        "CASE WHEN {shipped} AND k = 8 THEN {shipment} END, {t}, "
        "CASE WHEN k < 9 THEN {t} + interval '2 hours' END, (i - 1) * 10 + k + 1 "
        "FROM generate_series(1, 1000000) i, generate_series(0, 9) k "
        "WHERE NOT ({shipped} AND k = 9)"
    ),
]


async def _rebuildable(conn: Any) -> list[str]:
    """Drop the big tables' secondary indexes and unique / exclusion constraints; return DDL."""
    recreate: list[str] = []
    for table in BIG_TABLES:
        constraints = await conn.fetch(
            "SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint "
            "WHERE conrelid = $1::regclass AND contype IN ('u', 'x')",
            table,
        )
        for row in constraints:
            await conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{row["conname"]}"')
            name, definition = row["conname"], row["def"]
            recreate.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        indexes = await conn.fetch(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = $1 "
            "AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass)",
            table,
        )
        for row in indexes:
            await conn.execute(f'DROP INDEX "{row["indexname"]}"')
            recreate.append(row["indexdef"])
    return recreate


async def generate(conn: Any) -> None:
    """Fill an empty, migrated database (as superuser) with the synthetic history."""
    await conn.execute("SET session_replication_role = replica")
    await conn.execute("SET maintenance_work_mem = '512MB'")
    await conn.execute("SET synchronous_commit = off")
    for statement in CATALOG:
        await conn.execute(statement)
    products = [(n, with_check_digit(f"0952012{n:06d}")) for n in range(1, 101)]
    await conn.executemany(
        "INSERT INTO products (id, gtin, description, category, storage_profile_id) "
        "VALUES ($1::bigint, $2, 'Product ' || $1::bigint, 'cat-' || ($1::bigint % 5), 1)",
        products,
    )
    recreate = await _rebuildable(conn)
    for statement in HISTORY:
        table = statement.split()[2]
        log(f"loading {table}")
        await conn.execute(statement)
    for statement in recreate:
        log(f"building {statement.split(' ON ')[0][:80]}")
        await conn.execute(statement)
    for table in (
        "sites",
        "locations",
        "consignees",
        "lots",
        "containers",
        "shipments",
        "storage_profiles",
        "products",
        *BIG_TABLES,
    ):
        await conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        )
    log("vacuum analyze")
    for table in (*BIG_TABLES, "lots", "shipments", "products", "locations"):
        await conn.execute(f"VACUUM ANALYZE {table}")


# ---- the measurements ------------------------------------------------------------------


def log(message: str) -> None:
    """Progress on stderr; stdout ends with the JSON line."""
    sys.stderr.write(f"bench-trace: {message}\n")
    sys.stderr.flush()


def _url(base: str, database: str) -> str:
    return base.rsplit("/", 1)[0] + "/" + database


async def _ready(admin_url: str) -> bool:
    conn = await asyncpg.connect(_url(admin_url, DATABASE))
    try:
        found = await conn.fetchval(
            "SELECT version FROM bench_trace_meta WHERE items = $1 AND movements = $2",
            ITEMS,
            ITEMS * MOVES_PER_ITEM,
        )
        return bool(found == VERSION)
    except asyncpg.UndefinedTableError:
        return False
    finally:
        await conn.close()


async def build(admin_url: str, app_url: str, *, rebuild: bool) -> None:
    """Create, migrate and fill the benchmark database unless a complete one exists."""
    admin = await asyncpg.connect(admin_url)
    try:
        exists = await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", DATABASE)
        if exists and not rebuild and await _ready(admin_url):
            log("reusing the existing history (--rebuild to start over)")
            return
        owner = app_url.split("://", 1)[1].split(":", 1)[0]
        await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{DATABASE}" OWNER "{owner}"')
    finally:
        await admin.close()
    engine = create_async_engine(_url(app_url, DATABASE))
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    started = time.perf_counter()
    conn = await asyncpg.connect(_url(admin_url, DATABASE))
    try:
        await generate(conn)
        await conn.execute(
            "CREATE TABLE bench_trace_meta (version text, items bigint, movements bigint)"
        )
        movements = await conn.fetchval("SELECT count(*) FROM movements")
        await conn.execute(
            "INSERT INTO bench_trace_meta VALUES ($1, $2, $3)", VERSION, ITEMS, movements
        )
    finally:
        await conn.close()
    log(f"history built in {time.perf_counter() - started:.0f} s")


def p95_ms(samples: list[float]) -> float:
    """95th percentile in milliseconds (inclusive method)."""
    return round(statistics.quantiles(samples, n=100, method="inclusive")[94] * 1000, 2)


async def measure(
    session: AsyncSession, name: str, runs: int, work: Callable[[int], Awaitable[int]]
) -> float:
    """Time ``work`` on ``runs`` random inputs (after a few warm-up calls); p95 in ms."""
    rng = random.Random(name)
    for _ in range(5):
        await work(rng.randrange(1, 1_000_000))
    samples = []
    sizes = []
    for _ in range(runs):
        start = time.perf_counter()
        sizes.append(await work(rng.randrange(1, 1_000_000)))
        samples.append(time.perf_counter() - start)
        session.expunge_all()
    result = p95_ms(samples)
    log(
        f"{name}: p50 {statistics.median(samples) * 1000:.2f} ms, p95 {result} ms, "
        f"mean result size {statistics.mean(sizes):.0f}"
    )
    return result


async def run(app_url: str, runs: int) -> dict[str, float]:
    """The four measurements, through the services (one session, as the API uses one)."""
    engine = create_async_engine(_url(app_url, DATABASE), pool_size=1)
    try:
        async with make_sessionmaker(engine)() as session:

            async def forward(seed: int) -> int:
                lot, product = await get_lot(session, ALL, seed % 1000 + 1)
                return len((await forward_trace(session, ALL, lot, product)).shipments)

            async def backward(seed: int) -> int:
                lot, product = await get_lot(session, ALL, seed % 1000 + 1)
                return sum(
                    s.quantity for s in (await backward_trace(session, ALL, lot, product)).sources
                )

            async def history(seed: int) -> int:
                found = await item_history(session, ALL, seed % ITEMS + 1)
                return len(found.movements) if found else 0

            async def inventory(seed: int) -> int:
                where = StockFilter(site_id=seed % SITES + 1)
                dims = frozenset({Dimension.LOCATION, Dimension.LOT})
                return len(await stock(session, ALL, where, dims, limit=100_000))

            return {
                "forward_trace_p95_ms": await measure(session, "forward trace", runs, forward),
                "backward_trace_p95_ms": await measure(session, "backward trace", runs, backward),
                "item_history_p95_ms": await measure(session, "item history", runs, history),
                "site_inventory_p95_ms": await measure(session, "site inventory", runs, inventory),
            }
    finally:
        await engine.dispose()


def main() -> int:
    """Build if needed, measure, print the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rebuild", action="store_true", help="generate the history again")
    parser.add_argument("--runs", type=int, default=200, help="timed calls per measurement")
    args = parser.parse_args()
    admin_url = os.environ["COLDTRACE_STACK_POSTGRES_ADMIN_URL"]
    app_url = os.environ["COLDTRACE_CLOUD_DATABASE_URL"]
    asyncio.run(build(admin_url, app_url, rebuild=args.rebuild))
    result = asyncio.run(run(app_url, args.runs))
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
