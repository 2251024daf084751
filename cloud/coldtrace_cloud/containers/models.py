"""Containers and their contents over time.

A content row says an item (or a child container) was inside a container over
``[valid_from, valid_to)``; an item is in one container at a time (exclusion constraint in
migration 0103). Moving a container moves what it holds at that moment.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from coldtrace_cloud.db.base import Base


class ContainerKind(StrEnum):
    """Logistic unit types."""

    PALLET = "pallet"
    CASE = "case"
    TOTE = "tote"
    SHIPPER = "shipper"


class Container(Base):
    """A logistic unit identified by its SSCC-18 (GS1 AI 00)."""

    __tablename__ = "containers"
    __table_args__ = (
        CheckConstraint("kind IN ('pallet','case','tote','shipper')", name="kind"),
        CheckConstraint("sscc ~ '^[0-9]{18}$'", name="sscc"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    sscc: Mapped[str] = mapped_column(String(18), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    current_location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"), index=True)
    current_site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), index=True)
    current_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ContainerContent(Base):
    """An item or a child container inside a container over ``[valid_from, valid_to)``."""

    __tablename__ = "container_contents"
    __table_args__ = (
        CheckConstraint("(item_id IS NULL) <> (child_container_id IS NULL)", name="one_content"),
        CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="period"),
        CheckConstraint(
            "child_container_id IS NULL OR child_container_id <> container_id", name="not_self"
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    container_id: Mapped[int] = mapped_column(ForeignKey("containers.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"), index=True)
    child_container_id: Mapped[int | None] = mapped_column(ForeignKey("containers.id"), index=True)
    valid_from: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    valid_to: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
