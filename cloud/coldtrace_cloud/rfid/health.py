"""Portal health: readers' reports from their gateways (kind ``portal-status``), and per portal
of a site its last pass and the state of the readers that serve it.

A report replaces the stored one only if it is newer (``reported_at``): reports of a gateway that
was offline arrive late and in bulk, and must not overwrite what it said since.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.locations.models import Portal, Site
from coldtrace_cloud.movements.models import Movement
from coldtrace_cloud.rfid.models import ReaderHealthRecord, UnreconciledPass
from coldtrace_protocol.rfid import PortalStatusBatch


async def record_reader_health(session: AsyncSession, batch: PortalStatusBatch, site: str) -> int:
    """Keep each reader's newest report (the caller owns the transaction); returns reports."""
    for report in batch.readers:
        values = {
            "gateway_id": batch.gateway_id,
            "site_code": site,
            "reader_id": report.reader_id,
            "portal_codes": report.portal_ids,
            "connected": report.connected,
            "sessions": report.sessions,
            "last_report_at": report.last_report_at,
            "last_error": report.last_error,
            "clock_suspect": report.clock_suspect,
            "reported_at": report.reported_at,
        }
        statement = pg_insert(ReaderHealthRecord).values(**values)
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["gateway_id", "reader_id"],
                set_={**values, "recorded_at": func.now()},
                where=ReaderHealthRecord.reported_at < statement.excluded.reported_at,
            )
        )
    return len(batch.readers)


@dataclass(frozen=True)
class PortalHealth:
    """One portal: its last pass (a movement or a pass kept for reconciliation) and readers."""

    portal: str
    name: str
    last_pass_at: datetime | None
    readers: list[ReaderHealthRecord]


async def site_portal_health(session: AsyncSession, site: Site) -> list[PortalHealth]:
    """Every portal of ``site`` with its last pass and the newest reports of its readers."""
    portals = (
        await session.scalars(select(Portal).where(Portal.site_id == site.id).order_by(Portal.code))
    ).all()
    moved = dict(
        (
            await session.execute(
                select(Movement.portal_id, func.max(Movement.occurred_at))
                .where(Movement.portal_id.in_([p.id for p in portals]))
                .group_by(Movement.portal_id)
            )
        ).all()
    )
    kept = dict(
        (
            await session.execute(
                select(UnreconciledPass.portal_code, func.max(UnreconciledPass.occurred_at))
                .where(UnreconciledPass.site_code == site.code)
                .group_by(UnreconciledPass.portal_code)
            )
        ).all()
    )
    readers = (
        await session.scalars(
            select(ReaderHealthRecord)
            .where(ReaderHealthRecord.site_code == site.code)
            .order_by(ReaderHealthRecord.gateway_id, ReaderHealthRecord.reader_id)
        )
    ).all()
    health = []
    for portal in portals:
        times = [t for t in (moved.get(portal.id), kept.get(portal.code)) if t is not None]
        health.append(
            PortalHealth(
                portal=portal.code,
                name=portal.name,
                last_pass_at=max(times, default=None),
                readers=[r for r in readers if portal.code in r.portal_codes],
            )
        )
    return health
