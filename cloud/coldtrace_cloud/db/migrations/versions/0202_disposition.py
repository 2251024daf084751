"""QA disposition: electronic signatures (21 CFR 11.50) and dispositions.

Revision ID: 0202
Revises: 0201
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0202"
down_revision: str | None = "0201"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the tables."""
    op.create_table(
        "electronic_signatures",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("printed_name", sa.String(length=200), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("meaning", sa.String(length=64), nullable=False),
        sa.Column("record_type", sa.String(length=32), nullable=False),
        sa.Column("record_sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_electronic_signatures_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_electronic_signatures")),
    )
    op.create_index(
        op.f("ix_electronic_signatures_user_id"), "electronic_signatures", ["user_id"], unique=False
    )
    op.create_table(
        "dispositions",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("lot_id", sa.BigInteger(), nullable=False),
        sa.Column("decision", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("restriction", sa.Text(), nullable=True),
        sa.Column("budget_remaining_s", sa.Float(), nullable=True),
        sa.Column("signature_id", sa.BigInteger(), nullable=False),
        sa.Column("override_signature_id", sa.BigInteger(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "decision IN ('release','reject','release_with_restriction')",
            name=op.f("ck_dispositions_decision"),
        ),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_dispositions_lot_id_lots")),
        sa.ForeignKeyConstraint(
            ["override_signature_id"],
            ["electronic_signatures.id"],
            name=op.f("fk_dispositions_override_signature_id_electronic_signatures"),
        ),
        sa.ForeignKeyConstraint(
            ["signature_id"],
            ["electronic_signatures.id"],
            name=op.f("fk_dispositions_signature_id_electronic_signatures"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispositions")),
    )
    op.create_index(op.f("ix_dispositions_lot_id"), "dispositions", ["lot_id"], unique=False)


def downgrade() -> None:
    """Drop the tables."""
    op.drop_index(op.f("ix_dispositions_lot_id"), table_name="dispositions")
    op.drop_table("dispositions")
    op.drop_index(op.f("ix_electronic_signatures_user_id"), table_name="electronic_signatures")
    op.drop_table("electronic_signatures")
