"""ROSpecs for tests, built from the parameter models the way a client would."""

from coldtrace_sim.llrp.enums import (
    AISpecStopTriggerType,
    ROReportTriggerType,
    ROSpecStartTriggerType,
    ROSpecStopTriggerType,
)
from coldtrace_sim.llrp.parameter import Custom
from coldtrace_sim.llrp.params_config import (
    AntennaConfiguration,
    ROReportSpec,
    TagReportContentSelector,
)
from coldtrace_sim.llrp.params_rospec import (
    AISpec,
    AISpecStopTrigger,
    GPITriggerValue,
    InventoryParameterSpec,
    PeriodicTriggerValue,
    ROBoundarySpec,
    ROSpec,
    ROSpecStartTrigger,
    ROSpecStopTrigger,
    TagObservationTrigger,
)

ALL_FIELDS = TagReportContentSelector(
    enable_rospec_id=True,
    enable_spec_index=True,
    enable_inventory_parameter_spec_id=True,
    enable_antenna_id=True,
    enable_channel_index=True,
    enable_peak_rssi=True,
    enable_first_seen_timestamp=True,
    enable_last_seen_timestamp=True,
    enable_tag_seen_count=True,
)


def aispec(
    antennas: tuple[int, ...] = (1,),
    *,
    n_tags: int = 0,
    duration_ms: int = 0,
    timeout_ms: int = 0,
    antenna_configurations: tuple[AntennaConfiguration, ...] = (),
) -> AISpec:
    """An AISpec ending after ``n_tags`` tags, or ``duration_ms``, or never (Null)."""
    if n_tags:
        trigger = AISpecStopTrigger(
            AISpecStopTriggerType.TAG_OBSERVATION,
            0,
            tag_observation=TagObservationTrigger(0, n_tags, 0, 0, timeout_ms),
        )
    elif duration_ms:
        trigger = AISpecStopTrigger(AISpecStopTriggerType.DURATION, duration_ms)
    else:
        trigger = AISpecStopTrigger(AISpecStopTriggerType.NULL, 0)
    return AISpec(antennas, trigger, (InventoryParameterSpec(7, 1, antenna_configurations),))


def rospec(
    rospec_id: int = 1,
    *,
    start: ROSpecStartTriggerType = ROSpecStartTriggerType.IMMEDIATE,
    period_ms: int = 0,
    gpi_port: int = 0,
    duration_ms: int = 0,
    specs: tuple[AISpec, ...] | None = None,
    report: ROReportTriggerType | None = ROReportTriggerType.UPON_N_TAGS_OR_END_OF_AISPEC,
    n: int = 0,
    selector: TagReportContentSelector = ALL_FIELDS,
    priority: int = 0,
    state: int = 0,
    report_custom: tuple[Custom, ...] = (),
) -> ROSpec:
    """A ROSpec as clients add it: Disabled, with the given triggers and report spec."""
    start_trigger = ROSpecStartTrigger(
        start,
        periodic=PeriodicTriggerValue(0, period_ms)
        if start == ROSpecStartTriggerType.PERIODIC
        else None,
        gpi=GPITriggerValue(gpi_port, gpi_event=True, timeout_ms=0) if gpi_port else None,
    )
    stop_type = ROSpecStopTriggerType.DURATION if duration_ms else ROSpecStopTriggerType.NULL
    return ROSpec(
        rospec_id=rospec_id,
        priority=priority,
        current_state=state,
        boundary=ROBoundarySpec(start_trigger, ROSpecStopTrigger(stop_type, duration_ms)),
        specs=specs or (aispec(),),
        report_spec=ROReportSpec(report, n, selector, report_custom)
        if report is not None
        else None,
    )
