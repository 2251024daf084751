"""The register map, read with a real pymodbus client from a real probe server."""

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pymodbus.pdu import ExceptionResponse

from coldtrace_sim.modbus import ProbeAddress, ProbeBehaviour, ProbeIdentity, ProbeServer, SimProbe
from coldtrace_sim.modbus import registers as reg
from coldtrace_sim.modbus.registers import StatusBit
from coldtrace_sim.scenarios.climate import (
    ClimateModel,
    Schedule,
    Window,
    door,
)


def quiet_climate(setpoint_c: float, humidity_pct: float = 55.0, **extra) -> ClimateModel:
    """A climate without ripple so that register values are exact."""
    return ClimateModel(setpoint_c, humidity_pct=humidity_pct, cycle_amplitude_c=0.0, **extra)


def exact(climate: ClimateModel, **extra) -> ProbeBehaviour:
    """A behaviour without sensor noise."""
    return ProbeBehaviour(climate, noise_c=0.0, humidity_noise_pct=0.0, **extra)


def probe(unit: int, behaviour: ProbeBehaviour, serial: str | None = None) -> SimProbe:
    return SimProbe(ProbeIdentity(serial or f"CTP-{unit:06d}"), ProbeAddress(0, unit), behaviour)


async def test_live_block_scaling_for_chiller_and_freezer(clock, modbus_client):
    probes = [
        probe(1, exact(quiet_climate(5.0, 55.0))),
        probe(2, exact(quiet_climate(-18.5, 72.3))),
    ]
    async with ProbeServer(probes, clock) as server:
        client = await modbus_client(server.port)
        chiller = await client.read_input_registers(0, count=reg.LIVE_COUNT, device_id=1)
        freezer = await client.read_input_registers(0, count=reg.LIVE_COUNT, device_id=2)
    assert chiller.registers[:4] == [50, 550, 0, 100]
    assert freezer.registers[reg.TEMPERATURE] == 0xFF47  # -185 tenths as int16
    assert reg.decode_int16(freezer.registers[reg.TEMPERATURE]) == -185
    assert freezer.registers[reg.HUMIDITY] == 723
    assert chiller.registers[reg.SAMPLE_INTERVAL] == 10


async def test_input_and_holding_registers_show_the_same_map(clock, modbus_client):
    async with ProbeServer([probe(7, exact(quiet_climate(4.2)))], clock) as server:
        client = await modbus_client(server.port)
        by_input = await client.read_input_registers(0, count=reg.LIVE_COUNT, device_id=7)
        by_holding = await client.read_holding_registers(0, count=reg.LIVE_COUNT, device_id=7)
    assert by_input.registers == by_holding.registers


async def test_identity_block(clock, modbus_client):
    identity = ProbeIdentity("CT-2025-000042", model="CT-THP-2X", firmware=(3, 1, 7))
    sim = SimProbe(identity, ProbeAddress(0, 12), exact(quiet_climate(5.0)))
    async with ProbeServer([sim], clock) as server:
        client = await modbus_client(server.port)
        block = await client.read_holding_registers(
            reg.IDENTITY_START, count=reg.IDENTITY_COUNT, device_id=12
        )
    words = block.registers
    assert reg.decode_text(words[0:8]) == "CT-2025-000042"
    assert words[0] == 0x4354  # "CT": first character in the high byte
    assert reg.decode_text(words[8:16]) == "CT-THP-2X"
    assert words[16:19] == [3, 1, 7]
    assert words[19] == reg.MAP_VERSION


async def test_device_clock_follows_sim_time_with_offset_and_drift(clock, modbus_client):
    behaviour = exact(quiet_climate(5.0), clock_offset_s=-42.0, clock_drift_ppm=100.0)
    async with ProbeServer([probe(1, behaviour)], clock) as server:
        client = await modbus_client(server.port)
        clock.set_elapsed(10_000.0)  # drift: 100 ppm of 10,000 s = 1 s
        live = await client.read_input_registers(0, count=reg.LIVE_COUNT, device_id=1)
    device_s = reg.decode_uint32(live.registers[reg.CLOCK_HI], live.registers[reg.CLOCK_LO])
    true_s = (clock.start + timedelta(seconds=10_000)).timestamp()
    assert device_s == int(true_s) - 42 + 1


