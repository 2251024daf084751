"""Store a batch of deliveries durably, exactly once, in one PostgreSQL transaction.

Order inside the transaction: record the message keys ``(gateway_id, seq, message_id)`` (``ON
CONFLICT DO NOTHING`` tells which are new), stage dead letters, write the new readings to
InfluxDB, evaluate excursions, add the readings to the rollups in PostgreSQL, commit.
The caller acknowledges only after this returns. A crash before the commit leaves no key behind,
so the redelivered message is written again, onto the very same InfluxDB points (same series and
timestamp): no loss and no duplicate. A crash after the commit makes the redelivery a known key,
skipped.
"""

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pydantic import ValidationError
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coldtrace_cloud.excursions.engine import evaluate_readings
from coldtrace_cloud.ingest.consumer import Delivery
from coldtrace_cloud.ingest.deadletters import DeadLetterReason, dead_letter
from coldtrace_cloud.ingest.decode import Decoded, Limits, decode_telemetry
from coldtrace_cloud.ingest.models import IngestedMessage
from coldtrace_cloud.ingest.rfid import decode_rfid
from coldtrace_cloud.rfid.health import record_reader_health
from coldtrace_cloud.rfid.recording import record_alarms, record_passes
from coldtrace_cloud.sensors.registry import SensorRegistry
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_cloud.timeseries.reading_view import reading_document
from coldtrace_cloud.timeseries.readings import write_raw_readings
from coldtrace_cloud.timeseries.rollups import update_rollups
from coldtrace_protocol.errors import TopicError
from coldtrace_protocol.holds import AlarmBatch
from coldtrace_protocol.rfid import PortalStatusBatch, RfidBatch
from coldtrace_protocol.status import GatewayStatus
from coldtrace_protocol.topics import TopicKind, parse_topic

if TYPE_CHECKING:
    from uuid import UUID

logger = logging.getLogger(__name__)


@dataclass
class BatchOutcome:
    """What one batch did (for logs and metrics)."""

    messages: int = 0
    duplicates: int = 0
    readings_written: int = 0
    dead_letters: int = 0


@dataclass
class IngestPipeline:
    """Everything a worker needs to store deliveries."""

    sessions: async_sessionmaker[AsyncSession]
    influx: InfluxClient
    prefix: str = ""
    limits: Limits = field(default_factory=Limits)
    registry: SensorRegistry = field(default_factory=SensorRegistry)

    def _decode(self, delivery: Delivery, now: datetime) -> Decoded:
        try:
            kind = parse_topic(delivery.topic, prefix=self.prefix).kind
        except TopicError:
            kind = TopicKind.TELEMETRY  # decode_telemetry dead-letters the topic with detail
        if kind is TopicKind.STATUS:
            return self._decode_status(delivery)
        if kind in (TopicKind.RFID, TopicKind.ALARM, TopicKind.PORTAL_STATUS):
            return decode_rfid(
                delivery.topic, delivery.payload, prefix=self.prefix, now=now, limits=self.limits
            )
        return decode_telemetry(
            delivery.topic, delivery.payload, prefix=self.prefix, now=now, limits=self.limits
        )

    @staticmethod
    def _decode_status(delivery: Delivery) -> Decoded:
        try:
            status = GatewayStatus.model_validate_json(delivery.payload)
        except ValidationError as exc:
            reason = DeadLetterReason.INVALID_MESSAGE
            return Decoded(dead=[dead_letter(delivery.topic, delivery.payload, reason, str(exc))])
        logger.info(
            "gateway %s is %s",
            status.gateway_id,
            status.state,
            extra={"gateway": status.gateway_id},
        )
        return Decoded()

    async def store(self, deliveries: Sequence[Delivery]) -> BatchOutcome:
        """Store the batch; raises on a store failure (nothing is then committed)."""
        now = datetime.now(UTC)
        decoded = [self._decode(d, now) for d in deliveries]
        outcome = BatchOutcome(messages=len(deliveries))
        async with self.sessions.begin() as session:
            fresh = await self._claim_keys(session, decoded)
            outcome.duplicates = sum(1 for d in decoded if d.batch is not None) - len(fresh)
            await self._reject_unknown_sensors(session, fresh)
            fresh_ids = {id(d) for d in fresh}
            dead = [row for d in decoded if d.batch is None or id(d) in fresh_ids for row in d.dead]
            session.add_all(dead)
            outcome.dead_letters = len(dead)
            for item in fresh:
                if isinstance(item.batch, RfidBatch):
                    await record_passes(session, item.batch, item.site)
                elif isinstance(item.batch, AlarmBatch):
                    await record_alarms(session, item.batch)
                elif isinstance(item.batch, PortalStatusBatch):
                    await record_reader_health(session, item.batch, item.site)
            readings = [r for d in fresh for r in d.readings]
            outcome.readings_written = await write_raw_readings(self.influx, readings)
            # Excursions are evaluated in this transaction: quarantine commits with the readings.
            await evaluate_readings(session, self.influx, readings)
            # Rollups last: their hot rows and locks are then held only until the commit.
            await update_rollups(session, self.influx, readings)
        return outcome

    @staticmethod
    async def _claim_keys(session: AsyncSession, decoded: list[Decoded]) -> list[Decoded]:
        """Insert the keys of accepted batches; the ones that were not there before are fresh."""
        by_key: dict[tuple[str, int, UUID], Decoded] = {}
        for item in decoded:
            if item.batch is not None:
                by_key.setdefault(item.batch.dedup_key, item)
        if not by_key:
            return []
        rows = [
            {
                "gateway_id": gw,
                "seq": seq,
                "message_id": message_id,
                "kind": d.batch.kind,
                "item_count": d.item_count,
            }
            # In key order: two workers claiming overlapping redeliveries lock rows alike.
            for (gw, seq, message_id), d in sorted(by_key.items(), key=lambda kv: kv[0])
            if d.batch is not None
        ]
        statement = (
            insert(IngestedMessage)
            .values(rows)
            .on_conflict_do_nothing()
            .returning(IngestedMessage.gateway_id, IngestedMessage.seq, IngestedMessage.message_id)
        )
        claimed = {tuple(row) for row in (await session.execute(statement)).all()}
        return [d for key, d in by_key.items() if key in claimed]

    async def _reject_unknown_sensors(self, session: AsyncSession, fresh: list[Decoded]) -> None:
        """Move readings of sensors nobody provisioned into dead letters."""
        unknown = await self.registry.unknown(
            session, {r.sensor_id for d in fresh for r in d.readings}
        )
        if not unknown:
            return
        for item in fresh:
            bad = [r for r in item.readings if r.sensor_id in unknown]
            if not bad or item.batch is None:
                continue
            item.readings = [r for r in item.readings if r.sensor_id not in unknown]
            body = json.dumps([reading_document(r) for r in bad]).encode()
            codes = ", ".join(sorted({r.sensor_id for r in bad}))
            item.dead.append(
                dead_letter(
                    item.topic,
                    body,
                    DeadLetterReason.UNKNOWN_SENSOR,
                    f"seq {item.batch.seq}: {len(bad)} readings of unknown sensors {codes}",
                    item.batch.gateway_id,
                )
            )
