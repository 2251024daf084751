"""Tables of the ingest path: dead letters (messages we could not accept, kept with the reason)."""

from datetime import datetime
from uuid import UUID

from sqlalchemy import BigInteger, DateTime, Integer, LargeBinary, String, Text, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from coldtrace_cloud.db.base import Base


class DeadLetter(Base):
    """A message that could not be ingested: never lost, never blocking the consumer."""

    __tablename__ = "dead_letters"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    received_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), index=True
    )
    topic: Mapped[str] = mapped_column(Text)
    gateway_id: Mapped[str | None] = mapped_column(String(64), index=True)
    reason: Mapped[str] = mapped_column(String(64), index=True)
    detail: Mapped[str] = mapped_column(Text)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    payload_size_bytes: Mapped[int] = mapped_column(Integer)


class IngestedMessage(Base):
    """One accepted uplink message, keyed by ``(gateway_id, seq, message_id)``.

    ``message_id`` is part of the key because a gateway whose outbox was reset (a replaced or
    re-imaged gateway) starts its ``seq`` again at 1: its new messages reuse old sequence numbers
    but never an old message id, and must not be mistaken for duplicates.
    """

    __tablename__ = "ingested_messages"

    gateway_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    message_id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    item_count: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
