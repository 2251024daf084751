"""RFID: passes kept for reconciliation, and hold alarms raised by portals.

Revision ID: 0105
Revises: 0104
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0105"
down_revision: str | None = "0104"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the tables."""
    op.create_table(
        "rfid_unreconciled_passes",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("gateway_id", sa.String(length=64), nullable=False),
        sa.Column("site_code", sa.String(length=64), nullable=False),
        sa.Column("portal_code", sa.String(length=64), nullable=False),
        sa.Column("epc", sa.String(length=124), nullable=False),
        sa.Column("pure_uri", sa.String(length=128), nullable=True),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rfid_unreconciled_passes")),
        sa.UniqueConstraint("event_id", name=op.f("uq_rfid_unreconciled_passes_event_id")),
    )
    op.create_index(
        "ix_rfid_unreconciled_passes_epc", "rfid_unreconciled_passes", ["epc"], unique=False
    )
    op.create_index(
        op.f("ix_rfid_unreconciled_passes_portal_code"),
        "rfid_unreconciled_passes",
        ["portal_code"],
        unique=False,
    )
    op.create_index(
        op.f("ix_rfid_unreconciled_passes_reason"),
        "rfid_unreconciled_passes",
        ["reason"],
        unique=False,
    )
    op.create_table(
        "rfid_hold_alarms",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("pass_event_id", sa.Uuid(), nullable=False),
        sa.Column("gateway_id", sa.String(length=64), nullable=False),
        sa.Column("portal_code", sa.String(length=64), nullable=False),
        sa.Column("epc", sa.String(length=124), nullable=False),
        sa.Column("pure_uri", sa.String(length=128), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("lot_number", sa.String(length=20), nullable=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rfid_hold_alarms")),
        sa.UniqueConstraint("event_id", name=op.f("uq_rfid_hold_alarms_event_id")),
    )
    op.create_index(
        op.f("ix_rfid_hold_alarms_gateway_id"), "rfid_hold_alarms", ["gateway_id"], unique=False
    )
    op.create_index(
        op.f("ix_rfid_hold_alarms_pure_uri"), "rfid_hold_alarms", ["pure_uri"], unique=False
    )


def downgrade() -> None:
    """Drop the tables."""
    op.drop_table("rfid_hold_alarms")
    op.drop_table("rfid_unreconciled_passes")
