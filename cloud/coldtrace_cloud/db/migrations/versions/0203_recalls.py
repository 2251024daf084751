"""Recalls (21 CFR 7): recalls, their lots, and one notice per consignee.

Revision ID: 0203
Revises: 0202
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0203"
down_revision: str | None = "0202"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the tables."""
    op.create_table(
        "recalls",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("classification", sa.String(length=3), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("health_hazard", sa.Text(), nullable=False),
        sa.Column("instructions", sa.Text(), nullable=False),
        sa.Column("drill", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("trace_duration_s", sa.Float(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=200), nullable=True),
        sa.Column("close_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "classification IN ('I','II','III')", name=op.f("ck_recalls_classification")
        ),
        sa.CheckConstraint("status IN ('open','closed')", name=op.f("ck_recalls_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recalls")),
        sa.UniqueConstraint("code", name=op.f("uq_recalls_code")),
    )
    op.create_table(
        "recall_lots",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("recall_id", sa.BigInteger(), nullable=False),
        sa.Column("lot_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_recall_lots_lot_id_lots")),
        sa.ForeignKeyConstraint(
            ["recall_id"], ["recalls.id"], name=op.f("fk_recall_lots_recall_id_recalls")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recall_lots")),
        sa.UniqueConstraint("recall_id", "lot_id", name="uq_recall_lots"),
    )
    op.create_index(op.f("ix_recall_lots_recall_id"), "recall_lots", ["recall_id"])
    op.create_index(op.f("ix_recall_lots_lot_id"), "recall_lots", ["lot_id"])
    op.create_table(
        "recall_notices",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("recall_id", sa.BigInteger(), nullable=False),
        sa.Column("consignee_id", sa.BigInteger(), nullable=False),
        sa.Column("content", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("units_shipped", sa.Integer(), nullable=False),
        sa.Column("units_returned", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by", sa.String(length=200), nullable=True),
        sa.CheckConstraint("units_returned >= 0", name=op.f("ck_recall_notices_units_returned")),
        sa.ForeignKeyConstraint(
            ["consignee_id"],
            ["consignees.id"],
            name=op.f("fk_recall_notices_consignee_id_consignees"),
        ),
        sa.ForeignKeyConstraint(
            ["recall_id"], ["recalls.id"], name=op.f("fk_recall_notices_recall_id_recalls")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recall_notices")),
        sa.UniqueConstraint("recall_id", "consignee_id", name="uq_recall_notices_consignee"),
    )
    op.create_index(op.f("ix_recall_notices_recall_id"), "recall_notices", ["recall_id"])
    op.create_index(op.f("ix_recall_notices_consignee_id"), "recall_notices", ["consignee_id"])


def downgrade() -> None:
    """Drop the tables."""
    op.drop_table("recall_notices")
    op.drop_table("recall_lots")
    op.drop_table("recalls")
