"""Apply Alembic migrations programmatically, under an advisory lock.

Every API replica and worker may call ``upgrade`` at start; the PostgreSQL advisory lock makes
concurrent starts take turns instead of racing on the same DDL.
"""

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

# Any constant works; it only has to be the same for every coldtrace process.
_MIGRATION_LOCK_KEY = 0x0C01D7ACE


def alembic_config() -> Config:
    """Alembic configuration pointing at the migrations shipped inside this package."""
    config = Config()
    config.set_main_option("script_location", "coldtrace_cloud.db:migrations")
    return config


def _upgrade_sync(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def upgrade(engine: AsyncEngine, revision: str = "heads") -> None:
    """Bring the database to ``revision`` (idempotent); by default every head.

    Domains developed side by side may branch from the same revision; upgrading to all heads
    applies every branch, and a later merge revision joins them.
    """
    async with engine.begin() as conn:
        await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
        await conn.run_sync(_upgrade_sync, revision)
