"""The excursion engine: evaluates readings in the ingest transaction that stores them.

Per sensor binding it keeps the detectors' state and a watermark (the newest reading evaluated)
in PostgreSQL, locked ``FOR UPDATE`` while a batch is evaluated, so workers sharing the load never
evaluate one binding at once and a restart resumes where the last commit left off. Readings newer
than the watermark advance the detectors; an older reading (late data: a logger dump, a
redelivery) replays the affected window from InfluxDB, which already holds the batch, and may open
excursions in the past. Re-evaluating the same readings changes nothing (excursions are keyed by
binding, kind and start).
"""

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Final

from sqlalchemy import and_, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.excursions.announce import announce_excursions
from coldtrace_cloud.excursions.detectors import advance
from coldtrace_cloud.excursions.episodes import Episode, EpisodeKind, Sample
from coldtrace_cloud.excursions.evaluate import evaluate
from coldtrace_cloud.excursions.models import ExcursionMonitor, SensorEngineState
from coldtrace_cloud.excursions.recording import Change, Watched, record_episode
from coldtrace_cloud.excursions.rulesets import rules_of
from coldtrace_cloud.excursions.series import sensor_samples
from coldtrace_cloud.products.models import StorageProfile
from coldtrace_cloud.quarantine.exposure import expose
from coldtrace_cloud.sensors.models import Sensor, SensorBinding
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_cloud.timeseries.reading_view import ReadingView

if TYPE_CHECKING:
    from coldtrace_cloud.excursions.rules import RuleSet

logger = logging.getLogger(__name__)
REPLAY_LOOKBACK: Final = timedelta(hours=12)
# Kinds that hold the goods: exposure unknown (silence) is never assumed fine.
HOLDING_KINDS: Final = frozenset(
    {EpisodeKind.TEMPERATURE, EpisodeKind.HUMIDITY, EpisodeKind.SILENCE}
)


@dataclass
class EngineOutcome:
    """What one evaluation did."""

    bindings: int = 0
    changes: list[Change] = field(default_factory=list)
    quarantined_lots: list[int] = field(default_factory=list)


async def _watched(
    session: AsyncSession, codes: Iterable[str], start: datetime, end: datetime
) -> list[Watched]:
    """Bindings of these sensors over ``[start, end]`` whose place is watched."""
    rows = (
        await session.execute(
            select(SensorBinding, Sensor.code, StorageProfile)
            .join(Sensor, Sensor.id == SensorBinding.sensor_id)
            .join(
                ExcursionMonitor,
                or_(
                    and_(
                        SensorBinding.location_id.is_not(None),
                        ExcursionMonitor.location_id == SensorBinding.location_id,
                    ),
                    and_(
                        SensorBinding.shipment_id.is_not(None),
                        ExcursionMonitor.shipment_id == SensorBinding.shipment_id,
                    ),
                ),
            )
            .join(StorageProfile, StorageProfile.id == ExcursionMonitor.profile_id)
            .where(
                Sensor.code.in_(list(codes)),
                SensorBinding.valid_from <= end,
                or_(SensorBinding.valid_to.is_(None), SensorBinding.valid_to > start),
            )
        )
    ).all()
    found = []
    cache: dict[int, tuple[RuleSet, int | None]] = {}
    for binding, code, profile in rows:
        if profile.id not in cache:
            cache[profile.id] = await rules_of(session, profile)
        rules, rule_set_id = cache[profile.id]
        found.append(Watched(binding, code, rules, rule_set_id))
    return found


