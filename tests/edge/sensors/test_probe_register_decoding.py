"""The edge's register-map decoder: golden words, round trips with the simulator, garbage input."""

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from coldtrace_edge.sensors import register_map as edge
from coldtrace_edge.sensors.readings import reading_from_live
from coldtrace_protocol.telemetry import Quality
from coldtrace_sim.modbus import registers as sim
from tests.edge.sensors.simprobes import probe_config

words = st.integers(min_value=0, max_value=0xFFFF)
CLOCK_2025 = int(datetime(2025, 1, 6, tzinfo=UTC).timestamp())


def live_words(temp: int, hum: int, status: int, clock_s: int = CLOCK_2025) -> list[int]:
    return [temp, hum, status, 90, 7, clock_s >> 16, clock_s & 0xFFFF, 10]


def test_golden_live_block():
    block = edge.decode_live(live_words(0xFF47, 723, 0b0110))
    assert block.temperature_c == -18.5  # 0xFF47 = -185 tenths (int16, two's complement)
    assert block.humidity_pct == 72.3
    assert block.status == edge.StatusBit.LOW_BATTERY | edge.StatusBit.DOOR_OPEN
    assert (block.battery_pct, block.sample_counter, block.sample_interval_s) == (90, 7, 10)
    assert block.device_clock_s == CLOCK_2025


def test_no_value_markers_and_missing_humidity_sensor():
    assert edge.decode_live(live_words(0x8000, 0xFFFF, 1)).temperature_c is None
    assert edge.decode_live(live_words(0x8000, 0xFFFF, 1)).humidity_pct is None
    assert edge.decode_live(live_words(50, 400, 0b1000)).humidity_pct is None  # bit 3: no sensor
    assert edge.decode_live(live_words(50, 1001, 0)).humidity_pct is None  # above 100.0 %


def test_golden_identity_block():
    block = [0x4354, 0x502D, 0x3030, 0x3031, 0, 0, 0, 0]  # "CTP-0001"
    block += [0x4354, 0x2D54, 0x4850, 0x2D32, 0, 0, 0, 0]  # "CT-THP-2"
    identity = edge.decode_identity([*block, 2, 4, 1, 1])
    assert (identity.serial, identity.model) == ("CTP-0001", "CT-THP-2")
    assert (identity.firmware, identity.map_version) == ((2, 4, 1), 1)


def test_wrong_sizes_and_non_ascii_are_refused():
    with pytest.raises(edge.RegisterMapError):
        edge.decode_live([0] * 7)
    with pytest.raises(edge.RegisterMapError):
        edge.decode_identity([0] * 19)
    with pytest.raises(edge.RegisterMapError):
        edge.decode_text([0xC3A9])


@given(st.floats(min_value=-3276.7, max_value=3276.7))
def test_temperature_round_trip_with_the_simulator(temperature_c):
    decoded = edge.decode_live(live_words(sim.encode_temperature(temperature_c), 0, 0))
    assert decoded.temperature_c == pytest.approx(round(temperature_c * 10) / 10, abs=1e-9)


@given(st.floats(min_value=0.0, max_value=100.0))
def test_humidity_round_trip_with_the_simulator(humidity_pct):
    decoded = edge.decode_live(live_words(0, sim.encode_humidity(humidity_pct), 0))
    assert decoded.humidity_pct == pytest.approx(round(humidity_pct * 10) / 10, abs=1e-9)


@given(st.text(alphabet=st.characters(min_codepoint=1, max_codepoint=127), max_size=16))
def test_text_round_trip_with_the_simulator(text):
    assert edge.decode_text(sim.encode_text(text, what="serial")) == text


@given(st.lists(words, min_size=8, max_size=8))
def test_any_live_block_decodes_and_never_becomes_an_invalid_reading(registers):
    block = edge.decode_live(registers)
    temperature_c = block.temperature_c
    plausible = temperature_c is not None and -273.15 <= temperature_c <= 1000
    received_at = datetime(2025, 1, 6, tzinfo=UTC)
    try:
        reading = reading_from_live(
            probe_config(502, 1), block, received_at=received_at, clock_suspect=False
        )
    except ValidationError:
        # Only a reading without any value is refused (the wire model needs one unless timeout).
        assert not plausible
        assert block.humidity_pct is None
        return
    assert reading.quality in {Quality.OK, Quality.SENSOR_FAULT}
    if reading.temperature_c is not None:
        assert -273.15 <= reading.temperature_c <= 1000


def test_fault_bit_with_a_value_is_a_sensor_fault_reading():
    block = edge.decode_live(live_words(50, 400, 0b0001))
    reading = reading_from_live(
        probe_config(502, 1), block, received_at=datetime.now(UTC), clock_suspect=True
    )
    assert reading.quality is Quality.SENSOR_FAULT  # the fault outranks the clock
    assert reading.temperature_c == 5.0
