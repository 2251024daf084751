"""The notifier task: a round on every excursion NOTIFY, at the next due escalation, and soon
after a failed delivery; waiting on the LISTEN queue with a deadline, never polling blindly.

Runs as the named task ``notifier`` in the ingest worker's TaskGroup, next to the holds relay.
"""

import logging
from datetime import UTC, datetime
from typing import Final

import httpx
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coldtrace_cloud.db.notifications import listening
from coldtrace_cloud.excursions.announce import EXCURSIONS_CHANNEL
from coldtrace_cloud.notifications.dispatch import Channels, next_escalation_at, notify_round
from coldtrace_cloud.notifications.mail import SmtpRelay
from coldtrace_cloud.settings import Settings

logger = logging.getLogger(__name__)
RETRY_S: Final = 30.0
IDLE_S: Final = 3600.0


def relay_of(settings: Settings) -> SmtpRelay | None:
    """The SMTP relay of the settings, if one is configured."""
    if settings.smtp_host is None:
        return None
    return SmtpRelay(settings.smtp_host, settings.smtp_port, settings.notify_from)


async def _round(
    sessions: async_sessionmaker[AsyncSession], channels: Channels, after_s: float
) -> float:
    """Run a round; how long to wait before the next one unless an excursion changes."""
    now = datetime.now(UTC)
    try:
        async with sessions() as session:
            done = await notify_round(session, channels, now, after_s)
            due = await next_escalation_at(session, after_s)
    except DBAPIError as exc:
        logger.warning("notification round failed (%s); retrying in %.0fs", exc, RETRY_S)
        return RETRY_S
    if done.sent or done.failed:
        logger.info("notifications: %d sent, %d failed", done.sent, done.failed)
    wait_s = IDLE_S if due is None else max(0.0, (due - datetime.now(UTC)).total_seconds())
    return min(wait_s, RETRY_S) if done.failed else wait_s


async def run_notifier(settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> None:
    """LISTEN for excursion changes and notify; forever."""
    channels_http = httpx.AsyncClient(timeout=10.0)
    database_url = settings.database_url.get_secret_value()
    async with channels_http, listening(database_url, EXCURSIONS_CHANNEL) as listener:
        channels = Channels(channels_http, relay_of(settings))
        while True:
            wait_s = await _round(sessions, channels, settings.escalate_after_s)
            await listener.next(wait_s)
