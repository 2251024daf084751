"""Episodes become excursion rows: inserted once, then updated in place (idempotent).

An episode is the same excursion when it has the same binding, kind and start; after a replay of
late data it is also the same when the windows overlap (the replay may see an earlier start).
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.excursions.episodes import Episode, Severity
from coldtrace_cloud.excursions.evaluate import severity
from coldtrace_cloud.excursions.models import Excursion
from coldtrace_cloud.excursions.rules import RuleSet
from coldtrace_cloud.sensors.models import SensorBinding


@dataclass(frozen=True)
class Watched:
    """A sensor binding whose place is watched, with the rules in force."""

    binding: SensorBinding
    sensor_code: str
    rules: RuleSet
    rule_set_id: int | None


@dataclass(frozen=True)
class Change:
    """An excursion that was created or whose window or figures changed."""

    excursion: Excursion
    created: bool


_RANK = {str(s): n for n, s in enumerate(Severity)}


def _as_dt(at: float | None) -> datetime | None:
    return None if at is None else datetime.fromtimestamp(at, UTC)


async def _existing(
    session: AsyncSession, watched: Watched, episode: Episode, *, overlap: bool
) -> Excursion | None:
    started = episode.started
    query = select(Excursion).where(
        Excursion.binding_id == watched.binding.id, Excursion.kind == str(episode.kind)
    )
    if not overlap:
        return await session.scalar(query.where(Excursion.started_at == started))
    ended = episode.ended
    if ended is not None:
        query = query.where(Excursion.started_at <= ended)
    query = query.where(or_(Excursion.ended_at.is_(None), Excursion.ended_at >= started))
    return await session.scalar(query.order_by(Excursion.started_at).limit(1).with_for_update())


async def record_episode(
    session: AsyncSession, watched: Watched, episode: Episode, now: datetime, *, overlap: bool
) -> Change | None:
    """Insert or update the excursion of ``episode``; None when nothing changed."""
    row = await _existing(session, watched, episode, overlap=overlap)
    grade = str(severity(watched.rules, episode))
    if row is None:
        row = Excursion(
            binding_id=watched.binding.id,
            sensor_id=watched.binding.sensor_id,
            location_id=watched.binding.location_id,
            shipment_id=watched.binding.shipment_id,
            rule_set_id=watched.rule_set_id,
            kind=str(episode.kind),
            severity=grade,
            status="open",
            started_at=episode.started,
            ended_at=episode.ended,
            peak=episode.peak,
            deviation=episode.deviation,
            out_of_range_s=episode.out_of_range_s,
            degree_minutes=episode.degree_s / 60,
            detected_at=now,
        )
        session.add(row)
        await session.flush()
        return Change(row, created=True)
    before = (row.started_at, row.ended_at, row.out_of_range_s, row.severity)
    row.started_at = min(row.started_at, episode.started)
    row.ended_at = _as_dt(episode.ended_at)
    row.out_of_range_s = max(row.out_of_range_s, episode.out_of_range_s)
    row.degree_minutes = max(row.degree_minutes, episode.degree_s / 60)
    if episode.deviation >= row.deviation:
        row.deviation, row.peak = episode.deviation, episode.peak
    if _RANK[grade] > _RANK[row.severity]:
        row.severity = grade
    if (row.started_at, row.ended_at, row.out_of_range_s, row.severity) == before:
        return None
    await session.flush()
    return Change(row, created=False)
