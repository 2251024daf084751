"""QA disposition for the API: resolve the signers, run the decision's flow, read decisions back."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.auth.models import User
from coldtrace_cloud.auth.scope import Principal
from coldtrace_cloud.disposition import flows
from coldtrace_cloud.disposition.flows import Decision, Signing
from coldtrace_cloud.disposition.models import Disposition, ElectronicSignature
from coldtrace_cloud.errors import AuthenticationError
from coldtrace_cloud.lots.service import get_lot

Signed = tuple[Disposition, ElectronicSignature, ElectronicSignature | None]


async def _override(session: AsyncSession, username: str, password: str) -> Signing:
    user_id = await session.scalar(select(User.id).where(User.username == username))
    if user_id is None:
        # Same answer as a wrong password: a signing attempt does not reveal who exists.
        raise AuthenticationError("the password does not match: not signed", username=username)
    return Signing(user_id, password)


async def signed(session: AsyncSession, row: Disposition) -> Signed:
    """A disposition with its signature rows."""
    signature = await session.get_one(ElectronicSignature, row.signature_id)
    override = (
        None
        if row.override_signature_id is None
        else await session.get_one(ElectronicSignature, row.override_signature_id)
    )
    return row, signature, override


async def dispose(
    session: AsyncSession,
    principal: Principal,
    lot_id: int,
    *,
    decision: Decision,
    password: str,
    reason: str,
    restriction: str | None = None,
    override: tuple[str, str] | None = None,
) -> Signed:
    """Sign and apply QA's decision on a quarantined lot; the caller commits."""
    lot, _ = await get_lot(session, principal.scope, lot_id, for_update=True)
    signing = Signing(principal.user_id, password)
    over = None if override is None else await _override(session, *override)
    if decision is Decision.REJECT:
        row = await flows.reject(session, principal.actor, lot, signing=signing, reason=reason)
    elif decision is Decision.RELEASE:
        row = await flows.release(
            session, principal.actor, lot, signing=signing, reason=reason, override=over
        )
    else:
        row = await flows.release_with_restriction(
            session,
            principal.actor,
            lot,
            signing=signing,
            reason=reason,
            restriction=restriction or "",
            override=over,
        )
    return await signed(session, row)


async def lot_dispositions(
    session: AsyncSession, principal: Principal, lot_id: int
) -> list[Signed]:
    """Every decision on a lot, oldest first."""
    lot, _ = await get_lot(session, principal.scope, lot_id)
    rows = (
        await session.scalars(
            select(Disposition).where(Disposition.lot_id == lot.id).order_by(Disposition.id)
        )
    ).all()
    return [await signed(session, row) for row in rows]
