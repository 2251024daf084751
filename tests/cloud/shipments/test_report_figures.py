"""The report's figures and text rules without services: time weighting of sparse loggers,
overlapping sensors counted once, conflicting profiles, Latin-1 text and local times."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from coldtrace_cloud.excursions.mkt import mkt_c
from coldtrace_cloud.shipments.report_data import tightest_band
from coldtrace_cloud.shipments.report_figures import figures, held
from coldtrace_cloud.shipments.report_text import latin1, local_time
from coldtrace_cloud.timeseries.history import Bucket, Stat

T0 = datetime(2026, 3, 29, 0, 0, tzinfo=UTC)  # Europe/Berlin changes to summer time at 01:00 UTC
BAND = tightest_band([("2-8C", 2.0, 8.0)])


def bucket(minute: int, value: float) -> Bucket:
    return Bucket(
        T0 + timedelta(minutes=minute), 1, Stat(value, value, value), Stat(None, None, None)
    )


def test_a_logger_every_15_min_in_1_min_buckets_holds_each_value_15_min() -> None:
    buckets = [bucket(15 * n, 12.0 if n in {4, 5} else 5.0) for n in range(12)]
    weights = [w for _, w in held(buckets, 60)]
    assert weights == [900.0] * 12
    row = figures("logger", held(buckets, 60), BAND)
    assert row.out_of_range_s == 2 * 900
    assert row.mkt_c == pytest.approx(mkt_c([(b.temperature_c.mean or 0.0, 1.0) for b in buckets]))


def test_a_silent_logger_is_not_held_across_the_gap() -> None:
    buckets = [bucket(n, 5.0) for n in range(10)] + [bucket(600 + n, 5.0) for n in range(10)]
    weights = [w for _, w in held(buckets, 60)]
    assert weights[9] == 60.0  # the minute before six silent hours counts one bucket
    assert sum(weights) == 20 * 60.0


def test_overlapping_sensors_out_of_range_together_count_once() -> None:
    one = held([bucket(n, 9.0) for n in range(10)], 60)
    other = held([bucket(n + 5, 9.0) for n in range(10)], 60)
    assert figures("leg", one + other, BAND).out_of_range_s == 15 * 60


def test_conflicting_profiles_have_no_limits() -> None:
    band = tightest_band([("2-8C", 2.0, 8.0), ("FROZEN", None, -20.0)])
    assert band is not None
    assert band.conflict
    assert figures("trip", held([bucket(0, 30.0)], 60), band).out_of_range_s is None


def test_text_is_reduced_to_latin1() -> None:
    en_dash = "\u2013"
    assert latin1(f"≤ 8 °C {en_dash} Kühl → Zoë “ok” 東") == '<= 8 °C - Kühl -> Zoë "ok" ?'
    assert latin1("Łódź") == "Lódz"


def test_local_times_carry_their_offset_across_a_dst_change() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    assert local_time(T0, berlin) == "2026-03-29 01:00 +01:00"
    assert local_time(T0 + timedelta(hours=2), berlin) == "2026-03-29 04:00 +02:00"
    assert local_time(None, berlin) == "-"
