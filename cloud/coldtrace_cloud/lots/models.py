"""Lots: one production batch of a product, with its expiry and status."""

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from coldtrace_cloud.db.base import Base


class Lot(Base):
    """GTIN + lot number (GS1 AI 01 + AI 10), expiry (AI 17), production date (AI 11), status."""

    __tablename__ = "lots"
    __table_args__ = (
        UniqueConstraint("product_id", "lot_number", name="uq_lots_product_lot_number"),
        CheckConstraint(
            "status IN ('released','quarantined','rejected','recalled','expired')", name="status"
        ),
        Index("ix_lots_status_expiry", "status", "expiry_date"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    lot_number: Mapped[str] = mapped_column(String(20))
    expiry_date: Mapped[date] = mapped_column(Date)
    production_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    status_reason: Mapped[str | None] = mapped_column(Text)
    status_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
