"""Sensors and bindings: which sensor measured which location or shipment, from when to when.

Bindings never overlap for one sensor (an exclusion constraint in the database), so a reading's
time alone says what it measured, including for readings that arrive late (logger backfill).
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from coldtrace_cloud.db.base import Base


class SensorKind(StrEnum):
    """A live probe polled by a gateway, or a transit logger read out at arrival."""

    PROBE = "probe"
    LOGGER = "logger"


class Sensor(Base):
    """A physical sensor; ``code`` is the ``sensor_id`` the gateways put on the wire."""

    __tablename__ = "sensors"
    __table_args__ = (CheckConstraint("kind IN ('probe','logger')", name="kind"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    model: Mapped[str | None] = mapped_column(String(100))
    gateway_id: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class SensorBinding(Base):
    """Sensor -> location or shipment over ``[valid_from, valid_to)``; open-ended while current."""

    __tablename__ = "sensor_bindings"
    __table_args__ = (
        CheckConstraint("(location_id IS NULL) <> (shipment_id IS NULL)", name="one_target"),
        CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="period"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    sensor_id: Mapped[int] = mapped_column(ForeignKey("sensors.id"), index=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"), index=True)
    shipment_id: Mapped[int | None] = mapped_column(ForeignKey("shipments.id"), index=True)
    valid_from: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    valid_to: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
