"""The envelope every uplink message carries, whatever its kind.

At-least-once delivery means the cloud sees duplicates; ``(gateway_id, seq)`` and ``message_id``
let it remove them so that the end result is exactly-once (ARCHITECTURE.md, "The wire contract").
"""

from typing import Final
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from coldtrace_protocol.topics import check_segment
from coldtrace_protocol.version import SCHEMA_VERSION

# The cloud keeps seq as a signed 64-bit integer; a larger one is a malformed message, refused
# with a reason rather than failing every attempt to store it.
MAX_SEQ: Final = 2**63 - 1


class UplinkEnvelope(BaseModel):
    """Fields common to every edge -> cloud message."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: int = Field(default=SCHEMA_VERSION, ge=0)
    gateway_id: str = Field(min_length=1, max_length=64)
    seq: int = Field(
        ge=0,
        le=MAX_SEQ,
        description="per-gateway, strictly increasing, survives restarts",
    )
    message_id: UUID
    sent_at: AwareDatetime

    @field_validator("gateway_id")
    @classmethod
    def _gateway_is_one_topic_level(cls, value: str) -> str:
        """Reject gateway ids that could not be a topic level (they would escape the ACL)."""
        return check_segment(value, what="gateway")

    @property
    def dedup_key(self) -> tuple[str, int, UUID]:
        """The key the cloud de-duplicates on (a reset gateway reuses seqs, never message ids)."""
        return (self.gateway_id, self.seq, self.message_id)
