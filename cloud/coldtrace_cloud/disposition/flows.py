"""QA disposition: an explicit transition table, one function per decision, each signed and
audited; a lot whose stability budget is spent is released only with a signed override.

    quarantined --release-------------------> released
    quarantined --release_with_restriction--> released (restriction recorded)
    quarantined --reject--------------------> rejected
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor
from coldtrace_cloud.db.notifications import announce_holds
from coldtrace_cloud.disposition.models import Disposition
from coldtrace_cloud.disposition.signatures import Meaning, manifestation, sign
from coldtrace_cloud.errors import ConflictError, ValidationFailedError
from coldtrace_cloud.lots import flows as lot_flows
from coldtrace_cloud.lots.flows import LotStatus
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.quarantine.ledger import lot_exposure


class Decision(StrEnum):
    """What QA decides for a quarantined lot."""

    RELEASE = "release"
    RELEASE_WITH_RESTRICTION = "release_with_restriction"
    REJECT = "reject"


TRANSITIONS: Final[dict[Decision, tuple[LotStatus, LotStatus, Meaning]]] = {
    Decision.RELEASE: (LotStatus.QUARANTINED, LotStatus.RELEASED, Meaning.RELEASE),
    Decision.RELEASE_WITH_RESTRICTION: (
        LotStatus.QUARANTINED,
        LotStatus.RELEASED,
        Meaning.RELEASE_WITH_RESTRICTION,
    ),
    Decision.REJECT: (LotStatus.QUARANTINED, LotStatus.REJECTED, Meaning.REJECT),
}


@dataclass(frozen=True)
class Signing:
    """The signer's re-entered credentials (the user is the authenticated caller)."""

    user_id: int
    password: str


async def _decide(
    session: AsyncSession,
    actor: Actor,
    lot: Lot,
    decision: Decision,
    *,
    signing: Signing,
    reason: str,
    restriction: str | None = None,
    override: Signing | None = None,
) -> Disposition:
    source, target, meaning = TRANSITIONS[decision]
    if not reason.strip():
        raise ValidationFailedError("a reason is required for a disposition", field="reason")
    if LotStatus(lot.status) is not source:
        raise ConflictError(f"only a {source} lot can be disposed of", lot_id=lot.id)
    ledger = await lot_exposure(session, lot.id)
    content = {"lot_id": lot.id, "decision": str(decision), "reason": reason}
    content |= {"restriction": restriction, "consumed_s": ledger.consumed_s}
    override_sig = None
    if target is LotStatus.RELEASED and ledger.spent:
        if override is None:
            raise ConflictError(
                "the lot's stability budget is spent: release needs a signed override",
                lot_id=lot.id,
                remaining_s=ledger.remaining_s,
            )
        override_sig = await sign(
            session,
            user_id=override.user_id,
            password=override.password,
            meaning=Meaning.BUDGET_OVERRIDE,
            record_type="disposition",
            content=content,
        )
    signature = await sign(
        session,
        user_id=signing.user_id,
        password=signing.password,
        meaning=meaning,
        record_type="disposition",
        content=content,
    )
    row = Disposition(
        lot_id=lot.id,
        decision=str(decision),
        reason=reason,
        restriction=restriction,
        budget_remaining_s=ledger.remaining_s,
        signature_id=signature.id,
        override_signature_id=None if override_sig is None else override_sig.id,
        decided_at=signature.signed_at,
    )
    session.add(row)
    await session.flush()
    evidence = {"disposition_id": row.id, "signature": manifestation(signature)}
    if override_sig is not None:
        evidence["override_signature"] = manifestation(override_sig)
    if restriction:
        evidence["restriction"] = restriction
    await lot_flows.transition(session, actor, lot, target, reason=reason, evidence=evidence)
    await announce_holds(session)
    return row


async def release(
    session: AsyncSession,
    actor: Actor,
    lot: Lot,
    *,
    signing: Signing,
    reason: str,
    override: Signing | None = None,
) -> Disposition:
    """Release a quarantined lot (signed; a spent budget needs a signed override)."""
    return await _decide(
        session, actor, lot, Decision.RELEASE, signing=signing, reason=reason, override=override
    )


async def release_with_restriction(
    session: AsyncSession,
    actor: Actor,
    lot: Lot,
    *,
    signing: Signing,
    reason: str,
    restriction: str,
    override: Signing | None = None,
) -> Disposition:
    """Release for a restricted use only (e.g. a named market, a shortened expiry)."""
    if not restriction.strip():
        raise ValidationFailedError("say what the restriction is", field="restriction")
    return await _decide(
        session,
        actor,
        lot,
        Decision.RELEASE_WITH_RESTRICTION,
        signing=signing,
        reason=reason,
        restriction=restriction,
        override=override,
    )


async def reject(
    session: AsyncSession, actor: Actor, lot: Lot, *, signing: Signing, reason: str
) -> Disposition:
    """Reject a quarantined lot (final)."""
    return await _decide(session, actor, lot, Decision.REJECT, signing=signing, reason=reason)
