"""Who is told what about an excursion: every open excursion goes to the ordinary targets once;
one nobody acknowledged within ``escalate_after_s`` goes to the escalation targets once.

Each round is idempotent (a delivery row per excursion, event and target; only failures are
tried again), so the notifier can run it on every NOTIFY, at every due escalation, and after a
restart without anyone hearing twice.
"""

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import and_, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.excursions.models import Excursion
from coldtrace_cloud.notifications import NotificationError
from coldtrace_cloud.notifications.mail import SmtpRelay, send_mail
from coldtrace_cloud.notifications.models import NotificationDelivery, NotificationTarget
from coldtrace_cloud.notifications.webhooks import post_signed

logger = logging.getLogger(__name__)
OPENED, ESCALATED = "opened", "escalated"


@dataclass(frozen=True)
class Channels:
    """The means of delivery: one HTTP client, and the SMTP relay if there is one."""

    http: httpx.AsyncClient
    relay: SmtpRelay | None


def payload(excursion: Excursion, event: str) -> dict[str, Any]:
    """What a receiver is told (JSON)."""
    return {
        "event": event,
        "excursion_id": excursion.id,
        "kind": excursion.kind,
        "severity": excursion.severity,
        "status": excursion.status,
        "location_id": excursion.location_id,
        "shipment_id": excursion.shipment_id,
        "started_at": excursion.started_at.isoformat(),
        "ended_at": None if excursion.ended_at is None else excursion.ended_at.isoformat(),
        "peak": excursion.peak,
        "out_of_range_s": excursion.out_of_range_s,
    }


async def _deliver(channels: Channels, target: NotificationTarget, body: dict[str, Any]) -> None:
    if target.channel == "webhook":
        raw = json.dumps(body, sort_keys=True).encode()
        await post_signed(
            channels.http, target.address, target.secret or "", raw, event=body["event"]
        )
        return
    if channels.relay is None:
        raise NotificationError("no SMTP relay configured", target=target.address)
    urgent = "ESCALATION: " if body["event"] == ESCALATED else ""
    subject = f"{urgent}{body['severity']} {body['kind']} excursion {body['excursion_id']}"
    text = "\n".join(f"{k}: {v}" for k, v in body.items())
    await send_mail(channels.relay, target.address, subject, text)


async def _pending(
    session: AsyncSession, event: str, since: datetime | None, due_before: datetime | None
) -> list[tuple[Excursion, NotificationTarget]]:
    done = select(NotificationDelivery.id).where(
        NotificationDelivery.excursion_id == Excursion.id,
        NotificationDelivery.target_id == NotificationTarget.id,
        NotificationDelivery.event == event,
        NotificationDelivery.status == "sent",
    )
    query = (
        select(Excursion, NotificationTarget)
        .join(
            NotificationTarget,
            and_(
                NotificationTarget.active.is_(True),
                NotificationTarget.escalation.is_(event == ESCALATED),
            ),
        )
        .where(Excursion.status == "open", ~done.exists())
        .order_by(Excursion.id, NotificationTarget.id)
    )
    if since is not None:
        query = query.where(Excursion.detected_at >= since)
    if due_before is not None:
        query = query.where(Excursion.detected_at <= due_before)
    return [(e, t) for e, t in (await session.execute(query)).all()]


async def _record(
    session: AsyncSession, excursion_id: int, event: str, target_id: int, error: str | None
) -> None:
    values = {
        "excursion_id": excursion_id,
        "event": event,
        "target_id": target_id,
        "status": "failed" if error else "sent",
        "attempts": 1,
        "last_error": error,
    }
    table = NotificationDelivery.__table__
    await session.execute(
        insert(NotificationDelivery)
        .values(values)
        .on_conflict_do_update(
            constraint="uq_notification_deliveries",
            set_={
                "status": values["status"],
                "last_error": error,
                "attempts": table.c.attempts + 1,
                "updated_at": func.now(),
            },
        )
    )


@dataclass
class Round:
    """What one round did."""

    sent: int = 0
    failed: int = 0


async def notify_round(
    session: AsyncSession, channels: Channels, now: datetime, escalate_after_s: float
) -> Round:
    """Tell the ordinary targets of open excursions of the last day, escalate what is due."""
    done = Round()
    after = timedelta(seconds=escalate_after_s)
    for event, since, due in (
        (OPENED, now - timedelta(days=1), None),
        (ESCALATED, None, now - after),
    ):
        for excursion, target in await _pending(session, event, since, due):
            try:
                await _deliver(channels, target, payload(excursion, event))
            except NotificationError as exc:
                logger.warning("notice %s of excursion %s failed: %s", event, excursion.id, exc)
                await _record(session, excursion.id, event, target.id, str(exc))
                done.failed += 1
            else:
                await _record(session, excursion.id, event, target.id, None)
                done.sent += 1
            await session.commit()
    return done


async def next_escalation_at(session: AsyncSession, escalate_after_s: float) -> datetime | None:
    """When the next open, not yet escalated excursion falls due (None: nothing to wait for)."""
    pending = await _pending(session, ESCALATED, None, None)
    if not pending:
        return None
    return min(e.detected_at for e, _ in pending) + timedelta(seconds=escalate_after_s)
