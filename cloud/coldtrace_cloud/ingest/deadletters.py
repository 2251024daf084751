"""Dead letters: keep what we could not ingest, with the reason, and carry on."""

import logging
from enum import StrEnum
from typing import Final

from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.ingest.models import DeadLetter

logger = logging.getLogger(__name__)

# Enough to diagnose any message; a payload over the broker limit is not stored whole.
MAX_STORED_PAYLOAD_BYTES: Final = 64 * 1024


class DeadLetterReason(StrEnum):
    """Why a message was not ingested (stable codes for metrics and queries)."""

    MALFORMED_JSON = "malformed_json"
    INVALID_MESSAGE = "invalid_message"
    UNKNOWN_SCHEMA_VERSION = "unknown_schema_version"
    OVERSIZED = "oversized"
    UNKNOWN_TOPIC = "unknown_topic"
    GATEWAY_MISMATCH = "gateway_mismatch"
    UNKNOWN_SENSOR = "unknown_sensor"
    TIMESTAMP_OUT_OF_RANGE = "timestamp_out_of_range"


def dead_letter(
    topic: str, payload: bytes, reason: DeadLetterReason, detail: str, gateway_id: str | None = None
) -> DeadLetter:
    """A dead-letter row; the payload is cut at a byte limit, its real size kept."""
    logger.warning("dead letter: %s on %s: %s", reason, topic, detail[:200])
    return DeadLetter(
        topic=topic[:1024],
        gateway_id=gateway_id[:64] if gateway_id else None,
        reason=reason,
        detail=detail[:4000],
        payload=payload[:MAX_STORED_PAYLOAD_BYTES],
        payload_size_bytes=len(payload),
    )


def add_dead_letter(session: AsyncSession, row: DeadLetter) -> None:
    """Stage a dead letter in the caller's transaction (stored with the rest of the batch)."""
    session.add(row)
