"""Consignees: the parties at the other end of shipments (recall notices go to them)."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, DateTime, String, func
from sqlalchemy.orm import Mapped, mapped_column

from coldtrace_cloud.db.base import Base


class ConsigneeKind(StrEnum):
    """What kind of party a consignee is."""

    HOSPITAL = "hospital"
    PHARMACY = "pharmacy"
    CLINIC = "clinic"
    DISTRIBUTOR = "distributor"
    WHOLESALER = "wholesaler"
    MANUFACTURER = "manufacturer"
    SUPPLIER = "supplier"


class Consignee(Base):
    """A party identified by our code (and its GLN when known)."""

    __tablename__ = "consignees"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('hospital','pharmacy','clinic','distributor','wholesaler','manufacturer',"
            "'supplier')",
            name="kind",
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    gln: Mapped[str | None] = mapped_column(String(13))
    address: Mapped[str | None] = mapped_column(String(500))
    country: Mapped[str | None] = mapped_column(String(2), doc="ISO 3166-1 alpha-2")
    contact_email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
