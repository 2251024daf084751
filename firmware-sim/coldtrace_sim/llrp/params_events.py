"""Reader event parameters carried by READER_EVENT_NOTIFICATION (LLRP 1.0.1 §13.2.6)."""

from dataclasses import dataclass
from typing import ClassVar

from coldtrace_sim.llrp.fields import Field, Layout, Reserved
from coldtrace_sim.llrp.parameter import CUSTOMS, Custom, Param, Repeat, Sub, optional
from coldtrace_sim.llrp.params_common import Uptime, UTCTimestamp
from coldtrace_sim.llrp.params_tv import (
    AccessSpecID,
    AntennaID,
    C1G2SingulationDetails,
    InventoryParameterSpecID,
    OpSpecID,
    ROSpecID,
    SpecIndex,
)


@dataclass(frozen=True)
class HoppingEvent(Param):
    """The reader hopped to the next channel (§13.2.6.2)."""

    TYPE: ClassVar[int] = 247
    FIELDS: ClassVar[Layout] = (Field("hop_table_id", "u16"), Field("next_channel_index", "u16"))

    hop_table_id: int
    next_channel_index: int


@dataclass(frozen=True)
class GPIEvent(Param):
    """A general-purpose input changed level, e.g. a photo-eye at a door (§13.2.6.3)."""

    TYPE: ClassVar[int] = 248
    FIELDS: ClassVar[Layout] = (
        Field("gpi_port_number", "u16"),
        Field("gpi_event", "u1"),
        Reserved(7),
    )

    gpi_port_number: int
    gpi_event: bool


@dataclass(frozen=True)
class ROSpecEvent(Param):
    """A ROSpec started, ended or was preempted (§13.2.6.4)."""

    TYPE: ClassVar[int] = 249
    FIELDS: ClassVar[Layout] = (
        Field("event_type", "u8"),
        Field("rospec_id", "u32"),
        Field("preempting_rospec_id", "u32"),
    )

    event_type: int
    rospec_id: int
    preempting_rospec_id: int = 0


@dataclass(frozen=True)
class ReportBufferLevelWarningEvent(Param):
    """The report buffer is filling up (§13.2.6.5)."""

    TYPE: ClassVar[int] = 250
    FIELDS: ClassVar[Layout] = (Field("percentage_full", "u8"),)

    percentage_full: int


@dataclass(frozen=True)
class ReportBufferOverflowErrorEvent(Param):
    """Reports were lost because the buffer overflowed (§13.2.6.6)."""

    TYPE: ClassVar[int] = 251


@dataclass(frozen=True)
class ReaderExceptionEvent(Param):
    """Something went wrong in the reader, with where it happened (§13.2.6.7)."""

    TYPE: ClassVar[int] = 252
    FIELDS: ClassVar[Layout] = (Field("message", "utf8v"),)
    SUBS: ClassVar[tuple[Sub, ...]] = (
        optional(ROSpecID, "rospec_id"),
        optional(SpecIndex, "spec_index"),
        optional(InventoryParameterSpecID, "inventory_parameter_spec_id"),
        optional(AntennaID, "antenna_id"),
        optional(AccessSpecID, "access_spec_id"),
        optional(OpSpecID, "op_spec_id"),
        CUSTOMS,
    )

    message: str
    rospec_id: ROSpecID | None = None
    spec_index: SpecIndex | None = None
    inventory_parameter_spec_id: InventoryParameterSpecID | None = None
    antenna_id: AntennaID | None = None
    access_spec_id: AccessSpecID | None = None
    op_spec_id: OpSpecID | None = None
    custom: tuple[Custom, ...] = ()


@dataclass(frozen=True)
class RFSurveyEvent(Param):
    """An RF survey started or ended (§13.2.6.8)."""

    TYPE: ClassVar[int] = 253
    FIELDS: ClassVar[Layout] = (
        Field("event_type", "u8"),
        Field("rospec_id", "u32"),
        Field("spec_index", "u16"),
    )

    event_type: int
    rospec_id: int
    spec_index: int


@dataclass(frozen=True)
class AISpecEvent(Param):
    """An AISpec ended (§13.2.6.9)."""

    TYPE: ClassVar[int] = 254
    FIELDS: ClassVar[Layout] = (
        Field("event_type", "u8"),
        Field("rospec_id", "u32"),
        Field("spec_index", "u16"),
    )
    SUBS: ClassVar[tuple[Sub, ...]] = (optional(C1G2SingulationDetails, "singulation_details"),)

    event_type: int
    rospec_id: int
    spec_index: int
    singulation_details: C1G2SingulationDetails | None = None


@dataclass(frozen=True)
class AntennaEvent(Param):
    """An antenna was disconnected (0) or connected (1) (§13.2.6.10)."""

    TYPE: ClassVar[int] = 255
    FIELDS: ClassVar[Layout] = (Field("event_type", "u8"), Field("antenna_id", "u16"))

    event_type: int
    antenna_id: int


@dataclass(frozen=True)
class ConnectionAttemptEvent(Param):
    """The outcome of a client's connection attempt; always the first message (§13.2.6.11)."""

    TYPE: ClassVar[int] = 256
    FIELDS: ClassVar[Layout] = (Field("status", "u16"),)

    status: int


@dataclass(frozen=True)
class ConnectionCloseEvent(Param):
    """The reader is about to close the connection (§13.2.6.12)."""

    TYPE: ClassVar[int] = 257


@dataclass(frozen=True)
class ReaderEventNotificationData(Param):
    """A timestamp and the events that happened at that time (§13.2.6.1)."""

    TYPE: ClassVar[int] = 246
    SUBS: ClassVar[tuple[Sub, ...]] = (
        Sub("timestamp", (UTCTimestamp, Uptime), Repeat.ONE),
        optional(HoppingEvent, "hopping"),
        optional(GPIEvent, "gpi"),
        optional(ROSpecEvent, "rospec"),
        optional(ReportBufferLevelWarningEvent, "buffer_warning"),
        optional(ReportBufferOverflowErrorEvent, "buffer_overflow"),
        optional(ReaderExceptionEvent, "reader_exception"),
        optional(RFSurveyEvent, "rf_survey"),
        optional(AISpecEvent, "aispec"),
        optional(AntennaEvent, "antenna"),
        optional(ConnectionAttemptEvent, "connection_attempt"),
        optional(ConnectionCloseEvent, "connection_close"),
        CUSTOMS,
    )

    timestamp: UTCTimestamp | Uptime
    hopping: HoppingEvent | None = None
    gpi: GPIEvent | None = None
    rospec: ROSpecEvent | None = None
    buffer_warning: ReportBufferLevelWarningEvent | None = None
    buffer_overflow: ReportBufferOverflowErrorEvent | None = None
    reader_exception: ReaderExceptionEvent | None = None
    rf_survey: RFSurveyEvent | None = None
    aispec: AISpecEvent | None = None
    antenna: AntennaEvent | None = None
    connection_attempt: ConnectionAttemptEvent | None = None
    connection_close: ConnectionCloseEvent | None = None
    custom: tuple[Custom, ...] = ()
