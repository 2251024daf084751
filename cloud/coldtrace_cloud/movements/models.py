"""Movements (append-only events) and residency intervals (the timeline they imply).

A movement is idempotent by ``event_id`` (the RFID pass or scan that saw it), so redelivered
messages change nothing. Residency intervals ``[valid_from, valid_to)`` say where an item was
(a location, a shipment, or both for a vehicle); they never overlap for one item (exclusion
constraint in migration 0104) and are the basis of exposure: residency joined with the bound
sensors' readings.
"""

from datetime import datetime
from enum import StrEnum
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    String,
    Uuid,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from coldtrace_cloud.db.base import Base


class MovementSource(StrEnum):
    """What observed or caused the movement."""

    RFID = "rfid"
    SCAN = "scan"
    MANUAL = "manual"
    RECEIVING = "receiving"
    SHIPMENT = "shipment"
    CONTAINER = "container"


class Direction(StrEnum):
    """Direction of a pass through a portal."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"
    UNKNOWN = "unknown"


class Movement(Base):
    """An item or a container went from one place to another at ``occurred_at``."""

    __tablename__ = "movements"
    __table_args__ = (
        CheckConstraint("(item_id IS NULL) <> (container_id IS NULL)", name="one_subject"),
        CheckConstraint(
            "source IN ('rfid','scan','manual','receiving','shipment','container')", name="source"
        ),
        CheckConstraint(
            "direction IS NULL OR direction IN ('inbound','outbound','unknown')", name="direction"
        ),
        Index("ix_movements_item_occurred", "item_id", "occurred_at"),
        Index("ix_movements_container_occurred", "container_id", "occurred_at"),
        Index("ix_movements_to_location_occurred", "to_location_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    event_id: Mapped[UUID] = mapped_column(Uuid, unique=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"))
    container_id: Mapped[int | None] = mapped_column(ForeignKey("containers.id"))
    from_location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    to_location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    shipment_id: Mapped[int | None] = mapped_column(ForeignKey("shipments.id"))
    portal_id: Mapped[int | None] = mapped_column(ForeignKey("portals.id"))
    direction: Mapped[str | None] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(String(16))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    gateway_id: Mapped[str | None] = mapped_column(String(64))
    parent_movement_id: Mapped[int | None] = mapped_column(ForeignKey("movements.id"))


class ResidencyInterval(Base):
    """Item ``item_id`` was at a location and/or on a shipment over ``[valid_from, valid_to)``."""

    __tablename__ = "residency_intervals"
    __table_args__ = (
        CheckConstraint("location_id IS NOT NULL OR shipment_id IS NOT NULL", name="one_place"),
        CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="period"),
        Index("ix_residency_intervals_item_from", "item_id", "valid_from"),
        Index("ix_residency_intervals_location_from", "location_id", "valid_from"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    shipment_id: Mapped[int | None] = mapped_column(ForeignKey("shipments.id"), index=True)
    valid_from: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    valid_to: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    movement_id: Mapped[int | None] = mapped_column(ForeignKey("movements.id"))
