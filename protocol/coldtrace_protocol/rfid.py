"""RFID portal passes: one event per physical pass of a tag through a door, with its direction.

The edge turns many raw LLRP tag reads into one ``PortalPass`` (ARCHITECTURE.md, "Data flow").
``event_id`` is fixed when the pass closes and never changes, so the cloud records each pass
exactly once however often the message carrying it is redelivered. Both clocks are kept: the
reader's (``*_reader_at``, as reported) and the gateway's (``*_received_at``); ``*_seen_at`` is the
trusted one (the reader's, unless its clock was far off, then the gateway's and
``reader_clock_suspect`` is set).
"""

from enum import StrEnum
from typing import Final, Literal, Self
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from coldtrace_protocol.envelope import UplinkEnvelope
from coldtrace_protocol.identifiers import (
    DecodedEpc,
    Giai96,
    Sgln96,
    Sgtin96,
    Sscc96,
    decode_epc,
)

MAX_PASSES_PER_MESSAGE: Final = 1000
MAX_ZONE_SEQUENCE: Final = 64
EPC_HEX_PATTERN: Final = r"^(?:[0-9A-F]{2}){1,62}$"
PORTAL_ID_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"


class Zone(StrEnum):
    """Which side of a door an antenna watches."""

    OUTSIDE = "outside"
    INSIDE = "inside"


class PassDirection(StrEnum):
    """Inbound = outside -> inside; unknown when the reads do not tell."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"
    UNKNOWN = "unknown"


class EpcIdentity(BaseModel):
    """What an EPC decodes to (GS1 TDS §14); non-GS1 EPCs keep only their hex and a reason."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scheme: str = Field(min_length=1, max_length=16)
    is_gs1: bool
    pure_uri: str | None = Field(default=None, max_length=128)
    tag_uri: str | None = Field(default=None, max_length=160)
    filter_value: int | None = Field(default=None, ge=0, le=7)
    gtin: str | None = Field(default=None, pattern=r"^[0-9]{14}$")
    sscc: str | None = Field(default=None, pattern=r"^[0-9]{18}$")
    gln: str | None = Field(default=None, pattern=r"^[0-9]{13}$")
    serial: str | None = Field(default=None, max_length=30)
    reason: str | None = Field(default=None, max_length=200, description="why not GS1")

    @classmethod
    def of(cls, epc: DecodedEpc) -> Self:
        """The identity of a decoded EPC."""
        if isinstance(epc, Sgtin96):
            return cls(
                scheme=epc.scheme,
                is_gs1=True,
                pure_uri=epc.pure_uri,
                tag_uri=epc.tag_uri,
                filter_value=epc.filter_value,
                gtin=epc.gtin,
                serial=str(epc.serial),
            )
        if isinstance(epc, Sscc96):
            return cls(
                scheme=epc.scheme,
                is_gs1=True,
                pure_uri=epc.pure_uri,
                tag_uri=epc.tag_uri,
                filter_value=epc.filter_value,
                sscc=epc.sscc,
            )
        if isinstance(epc, Sgln96):
            return cls(
                scheme=epc.scheme,
                is_gs1=True,
                pure_uri=epc.pure_uri,
                tag_uri=epc.tag_uri,
                filter_value=epc.filter_value,
                gln=epc.gln,
            )
        if isinstance(epc, Giai96):
            return cls(
                scheme=epc.scheme,
                is_gs1=True,
                pure_uri=epc.pure_uri,
                tag_uri=epc.tag_uri,
                filter_value=epc.filter_value,
                serial=str(epc.asset_reference),
            )
        return cls(scheme=epc.scheme, is_gs1=False, reason=epc.reason[:200] or None)

    @classmethod
    def of_hex(cls, epc_hex: str) -> Self:
        """Decode EPC hex text (never raises for hex; raw EPCs are flagged, not dropped)."""
        return cls.of(decode_epc(epc_hex))


class ZoneReads(BaseModel):
    """What the antennas of one zone saw of the tag during the pass."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zone: Zone
    antennas: list[int] = Field(min_length=1, max_length=32)
    read_count: int = Field(ge=1)
    peak_rssi_dbm: float = Field(ge=-128, le=127)
    first_seen_at: AwareDatetime
    last_seen_at: AwareDatetime


class PortalPass(BaseModel):
    """One tag through one portal, once: the edge's smoothed view of many reads."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_id: UUID
    portal_id: str = Field(pattern=PORTAL_ID_PATTERN)
    reader_id: str = Field(pattern=PORTAL_ID_PATTERN)
    epc: str = Field(pattern=EPC_HEX_PATTERN, description="upper-case hex of the EPC bank")
    identity: EpcIdentity
    first_seen_at: AwareDatetime
    last_seen_at: AwareDatetime
    first_seen_reader_at: AwareDatetime | None = None
    last_seen_reader_at: AwareDatetime | None = None
    first_received_at: AwareDatetime
    last_received_at: AwareDatetime
    reader_clock_suspect: bool = False
    zone_sequence: list[Zone] = Field(min_length=1, max_length=MAX_ZONE_SEQUENCE)
    zones: list[ZoneReads] = Field(min_length=1, max_length=2)
    read_count: int = Field(ge=1)
    direction: PassDirection
    direction_confidence: float = Field(ge=0.0, le=1.0)
    from_location: str | None = Field(default=None, max_length=64)
    to_location: str | None = Field(default=None, max_length=64)
    aggregation_parent_epc: str | None = Field(default=None, pattern=EPC_HEX_PATTERN)
    aggregation_parent_sscc: str | None = Field(default=None, pattern=r"^[0-9]{18}$")
    aggregated_children: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        """Times in order, counts adding up, one summary per zone."""
        if self.last_seen_at < self.first_seen_at:
            raise ValueError("last_seen_at before first_seen_at")
        if self.last_received_at < self.first_received_at:
            raise ValueError("last_received_at before first_received_at")
        if len({z.zone for z in self.zones}) != len(self.zones):
            raise ValueError("one summary per zone")
        if sum(z.read_count for z in self.zones) != self.read_count:
            raise ValueError("read_count is the sum of the zones' read counts")
        if self.direction is PassDirection.UNKNOWN and self.direction_confidence != 0.0:
            raise ValueError("an unknown direction has confidence 0")
        return self

    @property
    def peak_rssi_dbm(self) -> float:
        """The strongest read of the pass, any zone."""
        return max(z.peak_rssi_dbm for z in self.zones)


class RfidBatch(UplinkEnvelope):
    """Portal passes of one gateway in one message (the unit of ``seq`` and of de-duplication)."""

    kind: Literal["rfid"] = "rfid"
    passes: list[PortalPass] = Field(min_length=1, max_length=MAX_PASSES_PER_MESSAGE)


class ReaderHealth(BaseModel):
    """One reader as its gateway sees it: portal health, reported now and then and on change."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reader_id: str = Field(pattern=PORTAL_ID_PATTERN)
    portal_ids: list[str] = Field(default_factory=list, max_length=64)
    connected: bool
    sessions: int = Field(ge=0, description="LLRP sessions that reached INVENTORYING")
    last_report_at: AwareDatetime | None = Field(default=None, description="last tag report")
    last_error: str | None = Field(default=None, max_length=500)
    clock_suspect: bool = False
    reported_at: AwareDatetime


class PortalStatusBatch(UplinkEnvelope):
    """Reader health of one gateway in one message (kind ``portal-status``)."""

    kind: Literal["portal-status"] = "portal-status"
    readers: list[ReaderHealth] = Field(min_length=1, max_length=MAX_PASSES_PER_MESSAGE)
