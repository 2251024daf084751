"""GET_READER_CAPABILITIES_RESPONSE built from a reader profile (LLRP 1.0.1 §9.1.2)."""

from coldtrace_sim.llrp.enums import CapabilitiesRequest, StatusCode
from coldtrace_sim.llrp.errors import SpecError
from coldtrace_sim.llrp.messages import GetReaderCapabilitiesResponse
from coldtrace_sim.llrp.params_capabilities import (
    C1G2LLRPCapabilities,
    C1G2UHFRFModeTable,
    C1G2UHFRFModeTableEntry,
    FrequencyHopTable,
    FrequencyInformation,
    GeneralDeviceCapabilities,
    GPIOCapabilities,
    LLRPCapabilities,
    PerAntennaAirProtocol,
    ReceiveSensitivityTableEntry,
    RegulatoryCapabilities,
    TransmitPowerLevelTableEntry,
    UHFBandCapabilities,
)
from coldtrace_sim.llrp.params_common import LLRPStatus
from coldtrace_sim.llrp.profile import ReaderProfile

HOP_TABLE_ID = 1
GEN2_PROTOCOL_ID = 1


def general_capabilities(profile: ReaderProfile) -> GeneralDeviceCapabilities:
    """Antenna count, UTC clock, vendor, model and firmware, GPIO counts (§9.2.1)."""
    return GeneralDeviceCapabilities(
        max_antennas=profile.antenna_count,
        can_set_antenna_properties=False,
        has_utc_clock=True,
        manufacturer=profile.manufacturer,
        model=profile.model,
        firmware_version=profile.firmware_version,
        # A reader without sensitivity control reports one entry of value 0 (§9.2.1.1).
        sensitivity_table=(ReceiveSensitivityTableEntry(1, 0),),
        sensitivity_ranges=(),
        gpio=GPIOCapabilities(profile.gpi_count, profile.gpo_count),
        air_protocols=tuple(
            PerAntennaAirProtocol(antenna, bytes([GEN2_PROTOCOL_ID]))
            for antenna in range(1, profile.antenna_count + 1)
        ),
    )


def llrp_capabilities(profile: ReaderProfile) -> LLRPCapabilities:
    """What this LLRP implementation supports: ROSpecs with priorities 0-7, no AccessSpecs."""
    return LLRPCapabilities(
        can_do_rf_survey=False,
        can_report_buffer_fill_warning=False,
        supports_client_request_opspec=False,
        can_do_state_aware_singulation=False,
        supports_event_and_report_holding=False,
        max_priority_levels=7,
        client_request_opspec_timeout=0,
        max_rospecs=profile.max_rospecs,
        max_specs_per_rospec=16,
        max_inventory_parameter_specs_per_aispec=4,
        max_access_specs=0,
        max_opspecs_per_access_spec=0,
    )


def regulatory_capabilities(profile: ReaderProfile) -> RegulatoryCapabilities:
    """Country, power table, hop table and the Gen2 mode table (§9.2.4)."""
    modes = tuple(
        C1G2UHFRFModeTableEntry(
            mode_identifier=m.mode_identifier,
            dr_value=m.dr_64_3,
            epc_hag_tc_conformance=False,
            m_value=m.m_value,
            forward_link_modulation=m.forward_link_modulation,
            spectral_mask_indicator=m.spectral_mask_indicator,
            bdr_value=m.bdr_bps,
            pie_value=m.pie_x1000,
            min_tari_ns=m.min_tari_ns,
            max_tari_ns=m.max_tari_ns,
            step_tari_ns=m.step_tari_ns,
        )
        for m in profile.modes
    )
    band = UHFBandCapabilities(
        power_table=tuple(
            TransmitPowerLevelTableEntry(index, value)
            for index, value in enumerate(profile.power_table, start=1)
        ),
        frequency_information=FrequencyInformation(
            hopping=True, hop_tables=(FrequencyHopTable(HOP_TABLE_ID, profile.channels_khz),)
        ),
        mode_tables=(C1G2UHFRFModeTable(modes),),
    )
    return RegulatoryCapabilities(profile.country_code, profile.communications_standard, band)


def capabilities_response(profile: ReaderProfile, requested: int) -> GetReaderCapabilitiesResponse:
    """The response to GET_READER_CAPABILITIES with RequestedData ``requested`` (§9.1.1)."""
    if requested not in CapabilitiesRequest._value2member_map_:
        raise SpecError(
            f"RequestedData {requested} is not defined", status=StatusCode.M_FIELD_ERROR
        )
    kind = CapabilitiesRequest(requested)
    every = kind is CapabilitiesRequest.ALL
    return GetReaderCapabilitiesResponse(
        status=LLRPStatus(StatusCode.M_SUCCESS),
        general=general_capabilities(profile)
        if every or kind is CapabilitiesRequest.GENERAL_DEVICE
        else None,
        llrp=llrp_capabilities(profile) if every or kind is CapabilitiesRequest.LLRP else None,
        regulatory=regulatory_capabilities(profile)
        if every or kind is CapabilitiesRequest.REGULATORY
        else None,
        air_protocol=C1G2LLRPCapabilities(
            can_support_block_erase=False,
            can_support_block_write=False,
            max_select_filters_per_query=2,
        )
        if every or kind is CapabilitiesRequest.AIR_PROTOCOL
        else None,
    )
