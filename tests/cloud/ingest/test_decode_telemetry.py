"""Every kind of bad telemetry becomes a dead letter with a reason; nothing raises."""

import json
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from hypothesis import given, settings
from hypothesis import strategies as st

from coldtrace_cloud.ingest.deadletters import DeadLetterReason
from coldtrace_cloud.ingest.decode import Limits, decode_telemetry

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TOPIC = "coldtrace/v1/site-a/gw-1/telemetry"


def message(**overrides: object) -> dict[str, object]:
    reading = {
        "sensor_id": "p1",
        "measured_at": NOW.isoformat(),
        "received_at": NOW.isoformat(),
        "temperature_c": 4.5,
    }
    body: dict[str, object] = {
        "schema_version": 1,
        "gateway_id": "gw-1",
        "seq": 1,
        "message_id": str(uuid4()),
        "sent_at": NOW.isoformat(),
        "kind": "telemetry",
        "readings": [reading],
    }
    body.update(overrides)
    return body


def reasons(payload: bytes, topic: str = TOPIC, limits: Limits | None = None) -> list[str]:
    decoded = decode_telemetry(topic, payload, prefix="", now=NOW, limits=limits or Limits())
    return [row.reason for row in decoded.dead]


def test_a_good_message_is_accepted() -> None:
    decoded = decode_telemetry(
        TOPIC, json.dumps(message()).encode(), prefix="", now=NOW, limits=Limits()
    )
    assert decoded.dead == []
    assert decoded.batch is not None
    assert [r.temperature_c for r in decoded.readings] == [4.5]


def test_malformed_json() -> None:
    assert reasons(b'{"schema_version": 1, "readings": [') == [DeadLetterReason.MALFORMED_JSON]
    assert reasons(b"\xff\xfe") == [DeadLetterReason.MALFORMED_JSON]


def test_wrong_types() -> None:
    bad = message(seq="seven", readings=[{"sensor_id": "p1", "temperature_c": "warm"}])
    assert reasons(json.dumps(bad).encode()) == [DeadLetterReason.INVALID_MESSAGE]


def test_unknown_schema_version() -> None:
    assert reasons(json.dumps(message(schema_version=99)).encode()) == [
        DeadLetterReason.UNKNOWN_SCHEMA_VERSION
    ]


def test_payload_over_the_limit_is_stored_truncated() -> None:
    payload = json.dumps(message()).encode() + b" " * 5000
    decoded = decode_telemetry(
        TOPIC, payload, prefix="", now=NOW, limits=Limits(max_message_bytes=4096)
    )
    [row] = decoded.dead
    assert row.reason == DeadLetterReason.OVERSIZED
    assert row.payload_size_bytes == len(payload)


def test_gateway_writing_as_another_gateway() -> None:
    assert reasons(json.dumps(message(gateway_id="gw-2")).encode()) == [
        DeadLetterReason.GATEWAY_MISMATCH
    ]


def test_unknown_topic() -> None:
    assert reasons(b"{}", topic="elsewhere/x") == [DeadLetterReason.UNKNOWN_TOPIC]


def test_readings_far_in_the_future_or_past_are_split_off() -> None:
    good = {
        "sensor_id": "p1",
        "measured_at": NOW.isoformat(),
        "received_at": NOW.isoformat(),
        "temperature_c": 4.0,
    }
    future = good | {"measured_at": (NOW + timedelta(days=2)).isoformat()}
    ancient = good | {"measured_at": "1999-01-01T00:00:00Z"}
    decoded = decode_telemetry(
        TOPIC,
        json.dumps(message(readings=[good, future, ancient])).encode(),
        prefix="",
        now=NOW,
        limits=Limits(),
    )
    assert len(decoded.readings) == 1
    [row] = decoded.dead
    assert row.reason == DeadLetterReason.TIMESTAMP_OUT_OF_RANGE
    assert len(json.loads(row.payload)) == 2


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_garbage_bytes_never_raise(payload: bytes) -> None:
    decoded = decode_telemetry(TOPIC, payload, prefix="", now=NOW, limits=Limits())
    assert decoded.batch is not None or decoded.dead


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(list(message())), json_values, max_size=7))
def test_garbage_shaped_like_a_message_never_raises(fields: dict[str, object]) -> None:
    payload = json.dumps(message() | fields).encode()
    decoded = decode_telemetry(TOPIC, payload, prefix="", now=NOW, limits=Limits())
    assert decoded.batch is not None or decoded.dead


def test_a_seq_beyond_64_bits_is_refused_not_retried_forever() -> None:
    assert reasons(json.dumps(message(seq=2**63)).encode()) == [DeadLetterReason.INVALID_MESSAGE]
    assert reasons(json.dumps(message(seq=2**63 - 1)).encode()) == []
