"""Checks of client-supplied specs and settings against what the simulated reader can do.

Field numbers count the fields of a parameter from 0, reserved bits excluded (LLRP §14.2.2.1).
"""

from coldtrace_sim.llrp.enums import (
    AISpecStopTriggerType,
    ROReportTriggerType,
    ROSpecStartTriggerType,
    ROSpecState,
    ROSpecStopTriggerType,
    StatusCode,
    TagObservationTriggerType,
)
from coldtrace_sim.llrp.errors import SpecError
from coldtrace_sim.llrp.params_config import AntennaConfiguration, ROReportSpec
from coldtrace_sim.llrp.params_rospec import AISpec, GPITriggerValue, ROSpec
from coldtrace_sim.llrp.profile import ReaderProfile
from coldtrace_sim.llrp.status import field_out_of_range

GEN2 = 1


def _missing(message: str, parameter_type: int) -> SpecError:
    return SpecError(message, status=StatusCode.P_MISSING_PARAMETER, parameter_type=parameter_type)


def check_antenna_id(antenna_id: int, profile: ReaderProfile, parameter_type: int) -> None:
    """0 (all antennas) or 1..N."""
    if not 0 <= antenna_id <= profile.antenna_count:
        raise field_out_of_range(f"no antenna {antenna_id}", parameter_type, 0)


def check_antenna_configuration(config: AntennaConfiguration, profile: ReaderProfile) -> None:
    """Antenna, receiver sensitivity, hop table, channel, power index, RF mode, session, filters."""
    check_antenna_id(config.antenna_id, profile, config.TYPE)
    if config.rf_receiver is not None and config.rf_receiver.receiver_sensitivity not in (0, 1):
        raise field_out_of_range("no such receive sensitivity", config.rf_receiver.TYPE, 0)
    tx = config.rf_transmitter
    if tx is not None:
        if tx.hop_table_id != 1:
            raise field_out_of_range(f"no hop table {tx.hop_table_id}", tx.TYPE, 0)
        if not 0 <= tx.channel_index <= len(profile.channels_khz):
            raise field_out_of_range(f"no channel {tx.channel_index}", tx.TYPE, 1)
        if not 1 <= tx.transmit_power <= len(profile.power_table):
            raise field_out_of_range(f"no power index {tx.transmit_power}", tx.TYPE, 2)
    for command in config.inventory_commands:
        if command.rf_control is not None and not profile.valid_mode(command.rf_control.mode_index):
            raise field_out_of_range("no such RF mode", command.rf_control.TYPE, 0)
        if len(command.filters) > 2:  # C1G2LLRPCapabilities.MaxNumSelectFiltersPerQuery
            raise SpecError(
                "at most 2 filters per query",
                status=StatusCode.P_OVERFLOW_PARAMETER,
                parameter_type=command.TYPE,
            )


def check_report_spec(spec: ROReportSpec) -> None:
    """A defined ROReportTrigger."""
    if spec.trigger not in ROReportTriggerType._value2member_map_:
        raise field_out_of_range(f"ROReportTrigger {spec.trigger}", spec.TYPE, 0)


def _check_gpi(value: GPITriggerValue | None, profile: ReaderProfile, needed: bool) -> None:
    if value is None:
        if needed:
            raise _missing("GPI trigger needs a GPITriggerValue", GPITriggerValue.TYPE)
        return
    if not 1 <= value.gpi_port_num <= profile.gpi_count:
        raise field_out_of_range(f"no GPI port {value.gpi_port_num}", value.TYPE, 0)


def _check_aispec(spec: AISpec, profile: ReaderProfile) -> None:
    if not spec.antenna_ids:
        raise field_out_of_range("an AISpec needs antennas", spec.TYPE, 0)
    for antenna in spec.antenna_ids:
        check_antenna_id(antenna, profile, spec.TYPE)
    stop = spec.stop_trigger
    if stop.trigger_type not in AISpecStopTriggerType._value2member_map_:
        raise field_out_of_range(f"AISpecStopTriggerType {stop.trigger_type}", stop.TYPE, 0)
    _check_gpi(stop.gpi, profile, stop.trigger_type == AISpecStopTriggerType.GPI_WITH_TIMEOUT)
    if stop.trigger_type == AISpecStopTriggerType.TAG_OBSERVATION:
        observation = stop.tag_observation
        if observation is None:
            raise _missing("Tag observation needs a TagObservationTrigger", 185)
        if observation.trigger_type not in TagObservationTriggerType._value2member_map_:
            raise field_out_of_range("TagObservationTrigger type", observation.TYPE, 0)
    if len(spec.inventory_specs) > 4:
        raise SpecError(
            "at most 4 InventoryParameterSpecs",
            status=StatusCode.P_OVERFLOW_PARAMETER,
            parameter_type=186,
        )
    for inventory in spec.inventory_specs:
        if inventory.protocol_id != GEN2:
            raise field_out_of_range("only EPCglobal Class-1 Gen-2", inventory.TYPE, 1)
        for config in inventory.antenna_configurations:
            check_antenna_configuration(config, profile)


def check_rospec(spec: ROSpec, profile: ReaderProfile) -> None:
    """Everything ADD_ROSPEC requires (LLRP 1.0.1 §10.1.1, §10.2)."""
    if spec.rospec_id == 0:
        raise field_out_of_range("ROSpecID 0 is reserved", spec.TYPE, 0)
    if spec.priority > 7:
        raise field_out_of_range("priority must be 0-7", spec.TYPE, 1)
    if spec.current_state != ROSpecState.DISABLED:
        # §10.1.1: a ROSpec SHALL be added in the Disabled state.
        raise SpecError(
            "a ROSpec must be added Disabled",
            status=StatusCode.P_FIELD_ERROR,
            parameter_type=spec.TYPE,
            field_num=2,
            detail=StatusCode.A_INVALID,
        )
    start = spec.boundary.start_trigger
    if start.trigger_type not in ROSpecStartTriggerType._value2member_map_:
        raise field_out_of_range(f"ROSpecStartTriggerType {start.trigger_type}", start.TYPE, 0)
    if start.trigger_type == ROSpecStartTriggerType.PERIODIC and start.periodic is None:
        raise _missing("Periodic start needs a PeriodicTriggerValue", 180)
    _check_gpi(start.gpi, profile, start.trigger_type == ROSpecStartTriggerType.GPI)
    stop = spec.boundary.stop_trigger
    if stop.trigger_type not in ROSpecStopTriggerType._value2member_map_:
        raise field_out_of_range(f"ROSpecStopTriggerType {stop.trigger_type}", stop.TYPE, 0)
    _check_gpi(stop.gpi, profile, stop.trigger_type == ROSpecStopTriggerType.GPI_WITH_TIMEOUT)
    for item in spec.specs:
        if not isinstance(item, AISpec):
            raise SpecError(
                "only AISpecs are supported",
                status=StatusCode.P_UNSUPPORTED_PARAMETER,
                parameter_type=item.TYPE,
            )
        _check_aispec(item, profile)
    if spec.report_spec is not None:
        check_report_spec(spec.report_spec)
