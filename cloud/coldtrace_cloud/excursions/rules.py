"""The rule set of a storage profile, and templates for the common profiles.

A rule set is data (pydantic, stored as JSONB in a versioned table), so a change of rule is a new
version with an audit row, never an edit in place. Times are seconds, temperatures °C.
"""

from typing import Final, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from coldtrace_cloud.excursions.mkt import DEFAULT_ACTIVATION_K


class RuleSet(BaseModel):
    """What counts as an excursion for goods kept under one storage profile."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Threshold: outside [low, high] for at least ``alarm_delay_s`` opens an excursion; it clears
    # only back inside [low + hysteresis, high - hysteresis], so noise at the edge does not flap.
    temperature_low_c: float | None = None
    temperature_high_c: float | None = None
    alarm_delay_s: float = Field(default=900.0, ge=0)
    hysteresis_c: float = Field(default=0.5, ge=0)
    # Stability budget: cumulative time out of range a lot may spend over its whole life.
    budget_s: float | None = Field(default=None, ge=0)
    # MKT over a rolling window (24 h cold chain, 30 days controlled room temperature).
    mkt_window_s: float = Field(default=86_400.0, gt=0)
    mkt_low_c: float | None = None
    mkt_high_c: float | None = None
    activation_k: float = Field(default=DEFAULT_ACTIVATION_K, gt=0)
    # Rate of change, humidity band (with the same delay and hysteresis logic as temperature).
    max_rate_c_per_h: float | None = Field(default=None, gt=0)
    humidity_low_pct: float | None = Field(default=None, ge=0, le=100)
    humidity_high_pct: float | None = Field(default=None, ge=0, le=100)
    humidity_hysteresis_pct: float = Field(default=2.0, ge=0)
    # Sensor silence: no data for ``silence_intervals`` sampling intervals = exposure unknown.
    sampling_interval_s: float = Field(default=60.0, gt=0)
    silence_intervals: int = Field(default=5, ge=1)
    # Acclimatisation: readings this long after a sensor is bound are not evaluated.
    acclimatisation_s: float = Field(default=0.0, ge=0)
    # Severity: a deviation this large is critical, ``major_*`` make it major.
    critical_deviation_c: float = Field(default=5.0, gt=0)
    major_deviation_c: float = Field(default=2.0, gt=0)
    major_duration_s: float = Field(default=3600.0, gt=0)

    @model_validator(mode="after")
    def _bands(self) -> Self:
        for low, high, what in (
            (self.temperature_low_c, self.temperature_high_c, "temperature"),
            (self.mkt_low_c, self.mkt_high_c, "mkt"),
            (self.humidity_low_pct, self.humidity_high_pct, "humidity"),
        ):
            if low is not None and high is not None and low >= high:
                msg = f"{what} band is empty ({low} >= {high})"
                raise ValueError(msg)
        return self

    @property
    def silence_after_s(self) -> float:
        """A gap longer than this between two readings is silence."""
        return self.sampling_interval_s * self.silence_intervals

    @classmethod
    def from_band(cls, low_c: float | None, high_c: float | None) -> "RuleSet":
        """Defaults for a profile that has only its band (no rule set stored yet)."""
        return cls(
            temperature_low_c=low_c,
            temperature_high_c=high_c,
            mkt_low_c=low_c,
            mkt_high_c=high_c,
        )


DAY_S: Final = 86_400.0

TEMPLATES: Final[dict[str, RuleSet]] = {
    # Controlled cold temperature: MKT over 24 h must stay within 2-8 °C.
    "2-8C": RuleSet(
        temperature_low_c=2.0,
        temperature_high_c=8.0,
        alarm_delay_s=900,
        budget_s=12 * 3600,
        mkt_low_c=2.0,
        mkt_high_c=8.0,
        mkt_window_s=DAY_S,
        max_rate_c_per_h=10.0,
    ),
    "15-25C": RuleSet(
        temperature_low_c=15.0,
        temperature_high_c=25.0,
        alarm_delay_s=1800,
        budget_s=72 * 3600,
        mkt_high_c=25.0,
        mkt_window_s=30 * DAY_S,
    ),
    # Controlled room temperature (USP <659>): 20-25 °C, excursions 15-30 °C allowed, MKT <= 25.
    "CRT": RuleSet(
        temperature_low_c=15.0,
        temperature_high_c=30.0,
        alarm_delay_s=1800,
        mkt_high_c=25.0,
        mkt_window_s=30 * DAY_S,
    ),
    "FROZEN": RuleSet(
        temperature_high_c=-20.0,
        alarm_delay_s=900,
        hysteresis_c=1.0,
        mkt_high_c=-20.0,
        mkt_window_s=DAY_S,
    ),
}
