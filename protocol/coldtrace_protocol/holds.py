"""Holds pushed to the gateways, and the alarms their portals raise when a held item leaves.

The cloud publishes one retained ``HoldList`` per gateway on its ``holds`` topic (MQTT 5
§3.3.1.3: a gateway that connects later gets the latest list at once); the list is complete, not
a delta, so a gateway that missed some updates is right again with the next one. An outbound pass
of a held EPC raises a ``HoldAlarm`` at the edge immediately, uplink or not, and the alarm then
travels like any other uplink item (kind ``alarm``, member ``alarms``).
"""

from enum import StrEnum
from typing import Final, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from coldtrace_protocol.envelope import UplinkEnvelope
from coldtrace_protocol.rfid import EPC_HEX_PATTERN, PORTAL_ID_PATTERN, PassDirection

MAX_HOLDS: Final = 200_000
MAX_ALARMS_PER_MESSAGE: Final = 1000


class HoldReason(StrEnum):
    """Why an item must not leave: its lot is quarantined, recalled or rejected by QA."""

    QUARANTINED = "quarantined"
    RECALLED = "recalled"
    REJECTED = "rejected"  # non-conformant stock awaiting destruction must not ship either


class Hold(BaseModel):
    """One held EPC (an item's SGTIN or a container's SSCC) and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pure_uri: str = Field(pattern=r"^urn:epc:id:[a-z]+:[0-9.A-Za-z%-]+$", max_length=128)
    reason: HoldReason
    lot_number: str | None = Field(default=None, max_length=20)
    gtin: str | None = Field(default=None, pattern=r"^[0-9]{14}$")


class HoldList(BaseModel):
    """The complete list of holds for one gateway's site (retained, replaces the previous one)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    site_id: str = Field(min_length=1, max_length=64)
    issued_at: AwareDatetime
    version: int = Field(ge=0, description="increases with every list; older lists are ignored")
    holds: list[Hold] = Field(default_factory=list, max_length=MAX_HOLDS)

    def by_uri(self) -> dict[str, Hold]:
        """Holds keyed by pure identity URI, for lookups on every pass."""
        return {hold.pure_uri: hold for hold in self.holds}


class HoldAlarm(BaseModel):
    """A held EPC moved outbound through a portal."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_id: UUID
    pass_event_id: UUID
    raised_at: AwareDatetime
    portal_id: str = Field(pattern=PORTAL_ID_PATTERN)
    epc: str = Field(pattern=EPC_HEX_PATTERN)
    pure_uri: str = Field(max_length=128)
    reason: HoldReason
    lot_number: str | None = Field(default=None, max_length=20)
    direction: PassDirection
    seen_at: AwareDatetime
    holds_version: int = Field(ge=0)
    gpo_driven: bool = False


class AlarmBatch(UplinkEnvelope):
    """Alarms of one gateway in one message."""

    kind: Literal["alarm"] = "alarm"
    alarms: list[HoldAlarm] = Field(min_length=1, max_length=MAX_ALARMS_PER_MESSAGE)
