"""Turn one MQTT delivery into an accepted telemetry batch or dead letters, never an exception.

Checks, in order: size, topic, JSON, schema version, message shape, that the envelope's gateway is
the topic's gateway, and per reading that its time is plausible. (Unknown sensors need the
database and are checked by the pipeline.) Every refusal becomes a dead letter with a reason.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from pydantic import ValidationError

from coldtrace_cloud.ingest.deadletters import DeadLetterReason, dead_letter
from coldtrace_cloud.ingest.fast_telemetry import FastTelemetryBatch, fast_decode_telemetry
from coldtrace_cloud.ingest.models import DeadLetter
from coldtrace_cloud.timeseries.reading_view import ReadingView, reading_document
from coldtrace_protocol.errors import TopicError
from coldtrace_protocol.holds import AlarmBatch
from coldtrace_protocol.rfid import PortalStatusBatch, RfidBatch
from coldtrace_protocol.telemetry import TelemetryBatch
from coldtrace_protocol.topics import TopicKind, parse_topic
from coldtrace_protocol.version import ACCEPTED_SCHEMA_VERSIONS


@dataclass(frozen=True)
class Limits:
    """What a message and its readings may be."""

    max_message_bytes: int = 1 << 20
    max_future_skew: timedelta = timedelta(minutes=5)
    max_age: timedelta = timedelta(days=400)


@dataclass
class Decoded:
    """The outcome for one delivery: at most one batch, any number of dead letters."""

    topic: str = ""
    batch: (
        TelemetryBatch | FastTelemetryBatch | RfidBatch | AlarmBatch | PortalStatusBatch | None
    ) = None
    readings: list[ReadingView] = field(default_factory=list)
    dead: list[DeadLetter] = field(default_factory=list)
    site: str = ""

    @property
    def item_count(self) -> int:
        """Readings, passes or alarms in the batch."""
        if isinstance(self.batch, TelemetryBatch | FastTelemetryBatch):
            return len(self.batch.readings)
        if isinstance(self.batch, RfidBatch):
            return len(self.batch.passes)
        if isinstance(self.batch, AlarmBatch):
            return len(self.batch.alarms)
        if isinstance(self.batch, PortalStatusBatch):
            return len(self.batch.readers)
        return 0


def _refuse(
    topic: str, payload: bytes, reason: DeadLetterReason, detail: str, gateway: str | None = None
) -> Decoded:
    return Decoded(dead=[dead_letter(topic, payload, reason, detail, gateway)])


class Envelope(Protocol):
    """What the envelope checks read of any uplink batch."""

    @property
    def schema_version(self) -> int: ...
    @property
    def gateway_id(self) -> str: ...


def refuse_envelope(topic: str, payload: bytes, batch: Envelope, gateway: str) -> Decoded | None:
    """The dead letter of a batch of an unknown schema version or of another gateway, or None."""
    if batch.schema_version not in ACCEPTED_SCHEMA_VERSIONS:
        return _refuse(
            topic,
            payload,
            DeadLetterReason.UNKNOWN_SCHEMA_VERSION,
            f"schema_version {batch.schema_version} not in {sorted(ACCEPTED_SCHEMA_VERSIONS)}",
            gateway,
        )
    if batch.gateway_id != gateway:
        return _refuse(
            topic,
            payload,
            DeadLetterReason.GATEWAY_MISMATCH,
            f"envelope gateway {batch.gateway_id!r} on topic of {gateway!r}",
            gateway,
        )
    return None


def decode_telemetry(  # one early return per documented check
    topic: str, payload: bytes, *, prefix: str, now: datetime, limits: Limits
) -> Decoded:
    """Validate a telemetry delivery completely (except sensor existence)."""
    if len(payload) > limits.max_message_bytes:
        return _refuse(
            topic,
            payload,
            DeadLetterReason.OVERSIZED,
            f"{len(payload)} bytes > limit {limits.max_message_bytes}",
        )
    try:
        where = parse_topic(topic, prefix=prefix)
    except TopicError as exc:
        return _refuse(topic, payload, DeadLetterReason.UNKNOWN_TOPIC, str(exc))
    if where.kind is not TopicKind.TELEMETRY:
        return _refuse(
            topic, payload, DeadLetterReason.UNKNOWN_TOPIC, f"not telemetry: {where.kind}"
        )
    # Well-formed messages take the fast decoder; anything it is unsure of, the models judge.
    batch: TelemetryBatch | FastTelemetryBatch | None = fast_decode_telemetry(payload)
    if batch is None:
        try:
            batch = TelemetryBatch.model_validate_json(payload)
        except ValidationError as exc:
            return _classify(topic, payload, exc, where.gateway)
    refused = refuse_envelope(topic, payload, batch, where.gateway)
    if refused is not None:
        return refused
    earliest, latest = now - limits.max_age, now + limits.max_future_skew
    good: list[ReadingView] = [r for r in batch.readings if earliest <= r.measured_at <= latest]
    result = Decoded(topic=topic, batch=batch, readings=good)
    if len(good) < len(batch.readings):
        bad = [r for r in batch.readings if not earliest <= r.measured_at <= latest]
        body = json.dumps([reading_document(r) for r in bad]).encode()
        result.dead.append(
            dead_letter(
                topic,
                body,
                DeadLetterReason.TIMESTAMP_OUT_OF_RANGE,
                f"seq {batch.seq}: {len(bad)} readings outside [{earliest.isoformat()}, "
                f"{latest.isoformat()}]",
                batch.gateway_id,
            )
        )
    return result


def _classify(topic: str, payload: bytes, exc: ValidationError, gateway: str) -> Decoded:
    """Tell malformed JSON, an unknown schema version and a wrong shape apart."""
    try:
        document = json.loads(payload)
    except (ValueError, UnicodeDecodeError) as json_exc:
        return _refuse(topic, payload, DeadLetterReason.MALFORMED_JSON, str(json_exc), gateway)
    version = document.get("schema_version") if isinstance(document, dict) else None
    if isinstance(version, int) and version not in ACCEPTED_SCHEMA_VERSIONS:
        return _refuse(
            topic,
            payload,
            DeadLetterReason.UNKNOWN_SCHEMA_VERSION,
            f"schema_version {version}",
            gateway,
        )
    detail = "; ".join(
        f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()[:20]
    )
    return _refuse(topic, payload, DeadLetterReason.INVALID_MESSAGE, detail, gateway)
