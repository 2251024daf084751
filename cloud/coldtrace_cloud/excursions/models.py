"""Rule sets (versioned), what a place is monitored against, engine state, and excursions.

An excursion's *condition* ends when the reading clears (``ended_at``); its *lifecycle* (open ->
acknowledged -> closed) is QA's and ends with a root cause and a CAPA reference.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from coldtrace_cloud.db.base import Base


class ExcursionRuleSet(Base):
    """Version ``version`` of a storage profile's rules; the newest version is in force."""

    __tablename__ = "excursion_rule_sets"
    __table_args__ = (UniqueConstraint("profile_id", "version", name="uq_rule_sets_version"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("storage_profiles.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    rules: Mapped[dict[str, Any]] = mapped_column(JSONB)
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ExcursionMonitor(Base):
    """A location or a shipment is watched against a storage profile's rules."""

    __tablename__ = "excursion_monitors"
    __table_args__ = (
        CheckConstraint("(location_id IS NULL) <> (shipment_id IS NULL)", name="one_place"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"), unique=True)
    shipment_id: Mapped[int | None] = mapped_column(ForeignKey("shipments.id"), unique=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("storage_profiles.id"), index=True)


class SensorEngineState(Base):
    """Where the engine stands for one sensor binding: the detectors' state and the watermark."""

    __tablename__ = "excursion_engine_state"

    binding_id: Mapped[int] = mapped_column(ForeignKey("sensor_bindings.id"), primary_key=True)
    last_measured_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    detectors: Mapped[dict[str, Any]] = mapped_column(JSONB)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Excursion(Base):
    """One excursion of one sensor's binding over ``[started_at, ended_at)``."""

    __tablename__ = "excursions"
    __table_args__ = (
        UniqueConstraint("binding_id", "kind", "started_at", name="uq_excursions_start"),
        CheckConstraint("kind IN ('temperature','humidity','rate','silence','mkt')", name="kind"),
        CheckConstraint("status IN ('open','acknowledged','closed')", name="status"),
        CheckConstraint("severity IN ('minor','major','critical')", name="severity"),
        Index("ix_excursions_status_started", "status", "started_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    binding_id: Mapped[int] = mapped_column(ForeignKey("sensor_bindings.id"), index=True)
    sensor_id: Mapped[int] = mapped_column(ForeignKey("sensors.id"), index=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"), index=True)
    shipment_id: Mapped[int | None] = mapped_column(ForeignKey("shipments.id"), index=True)
    rule_set_id: Mapped[int | None] = mapped_column(ForeignKey("excursion_rule_sets.id"))
    kind: Mapped[str] = mapped_column(String(16))
    severity: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    peak: Mapped[float | None] = mapped_column(Float)
    deviation: Mapped[float] = mapped_column(Float)
    out_of_range_s: Mapped[float] = mapped_column(Float)
    degree_minutes: Mapped[float] = mapped_column(Float)
    detected_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    acknowledged_by: Mapped[str | None] = mapped_column(String(200))
    ack_comment: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[str | None] = mapped_column(String(200))
    root_cause: Mapped[str | None] = mapped_column(Text)
    capa_ref: Mapped[str | None] = mapped_column(String(100))
