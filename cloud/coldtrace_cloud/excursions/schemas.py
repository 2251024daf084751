"""Request and response bodies of the excursions, rule sets and backtest API."""

from datetime import datetime
from typing import Annotated, Any, Self

from pydantic import AwareDatetime, BaseModel, Field, StringConstraints, model_validator

from coldtrace_cloud.excursions.episodes import Episode, EpisodeKind
from coldtrace_cloud.excursions.models import ExcursionRuleSet
from coldtrace_cloud.excursions.rules import RuleSet
from coldtrace_cloud.excursions.service import ExcursionView
from coldtrace_cloud.schemas.fields import Code, Reason

CapaRef = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=r"^[^\x00]*$")]


class ExcursionOut(BaseModel):
    """An excursion: condition (window, peak, time and degree-minutes out) and lifecycle."""

    id: int
    sensor: str
    site_id: int | None
    location_id: int | None
    shipment_id: int | None
    rule_set_id: int | None
    kind: str
    severity: str
    status: str
    started_at: datetime
    ended_at: datetime | None
    peak: float | None
    deviation: float
    out_of_range_s: float
    degree_minutes: float
    detected_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    ack_comment: str | None
    closed_at: datetime | None
    closed_by: str | None
    root_cause: str | None
    capa_ref: str | None

    @classmethod
    def of(cls, view: ExcursionView) -> "ExcursionOut":
        """From a service view."""
        row = view.excursion
        fields: dict[str, Any] = {
            name: getattr(row, name) for name in cls.model_fields if hasattr(row, name)
        }
        return cls(**fields | {"sensor": view.sensor_code, "site_id": view.site_id})


class AcknowledgeIn(BaseModel):
    """QA has seen the excursion; the comment says what is being done."""

    comment: Reason


class CloseIn(BaseModel):
    """Closing needs the root cause and the corrective / preventive action reference."""

    root_cause: Reason
    capa_ref: CapaRef


class RuleSetOut(BaseModel):
    """The rules in force for a profile (version 0: derived from the profile's band)."""

    profile: str
    version: int
    rules: RuleSet
    reason: str | None
    created_by: str | None
    created_at: datetime | None

    @classmethod
    def of(cls, profile: str, row: ExcursionRuleSet | None, rules: RuleSet) -> "RuleSetOut":
        """From the stored version, or the band-derived rules when none is stored."""
        if row is None:
            return cls(
                profile=profile,
                version=0,
                rules=rules,
                reason=None,
                created_by=None,
                created_at=None,
            )
        return cls(
            profile=profile,
            version=row.version,
            rules=rules,
            reason=row.reason,
            created_by=row.created_by,
            created_at=row.created_at,
        )


class RuleSetIn(BaseModel):
    """A new version of a profile's rules and why (the change is audited)."""

    rules: RuleSet
    reason: Reason


class BacktestIn(BaseModel):
    """Run rules (the profile's in force, or these) over a sensor's stored history."""

    sensor: Code
    start: AwareDatetime
    end: AwareDatetime
    rules: RuleSet | None = None

    @model_validator(mode="after")
    def _window(self) -> Self:
        if self.start >= self.end:
            raise ValueError("start must be before end")
        if (self.end - self.start).total_seconds() > 366 * 86_400:
            raise ValueError("backtest at most a year at a time")
        return self


class EpisodeOut(BaseModel):
    """What the rules would have raised (nothing is written)."""

    kind: EpisodeKind
    started_at: datetime
    ended_at: datetime | None
    peak: float | None
    deviation: float
    out_of_range_s: float
    degree_minutes: float = Field(description="integral of the deviation, °C x min")

    @classmethod
    def of(cls, episode: Episode) -> "EpisodeOut":
        """From an episode."""
        return cls(
            kind=episode.kind,
            started_at=episode.started,
            ended_at=episode.ended,
            peak=episode.peak,
            deviation=episode.deviation,
            out_of_range_s=episode.out_of_range_s,
            degree_minutes=episode.degree_s / 60,
        )


class BacktestOut(BaseModel):
    """The episodes found, oldest first, and the rules used."""

    profile: str
    sensor: str
    rules: RuleSet
    episodes: list[EpisodeOut]
