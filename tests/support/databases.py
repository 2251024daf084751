"""Isolated PostgreSQL databases (cloned from a migrated template) and InfluxDB databases."""

import asyncio
import hashlib
import uuid
from importlib.resources import files

from sqlalchemy.ext.asyncio import create_async_engine

from coldtrace_cloud.db.migrate import upgrade
from devstack.cli import Stack
from devstack.postgres import APP_USER


def migrations_digest() -> str:
    """A hash of every migration file: a new migration makes a new template."""
    digest = hashlib.sha256()
    versions = files("coldtrace_cloud.db.migrations").joinpath("versions")
    for item in sorted(versions.iterdir(), key=lambda t: t.name):
        if item.name.endswith(".py"):
            digest.update(item.name.encode())
            digest.update(item.read_bytes())
    return digest.hexdigest()[:12]


def ensure_template(stack: Stack) -> str:
    """Create and migrate the template database once per set of migrations."""
    name = f"ct_tpl_{migrations_digest()}"
    exists = stack.postgres.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'").strip()
    if exists:
        return name
    building = f"{name}_build_{uuid.uuid4().hex[:6]}"
    stack.postgres.psql(f'CREATE DATABASE "{building}" OWNER {APP_USER}')

    async def migrate() -> None:
        engine = create_async_engine(stack.postgres.app_url(building, "postgresql+asyncpg"))
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()

    asyncio.run(migrate())
    # Rename when complete, so an interrupted build never leaves a half-migrated template.
    stack.postgres.psql(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
    stack.postgres.psql(f"UPDATE pg_database SET datistemplate = true WHERE datname = '{name}'")
    return name


def create_database(stack: Stack, template: str) -> str:
    """A fresh database cloned from the template; returns its name."""
    name = f"ct_test_{uuid.uuid4().hex[:12]}"
    stack.postgres.psql(f'CREATE DATABASE "{name}" TEMPLATE "{template}" OWNER {APP_USER}')
    return name


def drop_database(stack: Stack, name: str) -> None:
    """Drop a test database, disconnecting whoever is still on it."""
    stack.postgres.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
