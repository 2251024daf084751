"""Electronic signatures and the dispositions they sign.

A signature row is the manifestation 21 CFR 11.50 asks for (printed name, date and time in UTC,
meaning) linked to the record it signs (11.70) by the record's type and id and a SHA-256 of
what was signed, so the link survives any copy of the record.
"""

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from coldtrace_cloud.db.base import Base


class ElectronicSignature(Base):
    """One signing act: who (printed name), when (UTC), what it means, what it signs."""

    __tablename__ = "electronic_signatures"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    printed_name: Mapped[str] = mapped_column(String(200))
    signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    meaning: Mapped[str] = mapped_column(String(64))
    record_type: Mapped[str] = mapped_column(String(32))
    record_sha256: Mapped[str] = mapped_column(String(64))


class Disposition(Base):
    """QA's decision on a quarantined lot, its reason, its signature and any budget override."""

    __tablename__ = "dispositions"
    __table_args__ = (
        CheckConstraint(
            "decision IN ('release','reject','release_with_restriction')", name="decision"
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    decision: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    restriction: Mapped[str | None] = mapped_column(Text)
    budget_remaining_s: Mapped[float | None] = mapped_column(Float)
    signature_id: Mapped[int] = mapped_column(ForeignKey("electronic_signatures.id"))
    override_signature_id: Mapped[int | None] = mapped_column(
        ForeignKey("electronic_signatures.id")
    )
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
