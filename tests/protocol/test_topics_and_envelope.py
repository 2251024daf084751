"""Topic builders and the uplink envelope: the wire contract's shape."""

import contextlib
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from coldtrace_protocol import (
    ACCEPTED_SCHEMA_VERSIONS,
    SCHEMA_VERSION,
    CloudTopic,
    GatewayTopic,
    TopicError,
    TopicKind,
    UplinkEnvelope,
    parse_topic,
)
from coldtrace_protocol.backoff import Backoff


def test_gateway_topic_shape() -> None:
    topic = GatewayTopic("site-a", "gw-1", TopicKind.TELEMETRY)
    assert str(topic) == "coldtrace/v1/site-a/gw-1/telemetry"
    assert str(GatewayTopic("site-a", "gw-1", TopicKind.RFID, "t123")) == (
        "t123/coldtrace/v1/site-a/gw-1/rfid"
    )


def test_cloud_filters_use_shared_subscriptions() -> None:
    topic = CloudTopic(TopicKind.TELEMETRY)
    assert topic.filter() == "coldtrace/v1/+/+/telemetry"
    assert topic.shared_filter("ingest") == "$share/ingest/coldtrace/v1/+/+/telemetry"


@pytest.mark.parametrize("bad", ["", "a/b", "+", "#", "a+b", "x" * 65, "-lead", "sp ace"])
def test_segments_that_would_escape_the_topic_tree_are_refused(bad: str) -> None:
    with pytest.raises(TopicError):
        GatewayTopic(bad, "gw-1", TopicKind.STATUS)
    with pytest.raises(TopicError):
        GatewayTopic("site", bad, TopicKind.STATUS)


def test_parse_round_trip_and_rejections() -> None:
    topic = GatewayTopic("site-a", "gw-1", TopicKind.LOGGER_DUMP, "tp")
    assert parse_topic(str(topic), prefix="tp") == topic
    for bad in [
        "coldtrace/v2/s/g/telemetry",
        "coldtrace/v1/s/g/nope",
        "other/v1/s/g/rfid",
        "coldtrace/v1/s/g",
        "tp/coldtrace/v1/s/g/rfid",
    ]:
        with pytest.raises(TopicError):
            parse_topic(bad)


@given(st.text(max_size=80))
def test_parse_never_raises_anything_but_topic_error(text: str) -> None:
    with contextlib.suppress(TopicError):
        parse_topic(text)


def test_schema_versions_accept_current_and_previous() -> None:
    assert SCHEMA_VERSION in ACCEPTED_SCHEMA_VERSIONS
    assert {SCHEMA_VERSION, SCHEMA_VERSION - 1} >= ACCEPTED_SCHEMA_VERSIONS


def test_envelope_requires_aware_times_and_safe_gateway_ids() -> None:
    now = datetime.now(UTC)
    message_id = uuid4()
    env = UplinkEnvelope(gateway_id="gw-1", seq=7, message_id=message_id, sent_at=now)
    assert env.dedup_key == ("gw-1", 7, message_id)
    with pytest.raises(ValidationError):
        UplinkEnvelope(gateway_id="gw-1", seq=1, message_id=uuid4(), sent_at=datetime(2026, 1, 1))  # noqa: DTZ001  # naive on purpose
    with pytest.raises(ValidationError):
        UplinkEnvelope(gateway_id="gw/1", seq=1, message_id=uuid4(), sent_at=now)
    with pytest.raises(ValidationError):
        UplinkEnvelope(gateway_id="gw-1", seq=-1, message_id=uuid4(), sent_at=now)


def test_backoff_grows_with_jitter_and_resets() -> None:
    backoff = Backoff(min_s=1.0, max_s=8.0)
    delays = [backoff.next_delay_s() for _ in range(10)]
    assert all(0.5 <= d <= 8.5 for d in delays)
    backoff.reset()
    assert backoff.next_delay_s() <= 1.5
