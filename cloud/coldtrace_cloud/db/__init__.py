"""PostgreSQL access: the engine (made in a lifespan, never at import) and Alembic migrations."""
