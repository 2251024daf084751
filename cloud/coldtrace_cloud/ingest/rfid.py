"""Turn one delivery of kind ``rfid``, ``alarm`` or ``portal-status`` into a batch or dead letters.

The same checks as telemetry (``decode.py``), in the same order: size, topic, JSON, schema
version, message shape, and that the envelope's gateway is the topic's gateway. Passes are applied
by ``coldtrace_cloud.rfid.recording`` inside the pipeline's transaction.
"""

from datetime import datetime

from pydantic import ValidationError

from coldtrace_cloud.ingest.deadletters import DeadLetterReason
from coldtrace_cloud.ingest.decode import Decoded, Limits, _classify, _refuse, refuse_envelope
from coldtrace_protocol.errors import TopicError
from coldtrace_protocol.holds import AlarmBatch
from coldtrace_protocol.rfid import PortalStatusBatch, RfidBatch
from coldtrace_protocol.topics import TopicKind, parse_topic

MODELS: dict[TopicKind, type[RfidBatch] | type[AlarmBatch] | type[PortalStatusBatch]] = {
    TopicKind.RFID: RfidBatch,
    TopicKind.ALARM: AlarmBatch,
    TopicKind.PORTAL_STATUS: PortalStatusBatch,
}


def decode_rfid(  # one early return per documented check
    topic: str, payload: bytes, *, prefix: str, now: datetime, limits: Limits
) -> Decoded:
    """Validate an ``rfid``, ``alarm`` or ``portal-status`` delivery completely."""
    del now  # passes carry reader and gateway times; both are kept as they are
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
    model = MODELS.get(where.kind)
    if model is None:
        return _refuse(topic, payload, DeadLetterReason.UNKNOWN_TOPIC, f"not rfid: {where.kind}")
    try:
        batch = model.model_validate_json(payload)
    except ValidationError as exc:
        return _classify(topic, payload, exc, where.gateway)
    refused = refuse_envelope(topic, payload, batch, where.gateway)
    return refused if refused is not None else Decoded(topic=topic, batch=batch, site=where.site)
