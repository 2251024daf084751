"""Shipments, their legs, and their contents by item and lot.

Contents are recorded per item (with the container that carried it, if any) when the shipment
is loaded, so a forward trace of a lot is one indexed lookup, whatever the nesting of containers.
"""

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from coldtrace_cloud.db.base import Base


class Shipment(Base):
    """A consignment from one of our sites to a consignee or to another of our sites."""

    __tablename__ = "shipments"
    __table_args__ = (
        CheckConstraint(
            "status IN ('planned','loading','in_transit','delivered','closed')", name="status"
        ),
        CheckConstraint(
            "(destination_consignee_id IS NULL) <> (destination_site_id IS NULL)",
            name="one_destination",
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    origin_site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    destination_consignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("consignees.id"), index=True
    )
    destination_site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), index=True)
    carrier: Mapped[str | None] = mapped_column(String(200))
    vehicle_location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    planned_departure_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    planned_arrival_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    actual_departure_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    actual_arrival_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ShipmentLeg(Base):
    """One stage of a shipment (a truck to the airport, a flight, ...)."""

    __tablename__ = "shipment_legs"
    __table_args__ = (
        UniqueConstraint("shipment_id", "sequence", name="uq_shipment_legs_shipment_sequence"),
        CheckConstraint("mode IN ('road','air','sea','rail')", name="mode"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"))
    sequence: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(8))
    carrier: Mapped[str | None] = mapped_column(String(200))
    origin: Mapped[str] = mapped_column(String(200))
    destination: Mapped[str] = mapped_column(String(200))
    vehicle_location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    planned_departure_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    planned_arrival_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    actual_departure_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    actual_arrival_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ShipmentLine(Base):
    """Contents: one serialized item (quantity 1) of a lot, and the container it travelled in."""

    __tablename__ = "shipment_lines"
    __table_args__ = (
        UniqueConstraint("shipment_id", "item_id", name="uq_shipment_lines_shipment_item"),
        CheckConstraint("quantity > 0", name="quantity"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"))
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"), index=True)
    container_id: Mapped[int | None] = mapped_column(ForeignKey("containers.id"))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
