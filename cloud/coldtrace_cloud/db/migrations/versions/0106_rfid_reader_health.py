"""RFID: the newest health report of each reader (portal health, from kind portal-status).

Revision ID: 0106
Revises: 0105
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0106"
down_revision: str | None = "0105"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the table."""
    op.create_table(
        "rfid_reader_health",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("gateway_id", sa.String(length=64), nullable=False),
        sa.Column("site_code", sa.String(length=64), nullable=False),
        sa.Column("reader_id", sa.String(length=64), nullable=False),
        sa.Column("portal_codes", postgresql.ARRAY(sa.String(length=64)), nullable=False),
        sa.Column("connected", sa.Boolean(), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.Column("last_report_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("clock_suspect", sa.Boolean(), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rfid_reader_health")),
        sa.UniqueConstraint(
            "gateway_id", "reader_id", name=op.f("uq_rfid_reader_health_gateway_id")
        ),
    )
    op.create_index(
        op.f("ix_rfid_reader_health_site_code"), "rfid_reader_health", ["site_code"], unique=False
    )


def downgrade() -> None:
    """Drop the table."""
    op.drop_index(op.f("ix_rfid_reader_health_site_code"), table_name="rfid_reader_health")
    op.drop_table("rfid_reader_health")
