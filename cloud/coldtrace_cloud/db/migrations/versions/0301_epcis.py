"""EPCIS: captured events with their query keys (EPCs, sensor reports), captures, trace hops.

Revision ID: 0301
Revises: 0105
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import SchemaItem

revision: str = "0301"
down_revision: str | None = "0105"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def _event_child(table: str, *items: SchemaItem) -> None:
    op.create_table(
        table,
        _id(),
        sa.Column("event_pk", sa.BigInteger(), nullable=False),
        *items,
        _fk(table, "event_pk", "epcis_events"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    )
    op.create_index(op.f(f"ix_{table}_event_pk"), table, ["event_pk"], unique=False)


def upgrade() -> None:
    """Create the tables."""
    op.create_table(
        "epcis_captures",
        _id(),
        sa.Column(
            "received_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("captured_by", sa.String(length=128), nullable=False),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("stored_count", sa.Integer(), nullable=False),
        sa.Column("trace_hops", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_epcis_captures")),
    )
    op.create_table(
        "epcis_events",
        _id(),
        sa.Column("event_id", sa.String(length=500), nullable=False),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "record_time",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("action", sa.String(length=16), nullable=True),
        sa.Column("biz_step", sa.String(length=500), nullable=True),
        sa.Column("disposition", sa.String(length=500), nullable=True),
        sa.Column("read_point", sa.String(length=500), nullable=True),
        sa.Column("biz_location", sa.String(length=500), nullable=True),
        sa.Column("capture_id", sa.BigInteger(), nullable=True),
        sa.Column("body", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        _fk("epcis_events", "capture_id", "epcis_captures"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_epcis_events")),
        sa.UniqueConstraint("event_id", name=op.f("uq_epcis_events_event_id")),
    )
    op.create_index("ix_epcis_events_time", "epcis_events", ["event_time", "id"], unique=False)
    op.create_index("ix_epcis_events_biz_step", "epcis_events", ["biz_step"], unique=False)
    op.create_index("ix_epcis_events_read_point", "epcis_events", ["read_point"], unique=False)
    op.create_index("ix_epcis_events_biz_location", "epcis_events", ["biz_location"], unique=False)
    op.create_index(
        op.f("ix_epcis_events_capture_id"), "epcis_events", ["capture_id"], unique=False
    )
    _event_child(
        "epcis_event_epcs",
        sa.Column("epc", sa.String(length=500), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
    )
    op.create_index("ix_epcis_event_epcs_epc", "epcis_event_epcs", ["epc", "role"], unique=False)
    _event_child(
        "epcis_sensor_reports",
        sa.Column("measurement_type", sa.String(length=500), nullable=False),
        sa.Column("uom", sa.String(length=16), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("min_value", sa.Float(), nullable=True),
        sa.Column("max_value", sa.Float(), nullable=True),
        sa.Column("mean_value", sa.Float(), nullable=True),
    )
    op.create_index(
        "ix_epcis_sensor_reports_type_uom",
        "epcis_sensor_reports",
        ["measurement_type", "uom"],
        unique=False,
    )
    _event_child(
        "epcis_trace_hops",
        sa.Column("lot_id", sa.BigInteger(), nullable=False),
        sa.Column("item_id", sa.BigInteger(), nullable=True),
        sa.Column("biz_step", sa.String(length=500), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("destination", sa.String(length=500), nullable=True),
        _fk("epcis_trace_hops", "lot_id", "lots"),
        _fk("epcis_trace_hops", "item_id", "items"),
    )
    op.create_index(
        op.f("ix_epcis_trace_hops_lot_id"), "epcis_trace_hops", ["lot_id"], unique=False
    )


def downgrade() -> None:
    """Drop the tables."""
    for table in ("epcis_trace_hops", "epcis_sensor_reports", "epcis_event_epcs", "epcis_events"):
        op.drop_table(table)
    op.drop_table("epcis_captures")
