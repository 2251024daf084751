"""The exposure ledger: one row per excursion and serialized item that was resident during it."""

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Float, ForeignKey, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from coldtrace_cloud.db.base import Base


class Exposure(Base):
    """Item ``item_id`` (lot ``lot_id``) spent ``exposed_s`` inside excursion ``excursion_id``."""

    __tablename__ = "exposures"
    __table_args__ = (UniqueConstraint("excursion_id", "item_id", name="uq_exposures_item"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    excursion_id: Mapped[int] = mapped_column(ForeignKey("excursions.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    exposed_from: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    exposed_to: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    exposed_s: Mapped[float] = mapped_column(Float)
    out_of_range_s: Mapped[float] = mapped_column(Float)
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
