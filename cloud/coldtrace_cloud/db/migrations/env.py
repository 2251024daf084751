"""Alembic environment: runs on the connection handed in by ``coldtrace_cloud.db.migrate``."""

from alembic import context
from sqlalchemy import Connection

from coldtrace_cloud.db.models import Base


def run_on(connection: Connection) -> None:
    """Run the migrations inside the caller's transaction."""
    context.configure(connection=connection, target_metadata=Base.metadata, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


_connection = context.config.attributes.get("connection")
if _connection is None:
    raise RuntimeError("run migrations with `coldtrace migrate` (it supplies the connection)")
run_on(_connection)
