"""Request and response bodies of the recall API."""

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field

from coldtrace_cloud.recalls.flows import RecallClass, effectiveness_pct
from coldtrace_cloud.recalls.models import RecallNotice
from coldtrace_cloud.recalls.service import RecallDetail
from coldtrace_cloud.schemas.fields import Code, Id, Name, Reason


class RecallIn(BaseModel):
    """A recall (or a mock recall: ``drill``) of one or more lots."""

    code: Code
    classification: RecallClass
    lot_ids: Annotated[list[Id], Field(min_length=1, max_length=100)]
    reason: Reason
    health_hazard: Reason = Field(description="health hazard evaluation, 21 CFR 7.41")
    instructions: Reason = Field(description="what consignees must do with the product")
    drill: bool = False
    reply_to: Name = "the recalling firm's quality assurance"


class AcknowledgeIn(BaseModel):
    """A consignee's answer: who acknowledged, how many units it returned."""

    acknowledged_by: Name
    units_returned: Annotated[int, Field(ge=0, le=10_000_000)]


class CloseIn(BaseModel):
    """Why the recall can be closed."""

    reason: Reason


class NoticeOut(BaseModel):
    """One consignee's notice and answer."""

    consignee: str
    units_shipped: int
    units_returned: int
    sent_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    content: dict[str, Any]

    @classmethod
    def of(cls, notice: RecallNotice, consignee: str) -> "NoticeOut":
        """From the row."""
        return cls(
            consignee=consignee,
            units_shipped=notice.units_shipped,
            units_returned=notice.units_returned,
            sent_at=notice.sent_at,
            acknowledged_at=notice.acknowledged_at,
            acknowledged_by=notice.acknowledged_by,
            content=notice.content,
        )


class RecallOut(BaseModel):
    """A recall with its lots, notices, effectiveness and time to trace."""

    code: str
    classification: str
    status: str
    drill: bool
    reason: str
    health_hazard: str
    instructions: str
    lot_ids: list[int]
    created_at: datetime
    created_by: str
    trace_duration_s: float
    effectiveness_pct: float
    closed_at: datetime | None
    close_reason: str | None
    notices: list[NoticeOut]

    @classmethod
    def of(cls, found: RecallDetail) -> "RecallOut":
        """From the service's detail."""
        r = found.recall
        return cls(
            code=r.code,
            classification=r.classification,
            status=r.status,
            drill=r.drill,
            reason=r.reason,
            health_hazard=r.health_hazard,
            instructions=r.instructions,
            lot_ids=found.lot_ids,
            created_at=r.created_at,
            created_by=r.created_by,
            trace_duration_s=r.trace_duration_s,
            effectiveness_pct=effectiveness_pct([n for n, _ in found.notices]),
            closed_at=r.closed_at,
            close_reason=r.close_reason,
            notices=[NoticeOut.of(n, c) for n, c in found.notices],
        )


class RecallSummaryOut(BaseModel):
    """A recall in a list."""

    code: str
    classification: str
    status: str
    drill: bool
    created_at: datetime
