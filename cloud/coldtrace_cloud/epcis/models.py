"""Captured EPCIS events: the event as received, and the keys our queries filter on.

An event is stored once by its ``eventID`` (the CBV 2.0 hash when the sender gave none), so a
document captured twice changes nothing. Vocabulary values are stored expanded (CBV Web URIs)
and identifiers in their canonical Digital Link form, so every spelling of a value matches.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Float, ForeignKey, Index, Integer, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from coldtrace_cloud.db.base import Base


class EpcisCapture(Base):
    """One accepted capture request (EPCIS 2.0 §12.3 capture job), with what it stored."""

    __tablename__ = "epcis_captures"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    received_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    captured_by: Mapped[str] = mapped_column(String(128))
    event_count: Mapped[int] = mapped_column(Integer)
    stored_count: Mapped[int] = mapped_column(Integer)
    trace_hops: Mapped[int] = mapped_column(Integer)


class EpcisEvent(Base):
    """One event, idempotent by ``event_id``."""

    __tablename__ = "epcis_events"
    __table_args__ = (
        Index("ix_epcis_events_time", "event_time", "id"),
        Index("ix_epcis_events_biz_step", "biz_step"),
        Index("ix_epcis_events_read_point", "read_point"),
        Index("ix_epcis_events_biz_location", "biz_location"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(500), unique=True)
    event_type: Mapped[str] = mapped_column(String(64))
    event_time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    record_time: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    action: Mapped[str | None] = mapped_column(String(16))
    biz_step: Mapped[str | None] = mapped_column(String(500))
    disposition: Mapped[str | None] = mapped_column(String(500))
    read_point: Mapped[str | None] = mapped_column(String(500))
    biz_location: Mapped[str | None] = mapped_column(String(500))
    capture_id: Mapped[int | None] = mapped_column(ForeignKey("epcis_captures.id"), index=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSONB)


class EpcisEventEpc(Base):
    """An identifier an event names, and in which role (epc, parent, child, input, output)."""

    __tablename__ = "epcis_event_epcs"
    __table_args__ = (Index("ix_epcis_event_epcs_epc", "epc", "role"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    event_pk: Mapped[int] = mapped_column(ForeignKey("epcis_events.id"), index=True)
    epc: Mapped[str] = mapped_column(String(500))
    role: Mapped[str] = mapped_column(String(16))


class EpcisSensorReport(Base):
    """One sensor report of an event: measurement type, unit and values."""

    __tablename__ = "epcis_sensor_reports"
    __table_args__ = (Index("ix_epcis_sensor_reports_type_uom", "measurement_type", "uom"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    event_pk: Mapped[int] = mapped_column(ForeignKey("epcis_events.id"), index=True)
    measurement_type: Mapped[str] = mapped_column(String(500))
    uom: Mapped[str | None] = mapped_column(String(16))
    value: Mapped[float | None] = mapped_column(Float)
    min_value: Mapped[float | None] = mapped_column(Float)
    max_value: Mapped[float | None] = mapped_column(Float)
    mean_value: Mapped[float | None] = mapped_column(Float)


class EpcisTraceHop(Base):
    """A partner's event naming one of our lots or items: a hop of its forward trace."""

    __tablename__ = "epcis_trace_hops"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    event_pk: Mapped[int] = mapped_column(ForeignKey("epcis_events.id"), index=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"))
    biz_step: Mapped[str | None] = mapped_column(String(500))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    destination: Mapped[str | None] = mapped_column(String(500))
