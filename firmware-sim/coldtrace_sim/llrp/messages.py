"""The LLRP 1.0.1 messages for capabilities, configuration, reports, events and connections.

The ROSpec and AccessSpec operations are in ``messages_specs`` (LLRP 1.0.1 §16.1).
"""

from dataclasses import dataclass
from typing import ClassVar

from coldtrace_sim.llrp.fields import Field, Layout, Reserved
from coldtrace_sim.llrp.message import EmptyMessage, Message, StatusResponse
from coldtrace_sim.llrp.parameter import CUSTOMS, Custom, Sub, many, one, optional
from coldtrace_sim.llrp.params_capabilities import (
    C1G2LLRPCapabilities,
    GeneralDeviceCapabilities,
    LLRPCapabilities,
    RegulatoryCapabilities,
)
from coldtrace_sim.llrp.params_common import LLRPStatus
from coldtrace_sim.llrp.params_config import (
    AccessReportSpec,
    AntennaConfiguration,
    AntennaProperties,
    EventsAndReports,
    GPIPortCurrentState,
    GPOWriteData,
    Identification,
    KeepaliveSpec,
    LLRPConfigurationStateValue,
    ReaderEventNotificationSpec,
    ROReportSpec,
)
from coldtrace_sim.llrp.params_events import ReaderEventNotificationData
from coldtrace_sim.llrp.params_report import TagReportData


@dataclass(frozen=True)
class GetReaderCapabilities(Message):
    """Ask for all (0) or one group of capabilities (§9.1.1)."""

    TYPE: ClassVar[int] = 1
    FIELDS: ClassVar[Layout] = (Field("requested_data", "u8"),)
    SUBS: ClassVar[tuple[Sub, ...]] = (CUSTOMS,)

    requested_data: int
    custom: tuple[Custom, ...] = ()


@dataclass(frozen=True)
class GetReaderCapabilitiesResponse(Message):
    """The requested capabilities (§9.1.2)."""

    TYPE: ClassVar[int] = 11
    SUBS: ClassVar[tuple[Sub, ...]] = (
        one(LLRPStatus, "status"),
        optional(GeneralDeviceCapabilities, "general"),
        optional(LLRPCapabilities, "llrp"),
        optional(RegulatoryCapabilities, "regulatory"),
        optional(C1G2LLRPCapabilities, "air_protocol"),
        CUSTOMS,
    )

    status: LLRPStatus
    general: GeneralDeviceCapabilities | None = None
    llrp: LLRPCapabilities | None = None
    regulatory: RegulatoryCapabilities | None = None
    air_protocol: C1G2LLRPCapabilities | None = None
    custom: tuple[Custom, ...] = ()


@dataclass(frozen=True)
class GetReaderConfig(Message):
    """Ask for all (0) or one part of the configuration, per antenna or port (§12.1.1)."""

    TYPE: ClassVar[int] = 2
    FIELDS: ClassVar[Layout] = (
        Field("antenna_id", "u16"),
        Field("requested_data", "u8"),
        Field("gpi_port_num", "u16"),
        Field("gpo_port_num", "u16"),
    )
    SUBS: ClassVar[tuple[Sub, ...]] = (CUSTOMS,)

    antenna_id: int
    requested_data: int
    gpi_port_num: int
    gpo_port_num: int
    custom: tuple[Custom, ...] = ()


@dataclass(frozen=True)
class GetReaderConfigResponse(Message):
    """The requested configuration (§12.1.2)."""

    TYPE: ClassVar[int] = 12
    SUBS: ClassVar[tuple[Sub, ...]] = (
        one(LLRPStatus, "status"),
        optional(Identification, "identification"),
        many(AntennaProperties, "antenna_properties"),
        many(AntennaConfiguration, "antenna_configurations"),
        optional(ReaderEventNotificationSpec, "event_spec"),
        optional(ROReportSpec, "report_spec"),
        optional(AccessReportSpec, "access_report_spec"),
        optional(LLRPConfigurationStateValue, "configuration_state"),
        optional(KeepaliveSpec, "keepalive"),
        many(GPIPortCurrentState, "gpi_ports"),
        many(GPOWriteData, "gpo_ports"),
        optional(EventsAndReports, "events_and_reports"),
        CUSTOMS,
    )

    status: LLRPStatus
    identification: Identification | None = None
    antenna_properties: tuple[AntennaProperties, ...] = ()
    antenna_configurations: tuple[AntennaConfiguration, ...] = ()
    event_spec: ReaderEventNotificationSpec | None = None
    report_spec: ROReportSpec | None = None
    access_report_spec: AccessReportSpec | None = None
    configuration_state: LLRPConfigurationStateValue | None = None
    keepalive: KeepaliveSpec | None = None
    gpi_ports: tuple[GPIPortCurrentState, ...] = ()
    gpo_ports: tuple[GPOWriteData, ...] = ()
    events_and_reports: EventsAndReports | None = None
    custom: tuple[Custom, ...] = ()


