"""Server-sent events of new and changed excursions, driven by PostgreSQL LISTEN.

The engine and the lifecycle flows NOTIFY ``coldtrace_excursions`` with the ids they changed
(delivered at commit); each stream LISTENs on its own connection, reads those excursions back
within the caller's scope and sends one ``excursion`` event each (WHATWG HTML, "Server-sent
events": ``event``, ``id``, ``data`` lines, a blank line ends an event). A comment line every
``HEARTBEAT_S`` keeps proxies from closing an idle stream. A stream ends after ``duration_s``;
EventSource clients reconnect by themselves (``retry`` tells them after how long).
"""

import time
from collections.abc import AsyncGenerator
from typing import Final

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.db.notifications import RESYNC, listening
from coldtrace_cloud.excursions.announce import EXCURSIONS_CHANNEL, parse_ids
from coldtrace_cloud.excursions.schemas import ExcursionOut
from coldtrace_cloud.excursions.service import views_of

HEARTBEAT_S: Final = 15.0
RETRY_MS: Final = 3000


def sse_event(event: str, event_id: str, data: str) -> str:
    """One SSE event block (``data`` holds no newline: it is compact JSON)."""
    return f"event: {event}\nid: {event_id}\ndata: {data}\n\n"


async def excursion_events(
    database_url: str,
    sessions: async_sessionmaker[AsyncSession],
    scope: AccessScope,
    duration_s: float,
) -> AsyncGenerator[str]:
    """SSE text: a ``ready`` event once listening, then an event per changed excursion."""
    deadline = time.monotonic() + duration_s
    async with listening(database_url, EXCURSIONS_CHANNEL) as listener:
        yield f"retry: {RETRY_MS}\n\n" + sse_event("ready", "0", "{}")
        while (left_s := deadline - time.monotonic()) > 0:
            payload = await listener.next(min(left_s, HEARTBEAT_S))
            if payload is None:
                yield ": keep-alive\n\n"
                continue
            if payload == RESYNC:
                yield sse_event("resync", "0", "{}")
                continue
            async with sessions() as session:
                views = await views_of(session, scope, parse_ids(payload))
            for view in views:
                body = ExcursionOut.of(view).model_dump_json()
                yield sse_event("excursion", f"{view.excursion.id}:{view.excursion.status}", body)
