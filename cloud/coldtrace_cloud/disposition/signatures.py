"""Signing: re-enter the password (verified against the user's argon2 hash), then a signature row.

21 CFR 11.200(a)(1): a signing outside a continuous session uses both components (user
identification and password); we always ask for the password again, whatever the session.
"""

import hashlib
import json
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.auth.credentials import verify_password
from coldtrace_cloud.auth.models import User
from coldtrace_cloud.disposition.models import ElectronicSignature
from coldtrace_cloud.errors import AuthenticationError


class Meaning(StrEnum):
    """What a signature means (21 CFR 11.50(a)(3))."""

    RELEASE = "approved for release"
    RELEASE_WITH_RESTRICTION = "approved for release with restriction"
    REJECT = "rejected"
    BUDGET_OVERRIDE = "override of the spent stability budget"
    RECALL_CLOSE = "recall closed"


def record_digest(content: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of what is signed (links signature and record, 11.70)."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


async def sign(
    session: AsyncSession,
    *,
    user_id: int,
    password: str,
    meaning: Meaning,
    record_type: str,
    content: dict[str, Any],
) -> ElectronicSignature:
    """A signature by ``user_id`` if ``password`` is theirs; 401 otherwise (nothing written)."""
    user = await session.get(User, user_id)
    if user is None or not user.active or not verify_password(user.password_hash, password):
        raise AuthenticationError("the password does not match: not signed", user_id=user_id)
    signature = ElectronicSignature(
        user_id=user.id,
        printed_name=user.display_name,
        signed_at=datetime.now(UTC),
        meaning=str(meaning),
        record_type=record_type,
        record_sha256=record_digest(content),
    )
    session.add(signature)
    await session.flush()
    return signature


def manifestation(signature: ElectronicSignature) -> dict[str, str]:
    """The human-readable signature block (11.50(a)), as shown on any display or printout."""
    return {
        "printed_name": signature.printed_name,
        "signed_at": signature.signed_at.isoformat(),
        "meaning": signature.meaning,
    }
