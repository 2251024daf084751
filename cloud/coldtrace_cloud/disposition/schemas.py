"""Request and response bodies of QA disposition: the e-signature fields of 21 CFR 11.50."""

from datetime import datetime
from typing import Annotated, Self

from pydantic import BaseModel, Field, SecretStr, model_validator

from coldtrace_cloud.disposition.flows import TRANSITIONS, Decision
from coldtrace_cloud.disposition.models import Disposition, ElectronicSignature
from coldtrace_cloud.disposition.signatures import Meaning, manifestation
from coldtrace_cloud.schemas.fields import Name, Reason

Password = Annotated[SecretStr, Field(min_length=1, max_length=1024)]


class OverrideIn(BaseModel):
    """A second signature that overrides a spent stability budget (may be the same QA user)."""

    username: Name
    password: Password


class DispositionIn(BaseModel):
    """The decision, re-entered password, the meaning the signer confirms, and the reason."""

    decision: Decision
    password: Password
    meaning: Meaning
    reason: Reason
    restriction: Reason | None = None
    override: OverrideIn | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        expected = TRANSITIONS[self.decision][2]
        if self.meaning is not expected:
            raise ValueError(f"a {self.decision} is signed with the meaning {expected!r}")
        if (self.decision is Decision.RELEASE_WITH_RESTRICTION) != (self.restriction is not None):
            raise ValueError("a restriction goes with release_with_restriction, and only there")
        return self


class SignatureOut(BaseModel):
    """The signature manifestation: printed name, UTC date and time, meaning (11.50(a))."""

    printed_name: str
    signed_at: datetime
    meaning: str


class DispositionOut(BaseModel):
    """QA's decision with its signature (and the override's, if any)."""

    id: int
    lot_id: int
    decision: str
    reason: str
    restriction: str | None
    budget_remaining_s: float | None
    decided_at: datetime
    signature: SignatureOut
    override_signature: SignatureOut | None

    @classmethod
    def of(
        cls,
        row: Disposition,
        signature: ElectronicSignature,
        override: ElectronicSignature | None,
    ) -> "DispositionOut":
        """From the stored rows."""
        return cls(
            id=row.id,
            lot_id=row.lot_id,
            decision=row.decision,
            reason=row.reason,
            restriction=row.restriction,
            budget_remaining_s=row.budget_remaining_s,
            decided_at=row.decided_at,
            signature=SignatureOut.model_validate(manifestation(signature)),
            override_signature=None
            if override is None
            else SignatureOut.model_validate(manifestation(override)),
        )
