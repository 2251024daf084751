"""Containers, shipments (legs, lines), serialized items, container contents, receipts.

Also binds sensor_bindings.shipment_id to shipments with a foreign key.

Revision ID: 0103
Revises: 0102
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0103"
down_revision: str | None = "0102"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the tables."""
    op.create_table(
        "containers",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("sscc", sa.String(length=18), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("current_location_id", sa.BigInteger(), nullable=True),
        sa.Column("current_site_id", sa.BigInteger(), nullable=True),
        sa.Column("current_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "kind IN ('pallet','case','tote','shipper')", name=op.f("ck_containers_kind")
        ),
        sa.CheckConstraint("sscc ~ '^[0-9]{18}$'", name=op.f("ck_containers_sscc")),
        sa.ForeignKeyConstraint(
            ["current_location_id"],
            ["locations.id"],
            name=op.f("fk_containers_current_location_id_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["current_site_id"], ["sites.id"], name=op.f("fk_containers_current_site_id_sites")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_containers")),
        sa.UniqueConstraint("sscc", name=op.f("uq_containers_sscc")),
    )
    op.create_index(
        op.f("ix_containers_current_location_id"),
        "containers",
        ["current_location_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_containers_current_site_id"), "containers", ["current_site_id"], unique=False
    )
    op.create_table(
        "shipments",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("origin_site_id", sa.BigInteger(), nullable=False),
        sa.Column("destination_consignee_id", sa.BigInteger(), nullable=True),
        sa.Column("destination_site_id", sa.BigInteger(), nullable=True),
        sa.Column("carrier", sa.String(length=200), nullable=True),
        sa.Column("vehicle_location_id", sa.BigInteger(), nullable=True),
        sa.Column("planned_departure_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("planned_arrival_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("actual_departure_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("actual_arrival_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('planned','loading','in_transit','delivered','closed')",
            name=op.f("ck_shipments_status"),
        ),
        sa.CheckConstraint(
            "(destination_consignee_id IS NULL) <> (destination_site_id IS NULL)",
            name=op.f("ck_shipments_one_destination"),
        ),
        sa.ForeignKeyConstraint(
            ["destination_consignee_id"],
            ["consignees.id"],
            name=op.f("fk_shipments_destination_consignee_id_consignees"),
        ),
        sa.ForeignKeyConstraint(
            ["destination_site_id"],
            ["sites.id"],
            name=op.f("fk_shipments_destination_site_id_sites"),
        ),
        sa.ForeignKeyConstraint(
            ["origin_site_id"], ["sites.id"], name=op.f("fk_shipments_origin_site_id_sites")
        ),
        sa.ForeignKeyConstraint(
            ["vehicle_location_id"],
            ["locations.id"],
            name=op.f("fk_shipments_vehicle_location_id_locations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shipments")),
        sa.UniqueConstraint("code", name=op.f("uq_shipments_code")),
    )
    op.create_index(
        op.f("ix_shipments_destination_consignee_id"),
        "shipments",
        ["destination_consignee_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_shipments_destination_site_id"), "shipments", ["destination_site_id"], unique=False
    )
    op.create_index(
        op.f("ix_shipments_origin_site_id"), "shipments", ["origin_site_id"], unique=False
    )
    op.create_index(op.f("ix_shipments_status"), "shipments", ["status"], unique=False)
    op.create_table(
        "items",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("lot_id", sa.BigInteger(), nullable=False),
        sa.Column("gtin", sa.String(length=14), nullable=False),
        sa.Column("serial", sa.String(length=20), nullable=False),
        sa.Column("epc_uri", sa.String(length=128), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("current_location_id", sa.BigInteger(), nullable=True),
        sa.Column("current_site_id", sa.BigInteger(), nullable=True),
        sa.Column("current_shipment_id", sa.BigInteger(), nullable=True),
        sa.Column("container_id", sa.BigInteger(), nullable=True),
        sa.Column("current_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('in_stock','in_transit','delivered','destroyed','missing')",
            name=op.f("ck_items_status"),
        ),
        sa.ForeignKeyConstraint(
            ["container_id"], ["containers.id"], name=op.f("fk_items_container_id_containers")
        ),
        sa.ForeignKeyConstraint(
            ["current_location_id"],
            ["locations.id"],
            name=op.f("fk_items_current_location_id_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["current_shipment_id"],
            ["shipments.id"],
            name=op.f("fk_items_current_shipment_id_shipments"),
        ),
        sa.ForeignKeyConstraint(
            ["current_site_id"], ["sites.id"], name=op.f("fk_items_current_site_id_sites")
        ),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_items_lot_id_lots")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_items")),
        sa.UniqueConstraint("epc_uri", name=op.f("uq_items_epc_uri")),
        sa.UniqueConstraint("gtin", "serial", name="uq_items_gtin_serial"),
    )
    op.create_index(op.f("ix_items_container_id"), "items", ["container_id"], unique=False)
    op.create_index(
        op.f("ix_items_current_location_id"), "items", ["current_location_id"], unique=False
    )
    op.create_index(
        op.f("ix_items_current_shipment_id"), "items", ["current_shipment_id"], unique=False
    )
    op.create_index(op.f("ix_items_lot_id"), "items", ["lot_id"], unique=False)
    op.create_index(
        "ix_items_site_stock",
        "items",
        ["current_site_id", "status", "lot_id", "current_location_id"],
        unique=False,
    )
    op.create_table(
        "container_contents",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("container_id", sa.BigInteger(), nullable=False),
        sa.Column("item_id", sa.BigInteger(), nullable=True),
        sa.Column("child_container_id", sa.BigInteger(), nullable=True),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_to", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(item_id IS NULL) <> (child_container_id IS NULL)",
            name=op.f("ck_container_contents_one_content"),
        ),
        sa.CheckConstraint(
            "child_container_id IS NULL OR child_container_id <> container_id",
            name=op.f("ck_container_contents_not_self"),
        ),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to > valid_from", name=op.f("ck_container_contents_period")
        ),
        sa.ForeignKeyConstraint(
            ["child_container_id"],
            ["containers.id"],
            name=op.f("fk_container_contents_child_container_id_containers"),
        ),
        sa.ForeignKeyConstraint(
            ["container_id"],
            ["containers.id"],
            name=op.f("fk_container_contents_container_id_containers"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["items.id"], name=op.f("fk_container_contents_item_id_items")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_container_contents")),
    )
    op.create_index(
        op.f("ix_container_contents_child_container_id"),
        "container_contents",
        ["child_container_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_container_contents_container_id"),
        "container_contents",
        ["container_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_container_contents_item_id"), "container_contents", ["item_id"], unique=False
    )
    op.create_table(
        "shipment_legs",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("shipment_id", sa.BigInteger(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("carrier", sa.String(length=200), nullable=True),
        sa.Column("origin", sa.String(length=200), nullable=False),
        sa.Column("destination", sa.String(length=200), nullable=False),
        sa.Column("vehicle_location_id", sa.BigInteger(), nullable=True),
        sa.Column("planned_departure_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("planned_arrival_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("actual_departure_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("actual_arrival_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "mode IN ('road','air','sea','rail')", name=op.f("ck_shipment_legs_mode")
        ),
        sa.ForeignKeyConstraint(
            ["shipment_id"], ["shipments.id"], name=op.f("fk_shipment_legs_shipment_id_shipments")
        ),
        sa.ForeignKeyConstraint(
            ["vehicle_location_id"],
            ["locations.id"],
            name=op.f("fk_shipment_legs_vehicle_location_id_locations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shipment_legs")),
        sa.UniqueConstraint("shipment_id", "sequence", name="uq_shipment_legs_shipment_sequence"),
    )
    op.create_table(
        "shipment_lines",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("shipment_id", sa.BigInteger(), nullable=False),
        sa.Column("lot_id", sa.BigInteger(), nullable=False),
        sa.Column("item_id", sa.BigInteger(), nullable=True),
        sa.Column("container_id", sa.BigInteger(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column(
            "added_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_shipment_lines_quantity")),
        sa.ForeignKeyConstraint(
            ["container_id"],
            ["containers.id"],
            name=op.f("fk_shipment_lines_container_id_containers"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["items.id"], name=op.f("fk_shipment_lines_item_id_items")
        ),
        sa.ForeignKeyConstraint(
            ["lot_id"], ["lots.id"], name=op.f("fk_shipment_lines_lot_id_lots")
        ),
        sa.ForeignKeyConstraint(
            ["shipment_id"], ["shipments.id"], name=op.f("fk_shipment_lines_shipment_id_shipments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shipment_lines")),
        sa.UniqueConstraint("shipment_id", "item_id", name="uq_shipment_lines_shipment_item"),
    )
    op.create_index(op.f("ix_shipment_lines_item_id"), "shipment_lines", ["item_id"], unique=False)
    op.create_index(op.f("ix_shipment_lines_lot_id"), "shipment_lines", ["lot_id"], unique=False)
    op.create_table(
        "receipts",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("site_id", sa.BigInteger(), nullable=False),
        sa.Column("location_id", sa.BigInteger(), nullable=False),
        sa.Column("lot_id", sa.BigInteger(), nullable=False),
        sa.Column("item_id", sa.BigInteger(), nullable=True),
        sa.Column("container_id", sa.BigInteger(), nullable=True),
        sa.Column("shipment_id", sa.BigInteger(), nullable=True),
        sa.Column("source_consignee_id", sa.BigInteger(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("scan", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_by", sa.String(length=128), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_receipts_quantity")),
        sa.ForeignKeyConstraint(
            ["container_id"], ["containers.id"], name=op.f("fk_receipts_container_id_containers")
        ),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name=op.f("fk_receipts_item_id_items")),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_receipts_location_id_locations")
        ),
        sa.ForeignKeyConstraint(["lot_id"], ["lots.id"], name=op.f("fk_receipts_lot_id_lots")),
        sa.ForeignKeyConstraint(
            ["shipment_id"], ["shipments.id"], name=op.f("fk_receipts_shipment_id_shipments")
        ),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_receipts_site_id_sites")),
        sa.ForeignKeyConstraint(
            ["source_consignee_id"],
            ["consignees.id"],
            name=op.f("fk_receipts_source_consignee_id_consignees"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipts")),
    )
    op.create_index(op.f("ix_receipts_item_id"), "receipts", ["item_id"], unique=False)
    op.create_index(op.f("ix_receipts_lot_id"), "receipts", ["lot_id"], unique=False)
    op.create_index(op.f("ix_receipts_site_id"), "receipts", ["site_id"], unique=False)
    op.create_foreign_key(
        op.f("fk_sensor_bindings_shipment_id_shipments"),
        "sensor_bindings",
        "shipments",
        ["shipment_id"],
        ["id"],
    )
    # An item, or a child container, is inside one container at a time.
    op.execute(
        "ALTER TABLE container_contents ADD CONSTRAINT ex_container_contents_item_once "
        "EXCLUDE USING gist (item_id WITH =, tstzrange(valid_from, valid_to) WITH &&) "
        "WHERE (item_id IS NOT NULL)"
    )
    op.execute(
        "ALTER TABLE container_contents ADD CONSTRAINT ex_container_contents_child_once "
        "EXCLUDE USING gist (child_container_id WITH =, tstzrange(valid_from, valid_to) WITH &&) "
        "WHERE (child_container_id IS NOT NULL)"
    )


def downgrade() -> None:
    """Drop what upgrade created."""
    op.drop_constraint(
        op.f("fk_sensor_bindings_shipment_id_shipments"), "sensor_bindings", type_="foreignkey"
    )
    for table in (
        "receipts",
        "shipment_lines",
        "shipment_legs",
        "container_contents",
        "items",
        "shipments",
        "containers",
    ):
        op.drop_table(table)