async def test_sample_counter_moves_only_with_new_measurements(clock, modbus_client):
    async with ProbeServer([probe(1, ProbeBehaviour(quiet_climate(5.0)))], clock) as server:
        client = await modbus_client(server.port)
        counters = []
        for elapsed_s in (0.0, 9.9, 10.0, 15.0, 35.0):
            clock.set_elapsed(elapsed_s)
            live = await client.read_input_registers(0, count=reg.LIVE_COUNT, device_id=1)
            counters.append(live.registers[reg.SAMPLE_COUNTER])
    assert counters == [0, 0, 1, 1, 3]


async def test_status_bits_and_no_value_markers(clock, modbus_client):
    climate = quiet_climate(5.0, schedules=(Schedule(door(), windows=(Window(100.0, 200.0),)),))
    fault = exact(climate, sensor_faults=(Window(300.0, 400.0),))
    low = exact(climate, low_battery=(Window(0.0, 1000.0),), door_contact=False)
    dry = exact(climate, has_humidity=False)
    async with ProbeServer([probe(1, fault), probe(2, low), probe(3, dry)], clock) as server:
        client = await modbus_client(server.port)

        async def live(unit: int) -> list[int]:
            response = await client.read_input_registers(0, count=reg.LIVE_COUNT, device_id=unit)
            words: list[int] = response.registers
            return words

        clock.set_elapsed(150.0)  # door open
        assert live_flags(await live(1)) == StatusBit.DOOR_OPEN
        assert live_flags(await live(2)) == StatusBit.LOW_BATTERY  # no door contact wired
        assert (await live(2))[reg.BATTERY] == 8
        dry_live = await live(3)
        assert live_flags(dry_live) == StatusBit.DOOR_OPEN | StatusBit.NO_HUMIDITY_SENSOR
        assert dry_live[reg.HUMIDITY] == reg.HUMIDITY_NO_VALUE
        clock.set_elapsed(350.0)  # sensor fault, door shut
        faulty = await live(1)
        assert live_flags(faulty) == StatusBit.SENSOR_FAULT
        assert faulty[reg.TEMPERATURE] == reg.TEMPERATURE_NO_VALUE
        assert faulty[reg.HUMIDITY] == reg.HUMIDITY_NO_VALUE


def live_flags(live: list[int]) -> StatusBit:
    return StatusBit(live[reg.STATUS])


async def test_writes_unmapped_addresses_and_unknown_units_are_refused(clock, modbus_client):
    async with ProbeServer([probe(1, exact(quiet_climate(5.0)))], clock) as server:
        client = await modbus_client(server.port)
        write = await client.write_registers(reg.TEMPERATURE, [999], device_id=1)
        gap = await client.read_holding_registers(50, count=1, device_id=1)
        past_end = await client.read_holding_registers(reg.IDENTITY_START, count=21, device_id=1)
        stranger = await client.read_input_registers(0, count=1, device_id=99)
        after = await client.read_input_registers(0, count=1, device_id=1)
    for refused in (write, gap, past_end):
        assert isinstance(refused, ExceptionResponse)
        assert refused.exception_code == 0x02  # illegal data address
    assert isinstance(stranger, ExceptionResponse)
    assert stranger.exception_code == 0x0A  # gateway path unavailable
    assert after.registers == [50]


@pytest.mark.parametrize(
    ("temperature_c", "register"),
    [(0.0, 0x0000), (-0.1, 0xFFFF), (25.5, 0x00FF), (-40.0, 0xFE70), (None, 0x8000)],
)
def test_temperature_golden_words(temperature_c, register):
    assert reg.encode_temperature(temperature_c) == register


@given(st.integers(-0x8000, 0x7FFF))
def test_int16_round_trip(value):
    assert reg.decode_int16(reg.encode_int16(value)) == value


@given(st.integers(0, 0xFFFF_FFFF))
def test_uint32_round_trip(value):
    assert reg.decode_uint32(*reg.encode_uint32(value)) == value


@given(st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=16))
def test_text_round_trip(text):
    words = reg.encode_text(text, what="serial")
    assert len(words) == 8
    assert reg.decode_text(words) == text
