"""Reader capability parameters returned by GET_READER_CAPABILITIES (LLRP 1.0.1 §9.2)."""

from dataclasses import dataclass
from typing import ClassVar

from coldtrace_sim.llrp.fields import Field, Layout, Reserved
from coldtrace_sim.llrp.parameter import CUSTOMS, Custom, Param, Sub, many, one, optional, some


@dataclass(frozen=True)
class ReceiveSensitivityTableEntry(Param):
    """One receive sensitivity, in dB relative to the maximum (§9.2.1.1)."""

    TYPE: ClassVar[int] = 139
    FIELDS: ClassVar[Layout] = (Field("index", "u16"), Field("receive_sensitivity_value", "s16"))

    index: int
    receive_sensitivity_value: int


@dataclass(frozen=True)
class PerAntennaReceiveSensitivityRange(Param):
    """The sensitivity table indices one antenna supports (§9.2.1.2)."""

    TYPE: ClassVar[int] = 149
    FIELDS: ClassVar[Layout] = (
        Field("antenna_id", "u16"),
        Field("index_min", "u16"),
        Field("index_max", "u16"),
    )

    antenna_id: int
    index_min: int
    index_max: int


@dataclass(frozen=True)
class PerAntennaAirProtocol(Param):
    """The air protocols one antenna speaks: 1 = EPCglobal Class-1 Gen-2 (§9.2.1.3)."""

    TYPE: ClassVar[int] = 140
    FIELDS: ClassVar[Layout] = (Field("antenna_id", "u16"), Field("protocol_ids", "u8v"))

    antenna_id: int
    protocol_ids: bytes


@dataclass(frozen=True)
class GPIOCapabilities(Param):
    """How many general-purpose inputs and outputs the reader has (§9.2.1.4)."""

    TYPE: ClassVar[int] = 141
    FIELDS: ClassVar[Layout] = (Field("num_gpis", "u16"), Field("num_gpos", "u16"))

    num_gpis: int
    num_gpos: int


@dataclass(frozen=True)
class GeneralDeviceCapabilities(Param):
    """Antenna count, clock, manufacturer (PEN), model and firmware of the reader (§9.2.1)."""

    TYPE: ClassVar[int] = 137
    FIELDS: ClassVar[Layout] = (
        Field("max_antennas", "u16"),
        Field("can_set_antenna_properties", "u1"),
        Field("has_utc_clock", "u1"),
        Reserved(14),
        Field("manufacturer", "u32"),
        Field("model", "u32"),
        Field("firmware_version", "utf8v"),
    )
    SUBS: ClassVar[tuple[Sub, ...]] = (
        some(ReceiveSensitivityTableEntry, "sensitivity_table"),
        many(PerAntennaReceiveSensitivityRange, "sensitivity_ranges"),
        one(GPIOCapabilities, "gpio"),
        some(PerAntennaAirProtocol, "air_protocols"),
    )

    max_antennas: int
    can_set_antenna_properties: bool
    has_utc_clock: bool
    manufacturer: int
    model: int
    firmware_version: str
    sensitivity_table: tuple[ReceiveSensitivityTableEntry, ...]
    sensitivity_ranges: tuple[PerAntennaReceiveSensitivityRange, ...]
    gpio: GPIOCapabilities
    air_protocols: tuple[PerAntennaAirProtocol, ...]


@dataclass(frozen=True)
class LLRPCapabilities(Param):
    """What the reader's LLRP implementation supports and how many specs it holds (§9.2.2)."""

    TYPE: ClassVar[int] = 142
    FIELDS: ClassVar[Layout] = (
        Field("can_do_rf_survey", "u1"),
        Field("can_report_buffer_fill_warning", "u1"),
        Field("supports_client_request_opspec", "u1"),
        Field("can_do_state_aware_singulation", "u1"),
        Field("supports_event_and_report_holding", "u1"),
        Reserved(3),
        Field("max_priority_levels", "u8"),
        Field("client_request_opspec_timeout", "u16"),
        Field("max_rospecs", "u32"),
        Field("max_specs_per_rospec", "u32"),
        Field("max_inventory_parameter_specs_per_aispec", "u32"),
        Field("max_access_specs", "u32"),
        Field("max_opspecs_per_access_spec", "u32"),
    )

    can_do_rf_survey: bool
    can_report_buffer_fill_warning: bool
    supports_client_request_opspec: bool
    can_do_state_aware_singulation: bool
    supports_event_and_report_holding: bool
    max_priority_levels: int
    client_request_opspec_timeout: int
    max_rospecs: int
    max_specs_per_rospec: int
    max_inventory_parameter_specs_per_aispec: int
    max_access_specs: int
    max_opspecs_per_access_spec: int


@dataclass(frozen=True)
class TransmitPowerLevelTableEntry(Param):
    """One transmit power, in dBm x100; clients select it by ``index`` (§9.2.4.1.1)."""

    TYPE: ClassVar[int] = 145
    FIELDS: ClassVar[Layout] = (Field("index", "u16"), Field("transmit_power_value", "s16"))

    index: int
    transmit_power_value: int


