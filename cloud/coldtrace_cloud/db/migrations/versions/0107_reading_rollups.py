"""Reading rollups: downsampled statistics per sensor, source and bucket, kept by the ingest.

Revision ID: 0107
Revises: 0106
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0107"
down_revision: str | None = "0106"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the table (its primary key is the index every history query uses)."""
    op.create_table(
        "reading_rollups",
        sa.Column("sensor_code", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("width_s", sa.Integer(), nullable=False),
        sa.Column("bucket_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("t_min", sa.Float(), nullable=True),
        sa.Column("t_max", sa.Float(), nullable=True),
        sa.Column("t_sum", sa.Float(), nullable=False),
        sa.Column("t_n", sa.Integer(), nullable=False),
        sa.Column("h_min", sa.Float(), nullable=True),
        sa.Column("h_max", sa.Float(), nullable=True),
        sa.Column("h_sum", sa.Float(), nullable=False),
        sa.Column("h_n", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "sensor_code", "width_s", "bucket_start", "source", name=op.f("pk_reading_rollups")
        ),
    )


def downgrade() -> None:
    """Drop the table."""
    op.drop_table("reading_rollups")
