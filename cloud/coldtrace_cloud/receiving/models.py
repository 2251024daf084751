"""Receipts: what came in, where from, where to, when and by whom (the start of backward trace)."""

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coldtrace_cloud.db.base import Base


class Receipt(Base):
    """One received item (or a lot registered without serial) at a site's location."""

    __tablename__ = "receipts"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"), index=True)
    container_id: Mapped[int | None] = mapped_column(ForeignKey("containers.id"))
    shipment_id: Mapped[int | None] = mapped_column(ForeignKey("shipments.id"))
    source_consignee_id: Mapped[int | None] = mapped_column(ForeignKey("consignees.id"))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    scan: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    received_by: Mapped[str] = mapped_column(String(128))
