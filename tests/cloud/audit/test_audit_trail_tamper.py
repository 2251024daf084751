"""The audit trail in PostgreSQL: written with each change, refused to edit, tampering detected."""

import json
import subprocess
import sys
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import create_async_engine

from coldtrace_cloud.audit import AuditAction, record
from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.settings import Settings
from devstack.cli import Stack
from tests.cloud.inventory_support.client import api_client, bearer
from tests.cloud.inventory_support.world import ACTOR, VACCINE_GTIN, World, build_world
from tests.support.envvars import settings_env
from tests.support.stack import child_env


@pytest.fixture(scope="module")
def world(database_url: str) -> World:
    return build_world(database_url)


@pytest.fixture
async def api(cloud_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(cloud_settings) as client:
        yield client


def verify_cli(settings: Settings) -> tuple[int, dict[str, object]]:
    done = subprocess.run(
        [sys.executable, "-m", "coldtrace_cloud", "audit", "verify"],
        env={**child_env(), **settings_env(settings)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.returncode, json.loads(done.stdout.splitlines()[-1])


async def test_changes_write_audit_rows_with_old_new_and_reason(
    api: httpx.AsyncClient, world: World
) -> None:
    qa = bearer(world.token("qa"))
    created = await api.post(
        "/lots",
        json={"gtin": VACCINE_GTIN, "lot_number": "AUD-1", "expiry_date": "2030-01-31"},
        headers=bearer(world.token("logistics")),
    )
    lot_id = created.json()["id"]
    released = await api.post(
        f"/lots/{lot_id}/transitions",
        json={"status": "released", "reason": "QC passed"},
        headers=qa,
    )
    assert released.status_code == 200
    events = await api.get(
        "/audit/events",
        params={"entity_type": "lot", "entity_id": str(lot_id)},
        headers=bearer(world.token("auditor")),
    )
    rows = events.json()["items"]
    assert [r["action"] for r in rows] == ["create", "transition"]
    transition = rows[1]
    assert transition["actor"] == "qa"
    assert transition["old_values"] == {"status": "quarantined"}
    assert transition["new_values"] == {"status": "released"}
    assert transition["reason"] == "QC passed"
    assert len(transition["hash"]) == 64
    assert transition["prev_hash"] != transition["hash"]
    assert transition["occurred_at"].endswith("Z")


async def test_the_app_role_cannot_change_or_remove_rows(database_url: str, world: World) -> None:
    engine = create_async_engine(database_url)
    try:
        for statement in (
            "UPDATE audit_events SET reason = 'rewritten'",
            "DELETE FROM audit_events",
            "TRUNCATE audit_events",
        ):
            async with engine.connect() as conn:
                with pytest.raises(DBAPIError, match=r"permission denied|append-only"):
                    await conn.execute(text(statement))
        async with make_sessionmaker(engine)() as session:
            # Floats and dates survive JSONB and still verify (see the verifier test below).
            await record(
                session,
                actor=ACTOR,
                action=AuditAction.UPDATE,
                entity_type="storage_profile",
                entity_id=1,
                old={"temperature_max_c": 8.0},
                new={"temperature_max_c": 7.95e-3},
                reason="tighter band",
            )
            await session.commit()
    finally:
        await engine.dispose()


async def test_tampering_as_superuser_is_reported_at_the_first_broken_row(
    api: httpx.AsyncClient,
    world: World,
    stack: Stack,
    database_name: str,
    cloud_settings: Settings,
) -> None:
    auditor = bearer(world.token("auditor"))
    clean = (await api.get("/audit/verify", headers=auditor)).json()
    assert clean["ok"] is True
    assert clean["rows_checked"] > 20
    code, report = verify_cli(cloud_settings)
    assert (code, report["ok"]) == (0, True)
    victim = int(
        stack.postgres.psql(
            "SELECT id FROM audit_events ORDER BY id OFFSET 10 LIMIT 1", database=database_name
        ).strip()
    )
    original = stack.postgres.psql(
        f"SELECT coalesce(reason, '<null>') FROM audit_events WHERE id = {victim}",
        database=database_name,
    ).strip()
    # Triggers do not fire for a superuser in replica mode: the edit goes through, and the chain
    # is what catches it.
    stack.postgres.psql(
        "SET session_replication_role = replica; "
        f"UPDATE audit_events SET reason = 'nothing happened' WHERE id = {victim}",
        database=database_name,
    )
    edited = (await api.get("/audit/verify", headers=auditor)).json()
    assert edited["ok"] is False
    assert edited["first_broken_id"] == victim
    assert edited["problem"] == "hash_mismatch"
    code, report = verify_cli(cloud_settings)
    assert code == 1
    assert report["first_broken_id"] == victim
    restore = "NULL" if original == "<null>" else f"'{original}'"
    stack.postgres.psql(
        "SET session_replication_role = replica; "
        f"UPDATE audit_events SET reason = {restore} WHERE id = {victim}",
        database=database_name,
    )
    assert (await api.get("/audit/verify", headers=auditor)).json()["ok"] is True


async def test_a_removed_row_breaks_the_link_of_the_next(
    api: httpx.AsyncClient, world: World, stack: Stack, database_name: str
) -> None:
    ids = [
        int(v)
        for v in stack.postgres.psql(
            "SELECT id FROM audit_events ORDER BY id DESC LIMIT 3", database=database_name
        ).split()
    ]
    stack.postgres.psql(
        f"SET session_replication_role = replica; DELETE FROM audit_events WHERE id = {ids[1]}",
        database=database_name,
    )
    report = (await api.get("/audit/verify", headers=bearer(world.token("qa")))).json()
    assert report["ok"] is False
    assert report["first_broken_id"] == ids[0]  # the row after the removed one
    assert report["problem"] == "broken_link"
