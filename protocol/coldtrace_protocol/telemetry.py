"""Telemetry messages: batches of probe and logger readings from one gateway.

A reading keeps both clocks: ``measured_at`` is the device's time (the probe's clock, or the
logger's clock corrected by its offset at read-out) and ``received_at`` is when the gateway got
it. A probe that did not answer produces a reading with quality ``timeout`` and no values: a gap
is recorded as a gap, never filled with a made-up value.
"""

from enum import StrEnum
from typing import Final, Literal, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from coldtrace_protocol.envelope import UplinkEnvelope

MAX_READINGS_PER_MESSAGE: Final = 1000
SENSOR_ID_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"


class Quality(StrEnum):
    """How much a reading can be trusted."""

    OK = "ok"
    SENSOR_FAULT = "sensor_fault"  # the probe reports its own sensor as faulty
    TIMEOUT = "timeout"  # the probe did not answer: no values, a gap
    CLOCK_SUSPECT = "clock_suspect"  # device clock far from the gateway's; gateway time used


# Qualities that promise a value; a fault or a timeout is recorded as such, never as a number.
VALUED_QUALITIES: Final = frozenset({Quality.OK, Quality.CLOCK_SUSPECT})


class ReadingSource(StrEnum):
    """Where a reading came from."""

    PROBE = "probe"  # polled live over Modbus
    LOGGER = "logger"  # imported from a transit logger dump (backfill)


class Reading(BaseModel):
    """One measurement of one sensor at one instant."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sensor_id: str = Field(pattern=SENSOR_ID_PATTERN)
    measured_at: AwareDatetime
    received_at: AwareDatetime
    source: ReadingSource = ReadingSource.PROBE
    quality: Quality = Quality.OK
    temperature_c: float | None = Field(default=None, ge=-273.15, le=1000)
    humidity_pct: float | None = Field(default=None, ge=0, le=100)
    battery_low: bool | None = None
    door_open: bool | None = None

    @model_validator(mode="after")
    def _values_match_quality(self) -> Self:
        """A timeout carries no values; a sensor fault may carry none (the probe withholds
        them); any other reading carries at least one."""
        has_value = self.temperature_c is not None or self.humidity_pct is not None
        if self.quality is Quality.TIMEOUT and has_value:
            raise ValueError("a timeout reading carries no values")
        if self.quality in VALUED_QUALITIES and not has_value:
            raise ValueError("a reading needs a temperature or a humidity value")
        return self


class TelemetryBatch(UplinkEnvelope):
    """Many readings in one message (the unit of ``seq`` and of de-duplication)."""

    kind: Literal["telemetry"] = "telemetry"
    readings: list[Reading] = Field(min_length=1, max_length=MAX_READINGS_PER_MESSAGE)
