"""From what a probe answered (or did not) to a telemetry ``Reading`` with an honest quality.

Rules (issue 3, "Probe poller"): a probe that does not answer gives a ``timeout`` reading with no
values, a gap and never a made-up value; the status word's sensor-fault bit, or a live block
without any value, gives ``sensor_fault``; the device clock is kept as ``measured_at`` next to the
gateway's ``received_at``, unless it is further than the tolerance from the gateway clock, in
which case the gateway time is used and the quality says ``clock_suspect``.
"""

from datetime import UTC, datetime

from coldtrace_edge.sensors.config import ProbeConfig
from coldtrace_edge.sensors.register_map import LiveBlock, StatusBit
from coldtrace_protocol.telemetry import Quality, Reading, ReadingSource

# Physical range the wire model accepts (telemetry.Reading); beyond it a register is garbage.
MIN_TEMPERATURE_C = -273.15
MAX_TEMPERATURE_C = 1000.0


def device_time(live: LiveBlock) -> datetime:
    """The probe's clock at the moment it answered."""
    return datetime.fromtimestamp(live.device_clock_s, UTC)


def clock_is_suspect(live: LiveBlock, received_at: datetime, tolerance_s: float) -> bool:
    """True when the device clock is more than ``tolerance_s`` away from the gateway clock."""
    return abs((device_time(live) - received_at).total_seconds()) > tolerance_s


def reading_from_live(
    probe: ProbeConfig, live: LiveBlock, *, received_at: datetime, clock_suspect: bool
) -> Reading:
    """The reading for one answered poll (may raise pydantic's ValidationError on odd values)."""
    temperature_c = live.temperature_c
    fault = bool(live.status & StatusBit.SENSOR_FAULT)
    if temperature_c is not None and not MIN_TEMPERATURE_C <= temperature_c <= MAX_TEMPERATURE_C:
        temperature_c = None  # not a temperature any sensor measures: the sensor is broken
        fault = True
    if temperature_c is None and live.humidity_pct is None:
        fault = True
    if fault:
        quality = Quality.SENSOR_FAULT
    elif clock_suspect:
        quality = Quality.CLOCK_SUSPECT
    else:
        quality = Quality.OK
    return Reading(
        sensor_id=probe.sensor_id,
        measured_at=received_at if clock_suspect else device_time(live),
        received_at=received_at,
        source=ReadingSource.PROBE,
        quality=quality,
        temperature_c=temperature_c,
        humidity_pct=live.humidity_pct,
        battery_low=bool(live.status & StatusBit.LOW_BATTERY),
        door_open=bool(live.status & StatusBit.DOOR_OPEN) if probe.door_contact else None,
    )


def timeout_reading(probe: ProbeConfig, at: datetime) -> Reading:
    """A gap: the probe did not answer at ``at`` (gateway time), so no values at all."""
    return Reading(
        sensor_id=probe.sensor_id,
        measured_at=at,
        received_at=at,
        source=ReadingSource.PROBE,
        quality=Quality.TIMEOUT,
    )
