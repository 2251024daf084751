"""PostgreSQL LISTEN as an async iterator: what writers NOTIFY, delivered after their commit.

NOTIFY is transactional (PostgreSQL docs, "NOTIFY"): a listener hears of a change only once it
is committed, so whatever it reads back is there. One dedicated asyncpg connection per listener;
the queue is bounded, and when a slow consumer lets it fill, the oldest payload is dropped and an
empty payload ("something changed, re-read") takes its place, so nothing is lost in meaning.
"""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Final

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

logger = logging.getLogger(__name__)
QUEUE_SIZE: Final = 256
# Lots entered or left a held status (quarantined, recalled, rejected): the holds relay
# republishes the gateways' hold lists.
HOLDS_CHANNEL: Final = "coldtrace_holds"
RESYNC: Final = ""


def asyncpg_dsn(database_url: str) -> str:
    """The plain ``postgresql://`` DSN asyncpg takes, from a SQLAlchemy ``+asyncpg`` URL."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class Listener:
    """Payloads NOTIFYed on one channel since LISTEN began, oldest first."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[str] = asyncio.Queue(QUEUE_SIZE)

    def deliver(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        """asyncpg's callback: enqueue, replacing the oldest payload by a resync when full."""
        if self.queue.full():
            self.queue.get_nowait()
            payload = RESYNC
        self.queue.put_nowait(payload)

    async def next(self, timeout_s: float | None = None) -> str | None:
        """The next payload, or None when ``timeout_s`` passes without one."""
        try:
            return await asyncio.wait_for(self.queue.get(), timeout_s)
        except TimeoutError:
            return None

    async def __aiter__(self) -> AsyncIterator[str]:
        while True:
            yield await self.queue.get()


@asynccontextmanager
async def listening(database_url: str, channel: str) -> AsyncIterator[Listener]:
    """LISTEN on ``channel`` for the duration of the block (the connection is closed after)."""
    listener = Listener()
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        await conn.add_listener(channel, listener.deliver)
        logger.debug("listening on %s", channel)
        yield listener
    finally:
        await conn.close()


async def announce_holds(session: AsyncSession) -> None:
    """Tell the holds relay, at commit (NOTIFY is transactional), that holds changed."""
    await session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": HOLDS_CHANNEL})
