"""The fast telemetry decoder accepts only what the protocol models accept, with the same values.

Messages are generated valid and then mutated (wrong types, odd datetime and UUID spellings,
unknown or missing keys, trailing newlines in ids, out-of-range values); whenever the fast path
answers, the pydantic models must accept the same bytes and agree on every value. Canonical
messages, as the edge sends them, must take the fast path.
"""

import json
import math
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coldtrace_cloud.ingest.fast_telemetry import fast_decode_telemetry
from coldtrace_protocol.telemetry import Quality, ReadingSource, TelemetryBatch

FIELDS = (
    "sensor_id",
    "measured_at",
    "received_at",
    "source",
    "quality",
    "temperature_c",
    "humidity_pct",
    "battery_low",
    "door_open",
)
ENVELOPE = ("schema_version", "gateway_id", "seq", "message_id", "sent_at", "kind")

moments = st.datetimes(
    min_value=datetime(2000, 1, 1),  # noqa: DTZ001  # hypothesis wants naive bounds
    max_value=datetime(2100, 1, 1),  # noqa: DTZ001
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=2)), timezone(-timedelta(hours=5))]),
)
odd_times = (
    st.sampled_from(
        [
            "2026-11-23T12:00:00",
            "2026-11-23 12:00:00Z",
            "2026-11-23t12:00:00z",
            "2026-11-23",
            "2026-11-23T12:00:00.1234567Z",
            "2026-11-23T12:00Z",
            "2026-11-23T12:00:00+24:00",
            "2026-11-23T12:00:00+0200",
            "2026-11-23T24:00:00Z",
            "1700000000",
            "",
        ]
    )
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False)
)
sensor_ids = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}\Z") | st.sampled_from(
    ["p1\n", "", "a" * 65, "a/b", "é", "p 1", "-p"]
)
values = st.none() | st.floats(allow_nan=False, allow_infinity=False) | st.integers(-400, 1200)


@st.composite
def readings(draw: st.DrawFn) -> dict[str, Any]:
    quality = draw(st.sampled_from(list(Quality)))
    reading: dict[str, Any] = {
        "sensor_id": draw(st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9_.:-]{0,20}\Z")),
        "measured_at": draw(moments).isoformat(),
        "received_at": draw(moments).isoformat(),
        "source": draw(st.sampled_from(list(ReadingSource))).value,
        "quality": quality.value,
    }
    if quality is not Quality.TIMEOUT:
        reading["temperature_c"] = draw(st.floats(-50, 60))
        if draw(st.booleans()):
            reading["humidity_pct"] = draw(st.floats(0, 100))
    for flag in ("battery_low", "door_open"):
        if draw(st.booleans()):
            reading[flag] = draw(st.booleans())
    return reading


@st.composite
def messages(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "gateway_id": draw(st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,20}\Z")),
        "seq": draw(st.integers(0, 2**62)),
        "message_id": str(draw(st.uuids())),
        "sent_at": draw(moments).isoformat(),
        "kind": "telemetry",
        "readings": draw(st.lists(readings(), min_size=1, max_size=5)),
    }


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    message = draw(messages())
    for _ in range(draw(st.integers(1, 3))):
        items = message.get("readings")
        dicts = [r for r in items if isinstance(r, dict)] if isinstance(items, list) else []
        target: dict[str, Any] = message
        in_reading: bool = draw(st.booleans())
        if dicts and in_reading:
            target = draw(st.sampled_from(dicts))
        keys = (*ENVELOPE, "readings") if target is message else FIELDS
        key = draw(st.sampled_from(keys))
        choice = draw(st.integers(0, 6))
        if choice == 0:
            target.pop(key, None)
        elif choice == 1:
            target["unknown_" + key] = 1
        elif choice == 2 and key in ("measured_at", "received_at", "sent_at"):
            target[key] = draw(odd_times)
        elif choice == 3 and key == "message_id" and len(str(target.get(key))) == 36:
            uid = UUID(target[key])
            target[key] = draw(
                st.sampled_from([uid.hex, uid.urn, "{" + str(uid) + "}", str(uid).upper(), ""])
            )
        elif choice == 4 and key == "sensor_id":
            target[key] = draw(sensor_ids)
        elif choice == 5:
            target[key] = draw(values | st.text(max_size=5) | st.booleans() | st.just([]))
        else:
            target[key] = draw(st.sampled_from([None, "1", 1.0, True, {}, -1, 2**70]))
    return message


def agree(payload: bytes) -> None:
    fast = fast_decode_telemetry(payload)
    if fast is None:
        return
    model = TelemetryBatch.model_validate_json(payload)  # must not raise
    for name in ("schema_version", "gateway_id", "seq", "message_id", "sent_at", "kind"):
        assert getattr(fast, name) == getattr(model, name), name
    assert fast.sent_at.utcoffset() == model.sent_at.utcoffset()
    assert len(fast.readings) == len(model.readings)
    for got, want in zip(fast.readings, model.readings, strict=True):
        for name in FIELDS:
            a, b = getattr(got, name), getattr(want, name)
            assert a == b or (isinstance(a, float) and math.isclose(a, b)), name
            assert type(a) is type(b), name
        assert got.measured_at.utcoffset() == want.measured_at.utcoffset()


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(messages())
def test_canonical_messages_take_the_fast_path(message: dict[str, Any]) -> None:
    payload = json.dumps(message).encode()
    assert fast_decode_telemetry(payload) is not None
    agree(payload)


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_fast_path_never_accepts_what_the_models_refuse(message: dict[str, Any]) -> None:
    agree(json.dumps(message).encode())


@settings(max_examples=300)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_garbage_never_takes_the_fast_path(payload: bytes) -> None:
    agree(payload)


def test_duplicate_keys_and_edge_output_agree() -> None:
    body = (
        '{"schema_version":1,"gateway_id":"gw-1","seq":3,'
        '"message_id":"0b1e4f0a-7d61-4c53-9d5e-0c8e2f6d9a10","sent_at":"2026-11-23T12:00:00Z",'
        '"kind":"telemetry","readings":[{"sensor_id":"a","sensor_id":"b",'
        '"measured_at":"2026-11-23T12:00:00Z","received_at":"2026-11-23T12:00:00.5Z",'
        '"temperature_c":4}]}'
    )
    agree(body.encode())


def test_escapes_cannot_smuggle_a_sub_microsecond_fraction() -> None:
    # "\u005A" is "Z": the byte check for 7-digit fractions must not be bypassed by escapes.
    body = (
        '{"schema_version":1,"gateway_id":"gw-1","seq":3,'
        '"message_id":"0b1e4f0a-7d61-4c53-9d5e-0c8e2f6d9a10","sent_at":"2026-11-23T12:00:00Z",'
        '"readings":[{"sensor_id":"a","measured_at":"2026-11-23T00:00:00.9999999\\u005A",'
        '"received_at":"2026-11-23T12:00:00Z","temperature_c":4}]}'
    )
    assert fast_decode_telemetry(body.encode()) is None
    agree(body.encode())
