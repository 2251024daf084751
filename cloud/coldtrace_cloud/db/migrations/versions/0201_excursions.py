"""Excursions: versioned rule sets, watched places, engine state, excursions, exposure ledger.

Revision ID: 0201
Revises: 0105
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0201"
down_revision: str | None = "0105"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the tables."""
    op.create_table(
        "excursion_rule_sets",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("profile_id", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("rules", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["storage_profiles.id"],
            name=op.f("fk_excursion_rule_sets_profile_id_storage_profiles"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_excursion_rule_sets")),
        sa.UniqueConstraint("profile_id", "version", name="uq_rule_sets_version"),
    )
    op.create_index(
        op.f("ix_excursion_rule_sets_profile_id"),
        "excursion_rule_sets",
        ["profile_id"],
        unique=False,
    )
    op.create_table(
        "excursion_monitors",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("location_id", sa.BigInteger(), nullable=True),
        sa.Column("shipment_id", sa.BigInteger(), nullable=True),
        sa.Column("profile_id", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "(location_id IS NULL) <> (shipment_id IS NULL)",
            name=op.f("ck_excursion_monitors_one_place"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_excursion_monitors_location_id_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["storage_profiles.id"],
            name=op.f("fk_excursion_monitors_profile_id_storage_profiles"),
        ),
        sa.ForeignKeyConstraint(
            ["shipment_id"],
            ["shipments.id"],
            name=op.f("fk_excursion_monitors_shipment_id_shipments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_excursion_monitors")),
        sa.UniqueConstraint("location_id", name=op.f("uq_excursion_monitors_location_id")),
        sa.UniqueConstraint("shipment_id", name=op.f("uq_excursion_monitors_shipment_id")),
    )
    op.create_index(
        op.f("ix_excursion_monitors_profile_id"), "excursion_monitors", ["profile_id"], unique=False
    )
    op.create_table(
        "excursion_engine_state",
        sa.Column("binding_id", sa.BigInteger(), nullable=False),
        sa.Column("last_measured_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("detectors", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["binding_id"],
            ["sensor_bindings.id"],
            name=op.f("fk_excursion_engine_state_binding_id_sensor_bindings"),
        ),
        sa.PrimaryKeyConstraint("binding_id", name=op.f("pk_excursion_engine_state")),
    )
    op.create_table(
        "excursions",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("binding_id", sa.BigInteger(), nullable=False),
        sa.Column("sensor_id", sa.BigInteger(), nullable=False),
        sa.Column("location_id", sa.BigInteger(), nullable=True),
        sa.Column("shipment_id", sa.BigInteger(), nullable=True),
        sa.Column("rule_set_id", sa.BigInteger(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("peak", sa.Float(), nullable=True),
        sa.Column("deviation", sa.Float(), nullable=False),
        sa.Column("out_of_range_s", sa.Float(), nullable=False),
        sa.Column("degree_minutes", sa.Float(), nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by", sa.String(length=200), nullable=True),
        sa.Column("ack_comment", sa.Text(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=200), nullable=True),
        sa.Column("root_cause", sa.Text(), nullable=True),
        sa.Column("capa_ref", sa.String(length=100), nullable=True),
        sa.CheckConstraint(
            "kind IN ('temperature','humidity','rate','silence','mkt')",
            name=op.f("ck_excursions_kind"),
        ),
        sa.CheckConstraint(
            "severity IN ('minor','major','critical')", name=op.f("ck_excursions_severity")
        ),
        sa.CheckConstraint(
            "status IN ('open','acknowledged','closed')", name=op.f("ck_excursions_status")
        ),
        sa.ForeignKeyConstraint(
            ["binding_id"],
            ["sensor_bindings.id"],
            name=op.f("fk_excursions_binding_id_sensor_bindings"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_excursions_location_id_locations")
        ),
        sa.ForeignKeyConstraint(
            ["rule_set_id"],
            ["excursion_rule_sets.id"],
            name=op.f("fk_excursions_rule_set_id_excursion_rule_sets"),
        ),
        sa.ForeignKeyConstraint(
            ["sensor_id"], ["sensors.id"], name=op.f("fk_excursions_sensor_id_sensors")
        ),
        sa.ForeignKeyConstraint(
            ["shipment_id"], ["shipments.id"], name=op.f("fk_excursions_shipment_id_shipments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_excursions")),
        sa.UniqueConstraint("binding_id", "kind", "started_at", name="uq_excursions_start"),
    )
    op.create_index(op.f("ix_excursions_binding_id"), "excursions", ["binding_id"], unique=False)
    op.create_index(op.f("ix_excursions_location_id"), "excursions", ["location_id"], unique=False)
    op.create_index(op.f("ix_excursions_sensor_id"), "excursions", ["sensor_id"], unique=False)
    op.create_index(op.f("ix_excursions_shipment_id"), "excursions", ["shipment_id"], unique=False)
    op.create_index(
        "ix_excursions_status_started", "excursions", ["status", "started_at"], unique=False
    )
    op.create_table(
        "exposures",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("excursion_id", sa.BigInteger(), nullable=False),
        sa.Column("item_id", sa.BigInteger(), nullable=False),
        sa.Column("lot_id", sa.BigInteger(), nullable=False),
        sa.Column("exposed_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("exposed_to", sa.DateTime(timezone=True), nullable=False),
        sa.Column("exposed_s", sa.Float(), nullable=False),
        sa.Column("out_of_range_s", sa.Float(), nullable=False),
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["excursion_id"], ["excursions.id"], name=op.f("fk_exposures_excursion_id_excursions")
        ),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name=op.f("fk_exposures_item_id_items")),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_exposures_lot_id_lots")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exposures")),
        sa.UniqueConstraint("excursion_id", "item_id", name="uq_exposures_item"),
    )
    op.create_index(op.f("ix_exposures_excursion_id"), "exposures", ["excursion_id"], unique=False)
    op.create_index(op.f("ix_exposures_item_id"), "exposures", ["item_id"], unique=False)
    op.create_index(op.f("ix_exposures_lot_id"), "exposures", ["lot_id"], unique=False)


def downgrade() -> None:
    """Drop the tables."""
    op.drop_index(op.f("ix_exposures_lot_id"), table_name="exposures")
    op.drop_index(op.f("ix_exposures_item_id"), table_name="exposures")
    op.drop_index(op.f("ix_exposures_excursion_id"), table_name="exposures")
    op.drop_table("exposures")
    op.drop_index("ix_excursions_status_started", table_name="excursions")
    op.drop_index(op.f("ix_excursions_shipment_id"), table_name="excursions")
    op.drop_index(op.f("ix_excursions_sensor_id"), table_name="excursions")
    op.drop_index(op.f("ix_excursions_location_id"), table_name="excursions")
    op.drop_index(op.f("ix_excursions_binding_id"), table_name="excursions")
    op.drop_table("excursions")
    op.drop_table("excursion_engine_state")
    op.drop_index(op.f("ix_excursion_monitors_profile_id"), table_name="excursion_monitors")
    op.drop_table("excursion_monitors")
    op.drop_index(op.f("ix_excursion_rule_sets_profile_id"), table_name="excursion_rule_sets")
    op.drop_table("excursion_rule_sets")
