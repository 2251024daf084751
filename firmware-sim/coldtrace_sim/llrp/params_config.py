"""Reader configuration and report-spec parameters (LLRP 1.0.1 §12.2, §13.2)."""

from dataclasses import dataclass
from typing import ClassVar

from coldtrace_sim.llrp.fields import Field, Layout, Reserved
from coldtrace_sim.llrp.parameter import CUSTOMS, Custom, Param, Sub, many, one, optional, some
from coldtrace_sim.llrp.params_c1g2 import C1G2EPCMemorySelector, C1G2InventoryCommand


@dataclass(frozen=True)
class Identification(Param):
    """The reader's identity: a MAC address (0) or an EPC (1) (§12.2.2)."""

    TYPE: ClassVar[int] = 218
    FIELDS: ClassVar[Layout] = (Field("id_type", "u8"), Field("reader_id", "u8v"))

    id_type: int
    reader_id: bytes


@dataclass(frozen=True)
class LLRPConfigurationStateValue(Param):
    """A value that changes whenever the reader's configuration changes (§12.2.1)."""

    TYPE: ClassVar[int] = 217
    FIELDS: ClassVar[Layout] = (Field("state_value", "u32"),)

    state_value: int


@dataclass(frozen=True)
class GPOWriteData(Param):
    """Drive one general-purpose output high or low (§12.2.3)."""

    TYPE: ClassVar[int] = 219
    FIELDS: ClassVar[Layout] = (
        Field("gpo_port_number", "u16"),
        Field("gpo_data", "u1"),
        Reserved(7),
    )

    gpo_port_number: int
    gpo_data: bool


@dataclass(frozen=True)
class KeepaliveSpec(Param):
    """Periodic KEEPALIVE from the reader, interval in milliseconds (§12.2.4)."""

    TYPE: ClassVar[int] = 220
    FIELDS: ClassVar[Layout] = (Field("trigger_type", "u8"), Field("interval_ms", "u32"))

    trigger_type: int
    interval_ms: int


@dataclass(frozen=True)
class AntennaProperties(Param):
    """Whether an antenna is connected, and its gain in dBi x100 (§12.2.5)."""

    TYPE: ClassVar[int] = 221
    FIELDS: ClassVar[Layout] = (
        Field("connected", "u1"),
        Reserved(7),
        Field("antenna_id", "u16"),
        Field("gain", "s16"),
    )

    connected: bool
    antenna_id: int
    gain: int


@dataclass(frozen=True)
class RFReceiver(Param):
    """Receive sensitivity, an index into the capabilities' sensitivity table (§12.2.6.1)."""

    TYPE: ClassVar[int] = 223
    FIELDS: ClassVar[Layout] = (Field("receiver_sensitivity", "u16"),)

    receiver_sensitivity: int


@dataclass(frozen=True)
class RFTransmitter(Param):
    """Hop table, channel and transmit power index of an antenna (§12.2.6.2)."""

    TYPE: ClassVar[int] = 224
    FIELDS: ClassVar[Layout] = (
        Field("hop_table_id", "u16"),
        Field("channel_index", "u16"),
        Field("transmit_power", "u16"),
    )

    hop_table_id: int
    channel_index: int
    transmit_power: int


@dataclass(frozen=True)
class AntennaConfiguration(Param):
    """Receiver, transmitter and air-protocol settings of one antenna, 0 = all (§12.2.6)."""

    TYPE: ClassVar[int] = 222
    FIELDS: ClassVar[Layout] = (Field("antenna_id", "u16"),)
    SUBS: ClassVar[tuple[Sub, ...]] = (
        optional(RFReceiver, "rf_receiver"),
        optional(RFTransmitter, "rf_transmitter"),
        many(C1G2InventoryCommand, "inventory_commands"),
    )

    antenna_id: int
    rf_receiver: RFReceiver | None = None
    rf_transmitter: RFTransmitter | None = None
    inventory_commands: tuple[C1G2InventoryCommand, ...] = ()


