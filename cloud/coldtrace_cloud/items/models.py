"""Serialized items: one row per SGTIN (GTIN + serial), with its current place.

The current place (location, site, shipment, container, since when) is a projection of the
newest movement, kept on the row so inventory views need no history scan; the history itself
is in ``movements`` and ``residency_intervals``.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from coldtrace_cloud.db.base import Base


class ItemStatus(StrEnum):
    """Custody state of an item: ours in stock, ours in transit, delivered, or gone."""

    IN_STOCK = "in_stock"
    IN_TRANSIT = "in_transit"
    DELIVERED = "delivered"
    DESTROYED = "destroyed"
    MISSING = "missing"


class Item(Base):
    """One serialized unit (GS1 SGTIN: AI 01 + AI 21)."""

    __tablename__ = "items"
    __table_args__ = (
        UniqueConstraint("gtin", "serial", name="uq_items_gtin_serial"),
        CheckConstraint(
            "status IN ('in_stock','in_transit','delivered','destroyed','missing')", name="status"
        ),
        # Inventory views: stock of one site grouped by lot and location, index only.
        Index(
            "ix_items_site_stock",
            "current_site_id",
            "status",
            "lot_id",
            "current_location_id",
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    gtin: Mapped[str] = mapped_column(String(14))
    serial: Mapped[str] = mapped_column(String(20))
    epc_uri: Mapped[str | None] = mapped_column(String(128), unique=True, doc="urn:epc:id:sgtin:")
    status: Mapped[str] = mapped_column(String(16))
    current_location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"), index=True)
    current_site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"))
    current_shipment_id: Mapped[int | None] = mapped_column(ForeignKey("shipments.id"), index=True)
    container_id: Mapped[int | None] = mapped_column(ForeignKey("containers.id"), index=True)
    current_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
