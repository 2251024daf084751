"""Storage profiles, products, lots, consignees, RFID portals and their antennas.

Revision ID: 0102
Revises: 0101
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0102"
down_revision: str | None = "0101"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the tables."""
    op.create_table(
        "storage_profiles",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("temperature_min_c", sa.Float(), nullable=True),
        sa.Column("temperature_max_c", sa.Float(), nullable=True),
        sa.Column("humidity_min_pct", sa.Float(), nullable=True),
        sa.Column("humidity_max_pct", sa.Float(), nullable=True),
        sa.Column(
            "excursion_rules",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "humidity_min_pct IS NULL OR humidity_max_pct IS NULL "
            "OR humidity_min_pct < humidity_max_pct",
            name=op.f("ck_storage_profiles_humidity_band"),
        ),
        sa.CheckConstraint(
            "temperature_min_c IS NULL OR temperature_max_c IS NULL "
            "OR temperature_min_c < temperature_max_c",
            name=op.f("ck_storage_profiles_temperature_band"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_storage_profiles")),
        sa.UniqueConstraint("code", name=op.f("uq_storage_profiles_code")),
    )
    op.create_table(
        "products",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("gtin", sa.String(length=14), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("storage_profile_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("gtin ~ '^[0-9]{14}$'", name=op.f("ck_products_gtin")),
        sa.ForeignKeyConstraint(
            ["storage_profile_id"],
            ["storage_profiles.id"],
            name=op.f("fk_products_storage_profile_id_storage_profiles"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        sa.UniqueConstraint("gtin", name=op.f("uq_products_gtin")),
    )
    op.create_index(op.f("ix_products_category"), "products", ["category"], unique=False)
    op.create_index(
        op.f("ix_products_storage_profile_id"), "products", ["storage_profile_id"], unique=False
    )
    op.create_table(
        "lots",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        sa.Column("lot_number", sa.String(length=20), nullable=False),
        sa.Column("expiry_date", sa.Date(), nullable=False),
        sa.Column("production_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('released','quarantined','rejected','recalled','expired')",
            name=op.f("ck_lots_status"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_lots_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lots")),
        sa.UniqueConstraint("product_id", "lot_number", name="uq_lots_product_lot_number"),
    )
    op.create_index("ix_lots_status_expiry", "lots", ["status", "expiry_date"], unique=False)
    op.create_table(
        "consignees",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("gln", sa.String(length=13), nullable=True),
        sa.Column("address", sa.String(length=500), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "kind IN ('hospital','pharmacy','clinic','distributor','wholesaler','manufacturer',"
            "'supplier')",
            name=op.f("ck_consignees_kind"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consignees")),
        sa.UniqueConstraint("code", name=op.f("uq_consignees_code")),
    )
    op.create_table(
        "portals",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("site_id", sa.BigInteger(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("door_location_id", sa.BigInteger(), nullable=False),
        sa.Column("outside_location_id", sa.BigInteger(), nullable=True),
        sa.Column("inside_location_id", sa.BigInteger(), nullable=True),
        sa.Column("reader_host", sa.String(length=255), nullable=True),
        sa.Column("reader_port", sa.Integer(), nullable=False),
        sa.Column("gateway_id", sa.String(length=64), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["door_location_id"],
            ["locations.id"],
            name=op.f("fk_portals_door_location_id_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["inside_location_id"],
            ["locations.id"],
            name=op.f("fk_portals_inside_location_id_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["outside_location_id"],
            ["locations.id"],
            name=op.f("fk_portals_outside_location_id_locations"),
        ),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_portals_site_id_sites")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portals")),
        sa.UniqueConstraint("site_id", "code", name="uq_portals_site_code"),
    )
    op.create_index(op.f("ix_portals_site_id"), "portals", ["site_id"], unique=False)
    op.create_table(
        "antennas",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("portal_id", sa.BigInteger(), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column("zone", sa.String(length=16), nullable=False),
        sa.Column("tx_power_dbm", sa.Float(), nullable=True),
        sa.CheckConstraint("zone IN ('outside','inside')", name=op.f("ck_antennas_zone")),
        sa.CheckConstraint("port BETWEEN 1 AND 65535", name=op.f("ck_antennas_port")),
        sa.ForeignKeyConstraint(
            ["portal_id"], ["portals.id"], name=op.f("fk_antennas_portal_id_portals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_antennas")),
        sa.UniqueConstraint("portal_id", "port", name="uq_antennas_portal_port"),
    )
    op.create_index(op.f("ix_antennas_portal_id"), "antennas", ["portal_id"], unique=False)


def downgrade() -> None:
    """Drop what upgrade created."""
    for table in (
        "antennas",
        "portals",
        "consignees",
        "lots",
        "products",
        "storage_profiles",
    ):
        op.drop_table(table)
