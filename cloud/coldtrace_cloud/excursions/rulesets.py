"""Versioned rule sets per storage profile and the places watched against them, audited.

A rule change never edits a version: it adds version n+1 with a reason, and the audit row keeps
the old and the new rules (21 CFR 11.10(e), EU GMP Annex 11 §9).
"""

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor, AuditAction, record
from coldtrace_cloud.errors import ConflictError
from coldtrace_cloud.excursions.models import ExcursionMonitor, ExcursionRuleSet
from coldtrace_cloud.excursions.rules import RuleSet
from coldtrace_cloud.products.models import StorageProfile


async def current_rule_set(session: AsyncSession, profile_id: int) -> ExcursionRuleSet | None:
    """The newest version of a profile's rules (None when only the band is known)."""
    return await session.scalar(
        select(ExcursionRuleSet)
        .where(ExcursionRuleSet.profile_id == profile_id)
        .order_by(ExcursionRuleSet.version.desc())
        .limit(1)
    )


async def rules_of(session: AsyncSession, profile: StorageProfile) -> tuple[RuleSet, int | None]:
    """The rules in force for ``profile`` and the id of their version (None: from its band)."""
    row = await current_rule_set(session, profile.id)
    if row is None:
        return RuleSet.from_band(profile.temperature_min_c, profile.temperature_max_c), None
    return RuleSet.model_validate(row.rules), row.id


async def set_rules(
    session: AsyncSession, actor: Actor, profile: StorageProfile, rules: RuleSet, *, reason: str
) -> ExcursionRuleSet:
    """Put a new version of the profile's rules in force; the change is audited with a reason."""
    previous = await current_rule_set(session, profile.id)
    version = (
        await session.scalar(
            select(func.coalesce(func.max(ExcursionRuleSet.version), 0)).where(
                ExcursionRuleSet.profile_id == profile.id
            )
        )
        or 0
    ) + 1
    row = ExcursionRuleSet(
        profile_id=profile.id,
        version=version,
        rules=rules.model_dump(mode="json"),
        reason=reason,
        created_by=actor.name,
    )
    session.add(row)
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        entity_type="storage_profile_rules",
        entity_id=profile.id,
        old=None if previous is None else {"version": previous.version, "rules": previous.rules},
        new={"version": version, "rules": row.rules},
        reason=reason,
        reason_required=True,
    )
    return row


async def watch(
    session: AsyncSession,
    actor: Actor,
    profile: StorageProfile,
    *,
    location_id: int | None = None,
    shipment_id: int | None = None,
) -> ExcursionMonitor:
    """Watch a location or a shipment against ``profile`` (replacing its previous profile)."""
    if (location_id is None) == (shipment_id is None):
        raise ConflictError("watch exactly one location or shipment", profile=profile.code)
    query = select(ExcursionMonitor).where(
        ExcursionMonitor.location_id == location_id
        if location_id is not None
        else ExcursionMonitor.shipment_id == shipment_id
    )
    monitor = await session.scalar(query)
    old = None if monitor is None else {"profile_id": monitor.profile_id}
    if monitor is None:
        monitor = ExcursionMonitor(location_id=location_id, shipment_id=shipment_id)
        session.add(monitor)
    monitor.profile_id = profile.id
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.UPDATE if old else AuditAction.CREATE,
        entity_type="excursion_monitor",
        entity_id=monitor.id,
        old=old,
        new={"location_id": location_id, "shipment_id": shipment_id, "profile_id": profile.id},
    )
    return monitor
