"""The reader's configuration: what SET_READER_CONFIG changes and GET_READER_CONFIG returns.

LLRP 1.0.1 §12. The configuration belongs to the reader and outlives connections, as on a real
reader; ResetToFactoryDefault restores the values below.
"""

from coldtrace_sim.llrp.capabilities import HOP_TABLE_ID
from coldtrace_sim.llrp.enums import (
    ConfigRequest,
    KeepaliveTriggerType,
    NotificationEventType,
    ROReportTriggerType,
    StatusCode,
)
from coldtrace_sim.llrp.errors import SpecError
from coldtrace_sim.llrp.gpio import Gpio
from coldtrace_sim.llrp.messages import GetReaderConfig, GetReaderConfigResponse, SetReaderConfig
from coldtrace_sim.llrp.params_c1g2 import (
    C1G2InventoryCommand,
    C1G2RFControl,
    C1G2SingulationControl,
)
from coldtrace_sim.llrp.params_config import (
    AccessReportSpec,
    AntennaConfiguration,
    AntennaProperties,
    EventNotificationState,
    EventsAndReports,
    GPIPortCurrentState,
    GPOWriteData,
    Identification,
    KeepaliveSpec,
    LLRPConfigurationStateValue,
    ReaderEventNotificationSpec,
    RFReceiver,
    RFTransmitter,
    ROReportSpec,
    TagReportContentSelector,
)
from coldtrace_sim.llrp.profile import ReaderProfile
from coldtrace_sim.llrp.status import SUCCESS, field_out_of_range
from coldtrace_sim.llrp.validation import check_antenna_configuration, check_report_spec

ANTENNA_GAIN_DBI_X100 = 600
# The report spec a factory-fresh reader uses for ROSpecs that bring none: one report at the end
# of each ROSpec with the fields most clients want.
DEFAULT_REPORT_SPEC = ROReportSpec(
    trigger=ROReportTriggerType.UPON_N_TAGS_OR_END_OF_ROSPEC,
    n=0,
    selector=TagReportContentSelector(
        enable_rospec_id=True,
        enable_antenna_id=True,
        enable_peak_rssi=True,
        enable_first_seen_timestamp=True,
        enable_last_seen_timestamp=True,
        enable_tag_seen_count=True,
    ),
)


def default_antenna(antenna_id: int, profile: ReaderProfile) -> AntennaConfiguration:
    """Factory antenna settings: full power, the first RF mode, session 2."""
    return AntennaConfiguration(
        antenna_id=antenna_id,
        rf_receiver=RFReceiver(1),
        rf_transmitter=RFTransmitter(HOP_TABLE_ID, 1, len(profile.power_table)),
        inventory_commands=(
            C1G2InventoryCommand(
                tag_inventory_state_aware=False,
                rf_control=C1G2RFControl(profile.modes[0].mode_identifier, 0),
                singulation_control=C1G2SingulationControl(2, 32, 0),
            ),
        ),
    )


def merge_antenna(base: AntennaConfiguration, update: AntennaConfiguration) -> AntennaConfiguration:
    """Apply the parts of ``update`` that are present onto ``base`` (§12.2.6)."""
    return AntennaConfiguration(
        antenna_id=base.antenna_id,
        rf_receiver=update.rf_receiver or base.rf_receiver,
        rf_transmitter=update.rf_transmitter or base.rf_transmitter,
        inventory_commands=update.inventory_commands or base.inventory_commands,
    )


