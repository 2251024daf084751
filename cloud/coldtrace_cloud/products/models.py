"""Storage profiles and products.

A storage profile holds the temperature and humidity bands; the excursion rules of each profile
(delay, hysteresis, budget, MKT window, ...) belong to the excursion engine and are kept in
``excursion_rules`` until that engine gives them their own versioned table.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, DateTime, Float, ForeignKey, String, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from coldtrace_cloud.db.base import Base


class StorageProfile(Base):
    """Conditions a product must be kept in (e.g. 2-8 °C, 15-25 °C, <= -20 °C)."""

    __tablename__ = "storage_profiles"
    __table_args__ = (
        CheckConstraint(
            "temperature_min_c IS NULL OR temperature_max_c IS NULL "
            "OR temperature_min_c < temperature_max_c",
            name="temperature_band",
        ),
        CheckConstraint(
            "humidity_min_pct IS NULL OR humidity_max_pct IS NULL "
            "OR humidity_min_pct < humidity_max_pct",
            name="humidity_band",
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    temperature_min_c: Mapped[float | None] = mapped_column(Float)
    temperature_max_c: Mapped[float | None] = mapped_column(Float)
    humidity_min_pct: Mapped[float | None] = mapped_column(Float)
    humidity_max_pct: Mapped[float | None] = mapped_column(Float)
    excursion_rules: Mapped[dict[str, Any]] = mapped_column(
        JSONB, server_default=text("'{}'::jsonb")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Product(Base):
    """A trade item identified by its GTIN-14; ``category`` drives category grants."""

    __tablename__ = "products"
    __table_args__ = (CheckConstraint("gtin ~ '^[0-9]{14}$'", name="gtin"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    gtin: Mapped[str] = mapped_column(String(14), unique=True)
    description: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(64), index=True)
    storage_profile_id: Mapped[int] = mapped_column(ForeignKey("storage_profiles.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
