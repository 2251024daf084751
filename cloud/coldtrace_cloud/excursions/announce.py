"""Tell listeners (the SSE stream) which excursions were opened or changed, at commit."""

from collections.abc import Iterable
from typing import Final

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

EXCURSIONS_CHANNEL: Final = "coldtrace_excursions"


async def announce_excursions(session: AsyncSession, excursion_ids: Iterable[int]) -> None:
    """``pg_notify`` the ids, comma-separated; delivered only if the transaction commits."""
    payload = ",".join(str(i) for i in sorted(set(excursion_ids)))
    if payload:
        await session.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": EXCURSIONS_CHANNEL, "payload": payload},
        )


def parse_ids(payload: str) -> list[int]:
    """The excursion ids of a payload (empty for a resync)."""
    return [int(part) for part in payload.split(",") if part.strip().isdigit()]
