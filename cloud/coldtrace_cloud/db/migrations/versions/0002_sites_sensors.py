"""Sites, locations, sensors and their bindings over time; ingested message keys.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING

import sqlalchemy as sa
from alembic import op

if TYPE_CHECKING:
    from datetime import datetime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _created_at() -> "sa.Column[datetime]":
    return sa.Column(
        "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    )


def upgrade() -> None:
    """Create sites, locations, sensors, sensor_bindings and ingested_messages."""
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.create_table(
        "sites",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("code", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("region", sa.String(64)),
        sa.Column("gln", sa.String(13)),
        _created_at(),
    )
    op.create_table(
        "locations",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("site_id", sa.BigInteger(), sa.ForeignKey("sites.id"), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("sgln", sa.String(64)),
        _created_at(),
        sa.UniqueConstraint("site_id", "code", name="uq_locations_site_code"),
        sa.CheckConstraint(
            "kind IN ('cold_room','ambient_zone','dock_door','quarantine_area','vehicle',"
            "'customer')",
            name="ck_locations_kind",
        ),
    )
    op.create_index("ix_locations_site_id", "locations", ["site_id"])
    op.create_table(
        "sensors",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("code", sa.String(64), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("model", sa.String(100)),
        sa.Column("gateway_id", sa.String(64)),
        _created_at(),
        sa.CheckConstraint("kind IN ('probe','logger')", name="ck_sensors_kind"),
    )
    op.create_index("ix_sensors_gateway_id", "sensors", ["gateway_id"])
    op.create_table(
        "sensor_bindings",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("sensor_id", sa.BigInteger(), sa.ForeignKey("sensors.id"), nullable=False),
        sa.Column("location_id", sa.BigInteger(), sa.ForeignKey("locations.id")),
        sa.Column("shipment_id", sa.BigInteger()),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_to", sa.DateTime(timezone=True)),
        sa.CheckConstraint(
            "(location_id IS NULL) <> (shipment_id IS NULL)", name="ck_sensor_bindings_one_target"
        ),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to > valid_from", name="ck_sensor_bindings_period"
        ),
    )
    op.create_index("ix_sensor_bindings_sensor_id", "sensor_bindings", ["sensor_id"])
    op.create_index("ix_sensor_bindings_location_id", "sensor_bindings", ["location_id"])
    op.create_index("ix_sensor_bindings_shipment_id", "sensor_bindings", ["shipment_id"])
    # One sensor measures one thing at a time: bindings of a sensor never overlap.
    op.execute(
        "ALTER TABLE sensor_bindings ADD CONSTRAINT ex_sensor_bindings_no_overlap "
        "EXCLUDE USING gist (sensor_id WITH =, tstzrange(valid_from, valid_to) WITH &&)"
    )
    op.create_table(
        "ingested_messages",
        sa.Column("gateway_id", sa.String(64), primary_key=True),
        sa.Column("seq", sa.BigInteger(), primary_key=True),
        sa.Column("message_id", sa.Uuid(), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.Column(
            "received_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    )


def downgrade() -> None:
    """Drop what upgrade created."""
    for table in ("ingested_messages", "sensor_bindings", "sensors", "locations", "sites"):
        op.drop_table(table)