@dataclass(frozen=True)
class FrequencyHopTable(Param):
    """A hop table: its id and channel frequencies in kHz (§9.2.4.1.2.1)."""

    TYPE: ClassVar[int] = 147
    FIELDS: ClassVar[Layout] = (
        Field("hop_table_id", "u8"),
        Reserved(8),
        Field("frequencies_khz", "u32v"),
    )

    hop_table_id: int
    frequencies_khz: tuple[int, ...]


@dataclass(frozen=True)
class FixedFrequencyTable(Param):
    """The channels of a non-hopping reader, in kHz (§9.2.4.1.2.2)."""

    TYPE: ClassVar[int] = 148
    FIELDS: ClassVar[Layout] = (Field("frequencies_khz", "u32v"),)

    frequencies_khz: tuple[int, ...]


@dataclass(frozen=True)
class FrequencyInformation(Param):
    """Whether the reader hops, and its hop tables or fixed channels (§9.2.4.1.2)."""

    TYPE: ClassVar[int] = 146
    FIELDS: ClassVar[Layout] = (Field("hopping", "u1"), Reserved(7))
    SUBS: ClassVar[tuple[Sub, ...]] = (
        many(FrequencyHopTable, "hop_tables"),
        optional(FixedFrequencyTable, "fixed_table"),
    )

    hopping: bool
    hop_tables: tuple[FrequencyHopTable, ...] = ()
    fixed_table: FixedFrequencyTable | None = None


@dataclass(frozen=True)
class C1G2UHFRFModeTableEntry(Param):
    """One Gen2 RF mode: link parameters and Tari range in ns (§15.2.1.1.2.1)."""

    TYPE: ClassVar[int] = 329
    FIELDS: ClassVar[Layout] = (
        Field("mode_identifier", "u32"),
        Field("dr_value", "u1"),
        Field("epc_hag_tc_conformance", "u1"),
        Reserved(6),
        Field("m_value", "u8"),
        Field("forward_link_modulation", "u8"),
        Field("spectral_mask_indicator", "u8"),
        Field("bdr_value", "u32"),
        Field("pie_value", "u32"),
        Field("min_tari_ns", "u32"),
        Field("max_tari_ns", "u32"),
        Field("step_tari_ns", "u32"),
    )

    mode_identifier: int
    dr_value: bool
    epc_hag_tc_conformance: bool
    m_value: int
    forward_link_modulation: int
    spectral_mask_indicator: int
    bdr_value: int
    pie_value: int
    min_tari_ns: int
    max_tari_ns: int
    step_tari_ns: int


@dataclass(frozen=True)
class C1G2UHFRFModeTable(Param):
    """The Gen2 RF modes the reader offers (§15.2.1.1.2)."""

    TYPE: ClassVar[int] = 328
    SUBS: ClassVar[tuple[Sub, ...]] = (some(C1G2UHFRFModeTableEntry, "entries"),)

    entries: tuple[C1G2UHFRFModeTableEntry, ...]


@dataclass(frozen=True)
class UHFBandCapabilities(Param):
    """Transmit power table, frequencies and RF mode tables of a UHF reader (§9.2.4.1)."""

    TYPE: ClassVar[int] = 144
    SUBS: ClassVar[tuple[Sub, ...]] = (
        some(TransmitPowerLevelTableEntry, "power_table"),
        one(FrequencyInformation, "frequency_information"),
        some(C1G2UHFRFModeTable, "mode_tables"),
    )

    power_table: tuple[TransmitPowerLevelTableEntry, ...]
    frequency_information: FrequencyInformation
    mode_tables: tuple[C1G2UHFRFModeTable, ...]


@dataclass(frozen=True)
class RegulatoryCapabilities(Param):
    """Country (ISO 3166 numeric), communications standard and UHF band capabilities (§9.2.4)."""

    TYPE: ClassVar[int] = 143
    FIELDS: ClassVar[Layout] = (
        Field("country_code", "u16"),
        Field("communications_standard", "u16"),
    )
    SUBS: ClassVar[tuple[Sub, ...]] = (optional(UHFBandCapabilities, "uhf_band"), CUSTOMS)

    country_code: int
    communications_standard: int
    uhf_band: UHFBandCapabilities | None = None
    custom: tuple[Custom, ...] = ()


@dataclass(frozen=True)
class C1G2LLRPCapabilities(Param):
    """Gen2 extras the reader supports, and how many Select filters per query (§15.2.1.1.1)."""

    TYPE: ClassVar[int] = 327
    FIELDS: ClassVar[Layout] = (
        Field("can_support_block_erase", "u1"),
        Field("can_support_block_write", "u1"),
        Reserved(6),
        Field("max_select_filters_per_query", "u16"),
    )

    can_support_block_erase: bool
    can_support_block_write: bool
    max_select_filters_per_query: int
