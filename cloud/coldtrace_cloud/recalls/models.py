"""A recall, its lots and one notice per consignee (with acknowledgement and returned units).

A mock recall (``drill``) has the same rows, but no lot changes status and no notice is sent.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from coldtrace_cloud.db.base import Base


class Recall(Base):
    """One recall (or drill): classification (21 CFR 7.3(m)), reason, health hazard (7.41)."""

    __tablename__ = "recalls"
    __table_args__ = (
        CheckConstraint("classification IN ('I','II','III')", name="classification"),
        CheckConstraint("status IN ('open','closed')", name="status"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    classification: Mapped[str] = mapped_column(String(3))
    reason: Mapped[str] = mapped_column(Text)
    health_hazard: Mapped[str] = mapped_column(Text)
    instructions: Mapped[str] = mapped_column(Text)
    drill: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    trace_duration_s: Mapped[float] = mapped_column(Float)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[str | None] = mapped_column(String(200))
    close_reason: Mapped[str | None] = mapped_column(Text)


class RecallLot(Base):
    """A lot covered by a recall."""

    __tablename__ = "recall_lots"
    __table_args__ = (UniqueConstraint("recall_id", "lot_id", name="uq_recall_lots"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    recall_id: Mapped[int] = mapped_column(ForeignKey("recalls.id"), index=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)


class RecallNotice(Base):
    """The notice to one consignee (21 CFR 7.49) and what the consignee reported back."""

    __tablename__ = "recall_notices"
    __table_args__ = (
        UniqueConstraint("recall_id", "consignee_id", name="uq_recall_notices_consignee"),
        CheckConstraint("units_returned >= 0", name="units_returned"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    recall_id: Mapped[int] = mapped_column(ForeignKey("recalls.id"), index=True)
    consignee_id: Mapped[int] = mapped_column(ForeignKey("consignees.id"), index=True)
    content: Mapped[dict[str, Any]] = mapped_column(JSONB)
    units_shipped: Mapped[int] = mapped_column(Integer)
    units_returned: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    acknowledged_by: Mapped[str | None] = mapped_column(String(200))