@dataclass(frozen=True)
class SetReaderConfig(Message):
    """Change the configuration, optionally after a factory reset (§12.1.3)."""

    TYPE: ClassVar[int] = 3
    FIELDS: ClassVar[Layout] = (Field("reset_to_factory_default", "u1"), Reserved(7))
    SUBS: ClassVar[tuple[Sub, ...]] = (
        optional(ReaderEventNotificationSpec, "event_spec"),
        many(AntennaProperties, "antenna_properties"),
        many(AntennaConfiguration, "antenna_configurations"),
        optional(ROReportSpec, "report_spec"),
        optional(AccessReportSpec, "access_report_spec"),
        optional(KeepaliveSpec, "keepalive"),
        many(GPOWriteData, "gpo_writes"),
        many(GPIPortCurrentState, "gpi_ports"),
        optional(EventsAndReports, "events_and_reports"),
        CUSTOMS,
    )

    reset_to_factory_default: bool
    event_spec: ReaderEventNotificationSpec | None = None
    antenna_properties: tuple[AntennaProperties, ...] = ()
    antenna_configurations: tuple[AntennaConfiguration, ...] = ()
    report_spec: ROReportSpec | None = None
    access_report_spec: AccessReportSpec | None = None
    keepalive: KeepaliveSpec | None = None
    gpo_writes: tuple[GPOWriteData, ...] = ()
    gpi_ports: tuple[GPIPortCurrentState, ...] = ()
    events_and_reports: EventsAndReports | None = None
    custom: tuple[Custom, ...] = ()


@dataclass(frozen=True)
class SetReaderConfigResponse(StatusResponse):
    """Outcome of SET_READER_CONFIG (§12.1.4)."""

    TYPE: ClassVar[int] = 13


@dataclass(frozen=True)
class CloseConnection(EmptyMessage):
    """The client asks the reader to close the connection (§14.1.1)."""

    TYPE: ClassVar[int] = 14


@dataclass(frozen=True)
class CloseConnectionResponse(StatusResponse):
    """Sent just before the reader closes the connection (§14.1.2)."""

    TYPE: ClassVar[int] = 4


@dataclass(frozen=True)
class GetReport(EmptyMessage):
    """Ask the reader to send the tag reports it has accumulated (§13.1.1)."""

    TYPE: ClassVar[int] = 60


@dataclass(frozen=True)
class ROAccessReport(Message):
    """Tag reports (§13.1.2)."""

    TYPE: ClassVar[int] = 61
    SUBS: ClassVar[tuple[Sub, ...]] = (many(TagReportData, "tags"), CUSTOMS)

    tags: tuple[TagReportData, ...] = ()
    custom: tuple[Custom, ...] = ()


@dataclass(frozen=True)
class Keepalive(EmptyMessage):
    """The reader's periodic sign of life (§13.1.3)."""

    TYPE: ClassVar[int] = 62


@dataclass(frozen=True)
class KeepaliveAck(EmptyMessage):
    """The client's answer to KEEPALIVE (§13.1.4)."""

    TYPE: ClassVar[int] = 72


@dataclass(frozen=True)
class ReaderEventNotification(Message):
    """A reader event, e.g. the ConnectionAttemptEvent that opens every connection (§13.1.5)."""

    TYPE: ClassVar[int] = 63
    SUBS: ClassVar[tuple[Sub, ...]] = (one(ReaderEventNotificationData, "data"),)

    data: ReaderEventNotificationData


@dataclass(frozen=True)
class EnableEventsAndReports(EmptyMessage):
    """Release held events and reports; it has no response (§13.1.6)."""

    TYPE: ClassVar[int] = 64


@dataclass(frozen=True)
class ErrorMessage(StatusResponse):
    """The reader's answer to a message it cannot accept (§14.1.3)."""

    TYPE: ClassVar[int] = 100


@dataclass(frozen=True)
class CustomMessage(Message):
    """A vendor message: PEN, subtype and vendor-defined data (§8.1)."""

    TYPE: ClassVar[int] = 1023
    FIELDS: ClassVar[Layout] = (
        Field("vendor", "u32"),
        Field("subtype", "u8"),
        Field("data", "bytes"),
    )

    vendor: int
    subtype: int
    data: bytes = b""
