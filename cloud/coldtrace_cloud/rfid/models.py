"""Passes that did not become movements (kept for reconciliation) and hold alarms from portals.

A pass is never lost: it becomes a movement (``movements``, idempotent by event id), is covered
by its container's movement, or is kept here with the reason, whole, so that someone can resolve
it (an EPC nobody registered, a portal not set up, a direction the reads did not tell).
"""

from datetime import datetime
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from coldtrace_cloud.db.base import Base


class UnreconciledPass(Base):
    """A portal pass that moved nothing, with why."""

    __tablename__ = "rfid_unreconciled_passes"
    __table_args__ = (Index("ix_rfid_unreconciled_passes_epc", "epc"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    event_id: Mapped[UUID] = mapped_column(Uuid, unique=True)
    gateway_id: Mapped[str] = mapped_column(String(64))
    site_code: Mapped[str] = mapped_column(String(64))
    portal_code: Mapped[str] = mapped_column(String(64), index=True)
    epc: Mapped[str] = mapped_column(String(124))
    pure_uri: Mapped[str | None] = mapped_column(String(128))
    reason: Mapped[str] = mapped_column(String(32), index=True)
    direction: Mapped[str] = mapped_column(String(8))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    body: Mapped[str] = mapped_column(Text, doc="the pass as received (JSON)")


class HoldAlarmRecord(Base):
    """A held EPC that a portal saw leave."""

    __tablename__ = "rfid_hold_alarms"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    event_id: Mapped[UUID] = mapped_column(Uuid, unique=True)
    pass_event_id: Mapped[UUID] = mapped_column(Uuid)
    gateway_id: Mapped[str] = mapped_column(String(64), index=True)
    portal_code: Mapped[str] = mapped_column(String(64))
    epc: Mapped[str] = mapped_column(String(124))
    pure_uri: Mapped[str] = mapped_column(String(128), index=True)
    reason: Mapped[str] = mapped_column(String(16))
    lot_number: Mapped[str | None] = mapped_column(String(20))
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    raised_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class ReaderHealthRecord(Base):
    """The newest health report of one reader of one gateway (portal health)."""

    __tablename__ = "rfid_reader_health"
    __table_args__ = (
        UniqueConstraint("gateway_id", "reader_id", name="uq_rfid_reader_health_gateway_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    gateway_id: Mapped[str] = mapped_column(String(64))
    site_code: Mapped[str] = mapped_column(String(64), index=True)
    reader_id: Mapped[str] = mapped_column(String(64))
    portal_codes: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    connected: Mapped[bool] = mapped_column(Boolean)
    sessions: Mapped[int] = mapped_column(Integer)
    last_report_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(String(500))
    clock_suspect: Mapped[bool] = mapped_column(Boolean)
    reported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