class ReaderConfig:
    """The mutable configuration of one reader."""

    def __init__(self, profile: ReaderProfile, gpio: Gpio) -> None:
        self.profile = profile
        self.gpio = gpio
        self.state_value = 0
        self.reset()

    def reset(self) -> None:
        """ResetToFactoryDefault (§12.1.3)."""
        self.events = dict.fromkeys(NotificationEventType, False)
        self.keepalive_ms = 0
        self.antennas = {
            a: default_antenna(a, self.profile) for a in range(1, self.profile.antenna_count + 1)
        }
        self.report_spec = DEFAULT_REPORT_SPEC
        self.access_report_spec = AccessReportSpec(0)
        self.hold_events_and_reports = False
        self.gpio.reset()
        self.state_value += 1

    def event_enabled(self, event: NotificationEventType) -> bool:
        """Whether READER_EVENT_NOTIFICATION is sent for ``event``."""
        return self.events[event]

    def tx_power_dbm(self, antenna_id: int) -> float:
        """The configured transmit power of an antenna."""
        tx = self.antennas[antenna_id].rf_transmitter
        return self.profile.power_dbm(tx.transmit_power if tx else len(self.profile.power_table))

    def _validate(self, request: SetReaderConfig) -> None:
        if request.antenna_properties:
            # GeneralDeviceCapabilities.CanSetAntennaProperties is false.
            raise SpecError(
                "antenna properties cannot be set",
                status=StatusCode.P_UNSUPPORTED_PARAMETER,
                parameter_type=AntennaProperties.TYPE,
            )
        for config in request.antenna_configurations:
            check_antenna_configuration(config, self.profile)
        if request.report_spec is not None:
            check_report_spec(request.report_spec)
        if request.event_spec is not None:
            for state in request.event_spec.states:
                if state.event_type not in NotificationEventType._value2member_map_:
                    raise field_out_of_range("no such event type", state.TYPE, 0)
        keepalive = request.keepalive
        if keepalive is not None and keepalive.trigger_type not in (0, 1):
            raise field_out_of_range("KeepaliveTriggerType", keepalive.TYPE, 0)
        for write in request.gpo_writes:
            if write.gpo_port_number not in self.gpio.gpo_state:
                raise field_out_of_range(f"no GPO {write.gpo_port_number}", write.TYPE, 0)
        for port in request.gpi_ports:
            if port.gpi_port_num not in self.gpio.gpi_state:
                raise field_out_of_range(f"no GPI {port.gpi_port_num}", port.TYPE, 0)

    def apply(self, request: SetReaderConfig) -> None:
        """Validate all of ``request``, then apply it (nothing changes if it is refused)."""
        self._validate(request)
        if request.reset_to_factory_default:
            self.reset()
        if request.event_spec is not None:
            for state in request.event_spec.states:
                self.events[NotificationEventType(state.event_type)] = state.enabled
        for config in request.antenna_configurations:
            targets = [config.antenna_id] if config.antenna_id else list(self.antennas)
            for antenna in targets:
                self.antennas[antenna] = merge_antenna(self.antennas[antenna], config)
        if request.report_spec is not None:
            self.report_spec = request.report_spec
        if request.access_report_spec is not None:
            self.access_report_spec = request.access_report_spec
        if request.keepalive is not None:
            periodic = request.keepalive.trigger_type == KeepaliveTriggerType.PERIODIC
            self.keepalive_ms = request.keepalive.interval_ms if periodic else 0
        for port in request.gpi_ports:
            self.gpio.gpi_enabled[port.gpi_port_num] = port.config
        for write in request.gpo_writes:
            self.gpio.write_gpo(write.gpo_port_number, write.gpo_data)
        if request.events_and_reports is not None:
            self.hold_events_and_reports = request.events_and_reports.hold_upon_reconnect
        self.state_value += 1

    def response(self, request: GetReaderConfig) -> GetReaderConfigResponse:
        """GET_READER_CONFIG_RESPONSE for ``request`` (§12.1.2)."""
        if request.requested_data not in ConfigRequest._value2member_map_:
            raise SpecError("no such RequestedData", status=StatusCode.M_FIELD_ERROR, field_num=1)
        want = ConfigRequest(request.requested_data)
        every = want is ConfigRequest.ALL

        def wanted(kind: ConfigRequest) -> bool:
            return every or want is kind

        antennas = self._selected(request.antenna_id, list(self.antennas), 0)
        gpis = self._selected(request.gpi_port_num, list(self.gpio.gpi_state), 2)
        gpos = self._selected(request.gpo_port_num, list(self.gpio.gpo_state), 3)
        return GetReaderConfigResponse(
            status=SUCCESS,
            identification=Identification(0, self.profile.reader_id)
            if wanted(ConfigRequest.IDENTIFICATION)
            else None,
            antenna_properties=tuple(
                AntennaProperties(connected=True, antenna_id=a, gain=ANTENNA_GAIN_DBI_X100)
                for a in antennas
            )
            if wanted(ConfigRequest.ANTENNA_PROPERTIES)
            else (),
            antenna_configurations=tuple(self.antennas[a] for a in antennas)
            if wanted(ConfigRequest.ANTENNA_CONFIGURATION)
            else (),
            event_spec=ReaderEventNotificationSpec(
                tuple(EventNotificationState(e, on) for e, on in self.events.items())
            )
            if wanted(ConfigRequest.READER_EVENT_NOTIFICATION_SPEC)
            else None,
            report_spec=self.report_spec if wanted(ConfigRequest.RO_REPORT_SPEC) else None,
            access_report_spec=self.access_report_spec
            if wanted(ConfigRequest.ACCESS_REPORT_SPEC)
            else None,
            configuration_state=LLRPConfigurationStateValue(self.state_value)
            if wanted(ConfigRequest.LLRP_CONFIGURATION_STATE_VALUE)
            else None,
            keepalive=KeepaliveSpec(1 if self.keepalive_ms else 0, self.keepalive_ms)
            if wanted(ConfigRequest.KEEPALIVE_SPEC)
            else None,
            gpi_ports=tuple(
                GPIPortCurrentState(p, self.gpio.gpi_enabled[p], self.gpio.gpi_state[p])
                for p in gpis
            )
            if wanted(ConfigRequest.GPI_PORT_CURRENT_STATE)
            else (),
            gpo_ports=tuple(GPOWriteData(p, self.gpio.gpo_state[p]) for p in gpos)
            if wanted(ConfigRequest.GPO_WRITE_DATA)
            else (),
            events_and_reports=EventsAndReports(self.hold_events_and_reports)
            if wanted(ConfigRequest.EVENTS_AND_REPORTS)
            else None,
        )

    @staticmethod
    def _selected(requested: int, available: list[int], field_num: int) -> list[int]:
        """0 selects every port or antenna; anything else must exist."""
        if requested == 0:
            return available
        if requested not in available:
            raise SpecError(
                f"no antenna or port {requested}",
                status=StatusCode.M_FIELD_ERROR,
                field_num=field_num,
                detail=StatusCode.A_OUT_OF_RANGE,
            )
        return [requested]