@dataclass(frozen=True)
class GPIPortCurrentState(Param):
    """A general-purpose input: enabled or not, level 0 low / 1 high / 2 unknown (§12.2.7)."""

    TYPE: ClassVar[int] = 225
    FIELDS: ClassVar[Layout] = (
        Field("gpi_port_num", "u16"),
        Field("config", "u1"),
        Reserved(7),
        Field("state", "u8"),
    )

    gpi_port_num: int
    config: bool
    state: int


@dataclass(frozen=True)
class EventsAndReports(Param):
    """Whether events and reports are held across a reconnect (§12.2.8)."""

    TYPE: ClassVar[int] = 226
    FIELDS: ClassVar[Layout] = (Field("hold_upon_reconnect", "u1"), Reserved(7))

    hold_upon_reconnect: bool


@dataclass(frozen=True)
class TagReportContentSelector(Param):
    """Which optional fields every TagReportData carries (§13.2.1.1)."""

    TYPE: ClassVar[int] = 238
    FIELDS: ClassVar[Layout] = (
        Field("enable_rospec_id", "u1"),
        Field("enable_spec_index", "u1"),
        Field("enable_inventory_parameter_spec_id", "u1"),
        Field("enable_antenna_id", "u1"),
        Field("enable_channel_index", "u1"),
        Field("enable_peak_rssi", "u1"),
        Field("enable_first_seen_timestamp", "u1"),
        Field("enable_last_seen_timestamp", "u1"),
        Field("enable_tag_seen_count", "u1"),
        Field("enable_access_spec_id", "u1"),
        Reserved(6),
    )
    SUBS: ClassVar[tuple[Sub, ...]] = (many(C1G2EPCMemorySelector, "memory_selectors"),)

    enable_rospec_id: bool = False
    enable_spec_index: bool = False
    enable_inventory_parameter_spec_id: bool = False
    enable_antenna_id: bool = False
    enable_channel_index: bool = False
    enable_peak_rssi: bool = False
    enable_first_seen_timestamp: bool = False
    enable_last_seen_timestamp: bool = False
    enable_tag_seen_count: bool = False
    enable_access_spec_id: bool = False
    memory_selectors: tuple[C1G2EPCMemorySelector, ...] = ()


@dataclass(frozen=True)
class ROReportSpec(Param):
    """When to send RO_ACCESS_REPORTs (every N tags, end of AISpec or ROSpec) and what (§13.2.1)."""

    TYPE: ClassVar[int] = 237
    FIELDS: ClassVar[Layout] = (Field("trigger", "u8"), Field("n", "u16"))
    SUBS: ClassVar[tuple[Sub, ...]] = (one(TagReportContentSelector, "selector"), CUSTOMS)

    trigger: int
    n: int
    selector: TagReportContentSelector
    custom: tuple[Custom, ...] = ()


@dataclass(frozen=True)
class AccessReportSpec(Param):
    """When access results are reported (§13.2.2)."""

    TYPE: ClassVar[int] = 239
    FIELDS: ClassVar[Layout] = (Field("trigger", "u8"),)

    trigger: int


@dataclass(frozen=True)
class EventNotificationState(Param):
    """One reader event type switched on or off (§13.2.5.1)."""

    TYPE: ClassVar[int] = 245
    FIELDS: ClassVar[Layout] = (Field("event_type", "u16"), Field("enabled", "u1"), Reserved(7))

    event_type: int
    enabled: bool


@dataclass(frozen=True)
class ReaderEventNotificationSpec(Param):
    """Which reader events are sent as READER_EVENT_NOTIFICATION (§13.2.5)."""

    TYPE: ClassVar[int] = 244
    SUBS: ClassVar[tuple[Sub, ...]] = (some(EventNotificationState, "states"),)

    states: tuple[EventNotificationState, ...]
