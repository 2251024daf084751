"""Notification targets (webhooks, e-mail, escalation) and deliveries.

Revision ID: 0204
Revises: 0203
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0204"
down_revision: str | None = "0203"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the tables."""
    op.create_table(
        "notification_targets",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=False),
        sa.Column("secret", sa.String(length=200), nullable=True),
        sa.Column("escalation", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "channel IN ('webhook','email')", name=op.f("ck_notification_targets_channel")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_targets")),
    )
    op.create_table(
        "notification_deliveries",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("excursion_id", sa.BigInteger(), nullable=False),
        sa.Column("event", sa.String(length=16), nullable=False),
        sa.Column("target_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "event IN ('opened','escalated')", name=op.f("ck_notification_deliveries_event")
        ),
        sa.CheckConstraint(
            "status IN ('sent','failed')", name=op.f("ck_notification_deliveries_status")
        ),
        sa.ForeignKeyConstraint(
            ["excursion_id"],
            ["excursions.id"],
            name=op.f("fk_notification_deliveries_excursion_id_excursions"),
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["notification_targets.id"],
            name=op.f("fk_notification_deliveries_target_id_notification_targets"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_deliveries")),
        sa.UniqueConstraint(
            "excursion_id", "event", "target_id", name="uq_notification_deliveries"
        ),
    )
    op.create_index(
        op.f("ix_notification_deliveries_excursion_id"),
        "notification_deliveries",
        ["excursion_id"],
    )
    op.create_index(
        op.f("ix_notification_deliveries_target_id"), "notification_deliveries", ["target_id"]
    )


def downgrade() -> None:
    """Drop the tables."""
    op.drop_table("notification_deliveries")
    op.drop_table("notification_targets")
