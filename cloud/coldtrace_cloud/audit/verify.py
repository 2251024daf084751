"""Verify the audit chain: recompute every row's hash and link, report the first broken row."""

from dataclasses import dataclass
from typing import Final, Literal

from sqlalchemy import RowMapping, select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit.chain import GENESIS_HASH, row_hash
from coldtrace_cloud.audit.models import AuditEvent

_BATCH: Final = 5000
_TABLE: Final = AuditEvent.__table__
Problem = Literal["hash_mismatch", "broken_link"]


@dataclass(frozen=True)
class ChainReport:
    """The verdict: rows checked, the chain head, and the first broken row if any."""

    ok: bool
    rows_checked: int
    head_hash: str
    first_broken_id: int | None = None
    problem: Problem | None = None
    detail: str | None = None


def _content_hash(row: RowMapping) -> str:
    return row_hash(
        occurred_at=row["occurred_at"],
        actor=row["actor"],
        actor_user_id=row["actor_user_id"],
        action=row["action"],
        entity_type=row["entity_type"],
        entity_id=row["entity_id"],
        old_values=row["old_values"],
        new_values=row["new_values"],
        reason=row["reason"],
        prev_hash=row["prev_hash"],
    )


async def verify_chain(session: AsyncSession) -> ChainReport:
    """Walk the chain in id order; a changed row fails its hash, a removed one breaks a link."""
    expected_prev = GENESIS_HASH
    checked = 0
    after = 0
    while True:
        # Plain rows, not ORM objects: nothing piles up in the session's identity map.
        batch = (
            (
                await session.execute(
                    select(*_TABLE.c).where(_TABLE.c.id > after).order_by(_TABLE.c.id).limit(_BATCH)
                )
            )
            .mappings()
            .all()
        )
        if not batch:
            return ChainReport(ok=True, rows_checked=checked, head_hash=expected_prev)
        for event in batch:
            if event["prev_hash"] != expected_prev:
                return ChainReport(
                    ok=False,
                    rows_checked=checked,
                    head_hash=expected_prev,
                    first_broken_id=event["id"],
                    problem="broken_link",
                    detail="prev_hash does not match the previous row (a row was removed or "
                    "reordered)",
                )
            if _content_hash(event) != event["hash"]:
                return ChainReport(
                    ok=False,
                    rows_checked=checked,
                    head_hash=expected_prev,
                    first_broken_id=event["id"],
                    problem="hash_mismatch",
                    detail="the row's content does not match its hash (the row was changed)",
                )
            expected_prev = event["hash"]
            checked += 1
            after = event["id"]
