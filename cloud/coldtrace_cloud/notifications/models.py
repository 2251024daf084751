"""Where notifications go, and what was delivered (one row per excursion, event and target)."""

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from coldtrace_cloud.db.base import Base


class NotificationTarget(Base):
    """A webhook URL (with its HMAC secret) or an e-mail address; escalation targets get only
    excursions nobody acknowledged in time."""

    __tablename__ = "notification_targets"
    __table_args__ = (CheckConstraint("channel IN ('webhook','email')", name="channel"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str | None] = mapped_column(String(200))
    escalation: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class NotificationDelivery(Base):
    """One delivery of one event of one excursion to one target (idempotent by the three)."""

    __tablename__ = "notification_deliveries"
    __table_args__ = (
        UniqueConstraint("excursion_id", "event", "target_id", name="uq_notification_deliveries"),
        CheckConstraint("event IN ('opened','escalated')", name="event"),
        CheckConstraint("status IN ('sent','failed')", name="status"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    excursion_id: Mapped[int] = mapped_column(ForeignKey("excursions.id"), index=True)
    event: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int] = mapped_column(ForeignKey("notification_targets.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    last_error: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