async def _locked_state(session: AsyncSession, binding_id: int) -> SensorEngineState:
    await session.execute(
        insert(SensorEngineState)
        .values(binding_id=binding_id, detectors={})
        .on_conflict_do_nothing()
    )
    state = await session.scalar(
        select(SensorEngineState)
        .where(SensorEngineState.binding_id == binding_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if state is None:  # pragma: no cover - the insert above guarantees the row
        raise LookupError(binding_id)
    return state


def _samples_by_sensor(readings: Sequence[ReadingView]) -> dict[str, dict[float, Sample]]:
    by_sensor: dict[str, dict[float, Sample]] = defaultdict(dict)
    for r in readings:
        if r.temperature_c is None and r.humidity_pct is None:
            continue
        sample = Sample.of(r.measured_at, r.temperature_c, r.humidity_pct)
        by_sensor[r.sensor_id][sample.at] = sample
    return by_sensor


async def _replay(
    influx: InfluxClient, watched: Watched, state: SensorEngineState, fresh: list[Sample]
) -> tuple[list[Episode], dict[str, object]]:
    """Re-evaluate from before the oldest late reading up to the newest known one."""
    binding = watched.binding
    start = max(binding.valid_from, datetime.fromtimestamp(fresh[0].at, UTC) - REPLAY_LOOKBACK)
    newest = max(fresh[-1].at, (state.last_measured_at or binding.valid_from).timestamp())
    end = datetime.fromtimestamp(newest, UTC) + timedelta(microseconds=1)
    history = {s.at: s for s in await sensor_samples(influx, watched.sensor_code, start, end)}
    history.update({s.at: s for s in fresh})
    merged = sorted(history.values(), key=lambda s: s.at)
    floor = binding.valid_from.timestamp() + watched.rules.acclimatisation_s
    merged = [s for s in merged if s.at >= floor]
    episodes = [e for e in evaluate(watched.rules, merged) if e.kind is not EpisodeKind.MKT]
    _, states = advance(watched.rules, {}, merged)
    return episodes, dict(states)


async def _evaluate_binding(
    session: AsyncSession, influx: InfluxClient, watched: Watched, samples: list[Sample]
) -> list[Change]:
    binding = watched.binding
    floor = binding.valid_from.timestamp() + watched.rules.acclimatisation_s
    to = binding.valid_to.timestamp() if binding.valid_to else float("inf")
    fresh = sorted((s for s in samples if floor <= s.at < to), key=lambda s: s.at)
    if not fresh:
        return []
    state = await _locked_state(session, binding.id)
    watermark = state.last_measured_at.timestamp() if state.last_measured_at else None
    late = watermark is not None and fresh[0].at <= watermark
    if late:
        episodes, detectors = await _replay(influx, watched, state, fresh)
    else:
        episodes, new_states = advance(watched.rules, state.detectors, fresh)
        detectors = dict(new_states)
    state.detectors = detectors
    newest = max(fresh[-1].at, watermark or fresh[-1].at)
    state.last_measured_at = datetime.fromtimestamp(newest, UTC)
    state.updated_at = now = datetime.now(UTC)
    changes = []
    for episode in episodes:
        change = await record_episode(session, watched, episode, now, overlap=late)
        if change is not None:
            changes.append(change)
    return changes


async def evaluate_readings(
    session: AsyncSession, influx: InfluxClient, readings: Sequence[ReadingView]
) -> EngineOutcome:
    """Evaluate freshly stored readings in the caller's transaction; quarantine what they expose."""
    outcome = EngineOutcome()
    valued = [r for r in readings if r.temperature_c is not None or r.humidity_pct is not None]
    if not valued:
        return outcome
    # Find the watched bindings first and build samples for their sensors only: most readings
    # of a busy ingest batch belong to places nobody watches, and this runs on every batch.
    start = min(r.measured_at for r in valued)
    end = max(r.measured_at for r in valued)
    watched_list = await _watched(session, {r.sensor_id for r in valued}, start, end)
    if not watched_list:
        return outcome
    codes = {w.sensor_code for w in watched_list}
    by_sensor = _samples_by_sensor([r for r in valued if r.sensor_id in codes])
    for watched in watched_list:
        outcome.bindings += 1
        samples = list(by_sensor[watched.sensor_code].values())
        changes = await _evaluate_binding(session, influx, watched, samples)
        outcome.changes += changes
        for change in changes:
            if EpisodeKind(change.excursion.kind) in HOLDING_KINDS:
                outcome.quarantined_lots += await expose(session, change.excursion)
    if outcome.changes:
        await announce_excursions(session, (c.excursion.id for c in outcome.changes))
        logger.info(
            "excursion engine: %d changes, %d lots quarantined",
            len(outcome.changes),
            len(outcome.quarantined_lots),
        )
    return outcome
