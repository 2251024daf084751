"""The logger dump format: round trips, the canonical checksum, and refusal of damaged dumps."""

import hashlib
import json
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coldtrace_protocol.loggerdump import (
    DumpRejection,
    LoggerDump,
    LoggerDumpError,
    LoggerInfo,
    LoggerReading,
    parse_logger_dump_csv,
    parse_logger_dump_json,
)
from coldtrace_sim.loggers import LoggerSetup, Trip, record_trip
from coldtrace_sim.scenarios.climate import ClimateModel

START = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def small_dump() -> LoggerDump:
    """Three readings, values chosen to exercise the canonical rendering."""
    return LoggerDump.seal(
        logger=LoggerInfo(serial="CTL-7", model="CT-TL20", firmware="1.8.2"),
        trip_ref="SHP-42",
        interval_s=600,
        started_at=START,
        stopped_at=datetime(2025, 3, 1, 8, 20, tzinfo=UTC),
        downloaded_at=datetime(2025, 3, 1, 9, 0, 0, 250000, tzinfo=UTC),
        clock_offset_s=2.5,
        readings=[
            LoggerReading(logged_at=START, temperature_c=4.5, humidity_pct=61.0),
            LoggerReading(logged_at=datetime(2025, 3, 1, 8, 10, tzinfo=UTC), temperature_c=-0.1),
            LoggerReading(
                logged_at=datetime(2025, 3, 1, 8, 20, tzinfo=UTC),
                temperature_c=12.25,
                humidity_pct=70.5,
            ),
        ],
    )


def trip_dump(hours: float = 12.0) -> LoggerDump:
    trip = Trip(START, 0.0, hours * 3600, hours * 3600 + 300, trip_ref="SHP-1")
    setup = LoggerSetup("CTL-000001", clock_offset_s=1.5, clock_drift_ppm=30.0)
    return record_trip(setup, ClimateModel(5.0), trip)


def test_checksum_is_sha256_of_the_documented_canonical_text():
    canonical = (
        "coldtrace.logger-dump/1\n"
        "serial=CTL-7\n"
        "model=CT-TL20\n"
        "trip_ref=SHP-42\n"
        "interval_s=600\n"
        "started_at=2025-03-01T08:00:00Z\n"
        "stopped_at=2025-03-01T08:20:00Z\n"
        "2025-03-01T08:00:00Z,4.50,61.00\n"
        "2025-03-01T08:10:00Z,-0.10,\n"
        "2025-03-01T08:20:00Z,12.25,70.50\n"
    )
    assert small_dump().checksum.value == hashlib.sha256(canonical.encode()).hexdigest()


def test_json_field_names_and_timestamp_form():
    document = json.loads(small_dump().to_json())
    assert list(document) == [
        "format",
        "format_version",
        "logger",
        "trip_ref",
        "interval_s",
        "started_at",
        "stopped_at",
        "downloaded_at",
        "clock_offset_s",
        "reading_count",
        "readings",
        "checksum",
    ]
    assert document["readings"][1] == {
        "logged_at": "2025-03-01T08:10:00Z",
        "temperature_c": -0.1,
        "humidity_pct": None,
    }
    assert document["checksum"]["algorithm"] == "sha256"


@pytest.mark.parametrize("render", ["json", "csv"])
def test_round_trip_through_the_protocol_model(render):
    dump = trip_dump()
    if render == "json":
        parsed = parse_logger_dump_json(dump.to_json().encode())
    else:
        parsed = parse_logger_dump_csv(dump.to_csv().encode())
    assert parsed == dump
    assert parsed.reading_count == 145  # 12 h at 5 min, both ends included


def test_missing_readings_are_a_count_mismatch():
    document = json.loads(trip_dump().to_json())
    document["readings"] = document["readings"][:-3]
    with pytest.raises(LoggerDumpError) as caught:
        parse_logger_dump_json(json.dumps(document))
    assert caught.value.reason is DumpRejection.COUNT_MISMATCH


def test_removed_readings_with_a_fixed_up_count_fail_the_checksum():
    document = json.loads(trip_dump().to_json())
    document["readings"] = document["readings"][:-3]
    document["reading_count"] -= 3
    with pytest.raises(LoggerDumpError) as caught:
        parse_logger_dump_json(json.dumps(document))
    assert caught.value.reason is DumpRejection.CHECKSUM_MISMATCH


def test_an_edited_value_fails_the_checksum():
    document = json.loads(trip_dump().to_json())
    document["readings"][40]["temperature_c"] = 4.0  # hide an excursion
    with pytest.raises(LoggerDumpError) as caught:
        parse_logger_dump_json(json.dumps(document))
    assert caught.value.reason is DumpRejection.CHECKSUM_MISMATCH
    assert "checksum" in str(caught.value)


def test_readings_out_of_order_are_refused():
    document = json.loads(trip_dump().to_json())
    readings = document["readings"]
    readings[3], readings[4] = readings[4], readings[3]
    with pytest.raises(LoggerDumpError) as caught:
        parse_logger_dump_json(json.dumps(document))
    assert caught.value.reason is DumpRejection.ORDER
    assert caught.value.detail == "dump"


def test_unknown_format_version_is_refused():
    document = json.loads(small_dump().to_json())
    document["format_version"] = 2
    with pytest.raises(LoggerDumpError) as caught:
        parse_logger_dump_json(json.dumps(document))
    assert caught.value.reason is DumpRejection.UNSUPPORTED_FORMAT


def test_a_wrong_type_names_the_field():
    document = json.loads(small_dump().to_json())
    document["readings"][0]["temperature_c"] = "warm"
    with pytest.raises(LoggerDumpError) as caught:
        parse_logger_dump_json(json.dumps(document))
    assert caught.value.reason is DumpRejection.SCHEMA
    assert caught.value.detail == "readings.0.temperature_c"


def test_csv_missing_its_last_rows_is_refused():
    lines = trip_dump().to_csv().splitlines(keepends=True)
    with pytest.raises(LoggerDumpError) as caught:
        parse_logger_dump_csv("".join(lines[:-10]))
    assert caught.value.reason is DumpRejection.COUNT_MISMATCH


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_truncation_is_refused_or_changes_nothing(data):
    dump = small_dump()
    for text in (dump.to_json(), dump.to_csv()):
        cut = data.draw(st.integers(0, len(text) - 1))
        parse = parse_logger_dump_json if text.startswith("{") else parse_logger_dump_csv
        try:
            parsed = parse(text[:cut])
        except LoggerDumpError:
            continue
        assert parsed == dump  # e.g. only the final newline or a trailing "0" was cut


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400))
def test_garbage_only_ever_raises_logger_dump_error(garbage):
    for parse in (parse_logger_dump_json, parse_logger_dump_csv):
        with pytest.raises(LoggerDumpError):
            parse(garbage)
