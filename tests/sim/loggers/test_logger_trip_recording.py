"""What a simulated logger records: its own timestamps, its clock error, excursions."""

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest

from coldtrace_sim.loggers import LoggerSetup, LoggerSetupError, Trip, record_trip
from coldtrace_sim.scenarios.climate import ClimateModel, Schedule, Window, excursion

START = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
HOUR_S = 3600.0


def test_readings_follow_the_loggers_own_clock():
    setup = LoggerSetup("CTL-CLOCK", interval_s=600, clock_offset_s=4.0, clock_drift_ppm=50.0)
    trip = Trip(START, 0.0, 10 * HOUR_S, 11 * HOUR_S)
    dump = record_trip(setup, ClimateModel(5.0), trip)
    assert dump.started_at == START + timedelta(seconds=4)
    steps = {b.logged_at - a.logged_at for a, b in pairwise(dump.readings)}
    assert steps == {timedelta(seconds=600)}
    # 50 ppm over 11 h is 1.98 s more than the 4 s it started with.
    assert dump.clock_offset_s == pytest.approx(4.0 + 11 * HOUR_S * 50e-6, abs=1e-3)
    assert dump.downloaded_at == START + timedelta(hours=11)


def test_read_out_offset_corrects_timestamps_to_within_the_drift():
    setup = LoggerSetup("CTL-TRUE", interval_s=300, clock_offset_s=-30.0, clock_drift_ppm=20.0)
    dump = record_trip(setup, ClimateModel(5.0), Trip(START, 0.0, 6 * HOUR_S, 6 * HOUR_S))
    first = dump.true_time(dump.readings[0].logged_at)
    last = dump.true_time(dump.readings[-1].logged_at)
    assert abs((first - START).total_seconds()) < 1.0
    assert abs((last - (START + timedelta(hours=6))).total_seconds()) < 1.0


def test_excursion_shows_in_the_readings():
    climate = ClimateModel(
        5.0,
        schedules=(Schedule(excursion(10.0, 2 * HOUR_S), (Window(4 * HOUR_S, 6 * HOUR_S),)),),
    )
    dump = record_trip(LoggerSetup("CTL-EXC"), climate, Trip(START, 0.0, 12 * HOUR_S, 12 * HOUR_S))

    def in_hours(lo: float, hi: float) -> list[float]:
        return [
            r.temperature_c
            for r in dump.readings
            if lo * HOUR_S <= (r.logged_at - START).total_seconds() < hi * HOUR_S
        ]

    assert max(in_hours(0, 4)) < 6.0
    assert max(in_hours(5.5, 6.0)) > 13.5
    assert max(in_hours(10, 12)) < 6.0
    assert all(round(t, 1) == t for t in in_hours(0, 12))  # 0.1 °C resolution


def test_trip_must_be_in_order():
    with pytest.raises(LoggerSetupError, match="start, stop"):
        Trip(START, 10.0, 5.0, 20.0)


def test_temperature_only_logger_has_no_humidity():
    dump = record_trip(
        LoggerSetup("CTL-DRY", has_humidity=False), ClimateModel(5.0), Trip(START, 0, 3600, 3600)
    )
    assert {r.humidity_pct for r in dump.readings} == {None}
