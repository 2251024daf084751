"""Movements (idempotent by event id) and residency intervals.

Revision ID: 0104
Revises: 0103
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0104"
down_revision: str | None = "0103"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the tables."""
    op.create_table(
        "movements",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.BigInteger(), nullable=True),
        sa.Column("container_id", sa.BigInteger(), nullable=True),
        sa.Column("from_location_id", sa.BigInteger(), nullable=True),
        sa.Column("to_location_id", sa.BigInteger(), nullable=True),
        sa.Column("shipment_id", sa.BigInteger(), nullable=True),
        sa.Column("portal_id", sa.BigInteger(), nullable=True),
        sa.Column("direction", sa.String(length=8), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("gateway_id", sa.String(length=64), nullable=True),
        sa.Column("parent_movement_id", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "direction IS NULL OR direction IN ('inbound','outbound','unknown')",
            name=op.f("ck_movements_direction"),
        ),
        sa.CheckConstraint(
            "source IN ('rfid','scan','manual','receiving','shipment','container')",
            name=op.f("ck_movements_source"),
        ),
        sa.CheckConstraint(
            "(item_id IS NULL) <> (container_id IS NULL)", name=op.f("ck_movements_one_subject")
        ),
        sa.ForeignKeyConstraint(
            ["container_id"], ["containers.id"], name=op.f("fk_movements_container_id_containers")
        ),
        sa.ForeignKeyConstraint(
            ["from_location_id"],
            ["locations.id"],
            name=op.f("fk_movements_from_location_id_locations"),
        ),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name=op.f("fk_movements_item_id_items")),
        sa.ForeignKeyConstraint(
            ["parent_movement_id"],
            ["movements.id"],
            name=op.f("fk_movements_parent_movement_id_movements"),
        ),
        sa.ForeignKeyConstraint(
            ["portal_id"], ["portals.id"], name=op.f("fk_movements_portal_id_portals")
        ),
        sa.ForeignKeyConstraint(
            ["shipment_id"], ["shipments.id"], name=op.f("fk_movements_shipment_id_shipments")
        ),
        sa.ForeignKeyConstraint(
            ["to_location_id"], ["locations.id"], name=op.f("fk_movements_to_location_id_locations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_movements")),
        sa.UniqueConstraint("event_id", name=op.f("uq_movements_event_id")),
    )
    op.create_index(
        "ix_movements_container_occurred",
        "movements",
        ["container_id", "occurred_at"],
        unique=False,
    )
    op.create_index(
        "ix_movements_item_occurred", "movements", ["item_id", "occurred_at"], unique=False
    )
    op.create_index(
        "ix_movements_to_location_occurred",
        "movements",
        ["to_location_id", "occurred_at"],
        unique=False,
    )
    op.create_table(
        "residency_intervals",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("item_id", sa.BigInteger(), nullable=False),
        sa.Column("location_id", sa.BigInteger(), nullable=True),
        sa.Column("shipment_id", sa.BigInteger(), nullable=True),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_to", sa.DateTime(timezone=True), nullable=True),
        sa.Column("movement_id", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "location_id IS NOT NULL OR shipment_id IS NOT NULL",
            name=op.f("ck_residency_intervals_one_place"),
        ),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to > valid_from", name=op.f("ck_residency_intervals_period")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["items.id"], name=op.f("fk_residency_intervals_item_id_items")
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_residency_intervals_location_id_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["movement_id"],
            ["movements.id"],
            name=op.f("fk_residency_intervals_movement_id_movements"),
        ),
        sa.ForeignKeyConstraint(
            ["shipment_id"],
            ["shipments.id"],
            name=op.f("fk_residency_intervals_shipment_id_shipments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_residency_intervals")),
    )
    op.create_index(
        "ix_residency_intervals_item_from",
        "residency_intervals",
        ["item_id", "valid_from"],
        unique=False,
    )
    op.create_index(
        "ix_residency_intervals_location_from",
        "residency_intervals",
        ["location_id", "valid_from"],
        unique=False,
    )
    op.create_index(
        op.f("ix_residency_intervals_shipment_id"),
        "residency_intervals",
        ["shipment_id"],
        unique=False,
    )

    # An item is in one place at a time: residency intervals of an item never overlap.
    op.execute(
        "ALTER TABLE residency_intervals ADD CONSTRAINT ex_residency_intervals_no_overlap "
        "EXCLUDE USING gist (item_id WITH =, tstzrange(valid_from, valid_to) WITH &&)"
    )


def downgrade() -> None:
    """Drop what upgrade created."""
    for table in (
        "residency_intervals",
        "movements",
    ):
        op.drop_table(table)
