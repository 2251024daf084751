"""The ``reading_rollups`` table: per sensor, source and bucket, statistics that combine exactly."""

from datetime import datetime

from sqlalchemy import DateTime, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from coldtrace_cloud.db.base import Base


class ReadingRollup(Base):
    """min, max, sum and count of temperature and humidity, and the count of readings.

    ``width_s`` is the bucket width (one of ``rollups.LEVELS``), ``bucket_start`` its
    epoch-aligned start. Sums and counts add up across buckets and partial updates; min and max
    keep every breach.
    """

    __tablename__ = "reading_rollups"

    sensor_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    width_s: Mapped[int] = mapped_column(Integer, primary_key=True)
    bucket_start: Mapped[datetime] = mapped_column(DateTime(timezone=True), primary_key=True)
    source: Mapped[str] = mapped_column(String(16), primary_key=True)
    t_min: Mapped[float | None] = mapped_column(Float)
    t_max: Mapped[float | None] = mapped_column(Float)
    t_sum: Mapped[float] = mapped_column(Float)
    t_n: Mapped[int] = mapped_column(Integer)
    h_min: Mapped[float | None] = mapped_column(Float)
    h_max: Mapped[float | None] = mapped_column(Float)
    h_sum: Mapped[float] = mapped_column(Float)
    h_n: Mapped[int] = mapped_column(Integer)
    n: Mapped[int] = mapped_column(Integer)
