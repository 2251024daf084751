"""Notification targets: add, list, deactivate (audited; a webhook secret is never shown again)."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor, AuditAction, record
from coldtrace_cloud.errors import NotFoundError, ValidationFailedError
from coldtrace_cloud.notifications.models import NotificationTarget

MIN_SECRET_CHARS = 16


async def add_target(
    session: AsyncSession,
    actor: Actor,
    *,
    channel: str,
    address: str,
    secret: str | None,
    escalation: bool,
) -> NotificationTarget:
    """A new active target; a webhook needs a secret of at least 16 characters to sign with."""
    if channel == "webhook" and (secret is None or len(secret) < MIN_SECRET_CHARS):
        raise ValidationFailedError(
            f"a webhook needs a secret of at least {MIN_SECRET_CHARS} characters", field="secret"
        )
    target = NotificationTarget(
        channel=channel,
        address=address,
        secret=secret if channel == "webhook" else None,
        escalation=escalation,
        active=True,
    )
    session.add(target)
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        entity_type="notification_target",
        entity_id=target.id,
        old=None,
        new={"channel": channel, "address": address, "escalation": escalation},
    )
    return target


async def list_targets(session: AsyncSession) -> list[NotificationTarget]:
    """Every target, active first, then by id."""
    query = select(NotificationTarget).order_by(
        NotificationTarget.active.desc(), NotificationTarget.id
    )
    return list((await session.scalars(query)).all())


async def deactivate(session: AsyncSession, actor: Actor, target_id: int) -> NotificationTarget:
    """Stop notifying a target (kept, so past deliveries still name it)."""
    target = await session.get(NotificationTarget, target_id, with_for_update=True)
    if target is None:
        raise NotFoundError("no such notification target", target_id=target_id)
    if target.active:
        target.active = False
        await session.flush()
        await record(
            session,
            actor=actor,
            action=AuditAction.UPDATE,
            entity_type="notification_target",
            entity_id=target.id,
            old={"active": True},
            new={"active": False},
        )
    return target
