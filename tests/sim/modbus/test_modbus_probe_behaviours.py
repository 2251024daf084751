"""Behaviour models over sim time, observed the way the edge will: through Modbus reads."""

import statistics

from coldtrace_sim.modbus import ProbeAddress, ProbeBehaviour, ProbeIdentity, ProbeServer, SimProbe
from coldtrace_sim.modbus import registers as reg
from coldtrace_sim.modbus.registers import StatusBit
from coldtrace_sim.scenarios.climate import (
    ClimateModel,
    Periodic,
    Schedule,
    Window,
    compressor_failure,
    defrost,
    door,
)

HOUR_S = 3600.0


async def read_series(clock, client, unit: int, times_s: list[float]) -> list[tuple[float, int]]:
    """(temperature_c, status) read at each sim time."""
    series = []
    for elapsed_s in times_s:
        clock.set_elapsed(elapsed_s)
        live = await client.read_input_registers(0, count=reg.LIVE_COUNT, device_id=unit)
        series.append((reg.decode_int16(live.registers[0]) / 10, live.registers[reg.STATUS]))
    return series


def serve(climate: ClimateModel, **behaviour) -> list[SimProbe]:
    return [
        SimProbe(
            ProbeIdentity("CTP-BEHAVE-1"),
            ProbeAddress(0, 1),
            ProbeBehaviour(climate, noise_c=0.02, **behaviour),
        )
    ]


async def test_compressor_failure_warms_slowly_towards_ambient(clock, modbus_client):
    failure = Schedule(compressor_failure(warm_tau_s=2 * HOUR_S), windows=(Window(HOUR_S),))
    climate = ClimateModel(5.0, ambient_c=22.0, schedules=(failure,))
    async with ProbeServer(serve(climate), clock) as server:
        client = await modbus_client(server.port)
        times = [HOUR_S * hours for hours in (0.5, 1.0, 1.25, 1.5, 2.0, 3.0, 5.0, 9.0, 17.0)]
        temps = [t for t, _ in await read_series(clock, client, 1, times)]
    before, at_failure, *warming = temps
    assert abs(before - 5.0) < 0.5
    assert abs(at_failure - 5.0) < 0.5
    assert warming == sorted(warming)  # monotonic warm-up
    assert warming[0] < 8.0  # 15 minutes in: still cold (slow, not a step)
    assert 10.0 < warming[3] < 17.0  # ~2 h (one time constant): about 63 % of the way
    assert warming[-1] > 21.0  # settles near ambient


async def test_compressor_restored_pulls_the_room_back_down(clock, modbus_client):
    failure = Schedule(
        compressor_failure(warm_tau_s=HOUR_S, pulldown_tau_s=1800.0),
        windows=(Window(0.0, 3 * HOUR_S),),
    )
    async with ProbeServer(serve(ClimateModel(5.0, schedules=(failure,))), clock) as server:
        client = await modbus_client(server.port)
        temps = [t for t, _ in await read_series(clock, client, 1, [3 * HOUR_S, 7 * HOUR_S])]
    assert temps[0] > 15.0
    assert abs(temps[1] - 5.0) < 0.8


async def test_door_opening_spikes_and_recovers(clock, modbus_client):
    doors = Schedule(door(rise_c=4.0), periodic=Periodic(every_s=1800, length_s=120, first_s=600))
    async with ProbeServer(serve(ClimateModel(5.0, schedules=(doors,))), clock) as server:
        client = await modbus_client(server.port)
        series = await read_series(clock, client, 1, [590.0, 700.0, 715.0, 2000.0, 2500.0])
    (before, shut), (opened, open_flag), (_, still_open), (after, shut_again), (next_, again) = (
        series
    )
    assert opened - before > 2.0
    assert open_flag & StatusBit.DOOR_OPEN
    assert still_open & StatusBit.DOOR_OPEN
    assert not shut & StatusBit.DOOR_OPEN
    assert not shut_again & StatusBit.DOOR_OPEN
    assert abs(after - 5.0) < 0.5
    assert next_ - 5.0 > 2.0  # the next opening, 30 minutes later
    assert again & StatusBit.DOOR_OPEN


async def test_defrost_cycles_repeat(clock, modbus_client):
    cycles = Schedule(
        defrost(rise_c=6.0, length_s=1200.0),
        periodic=Periodic(every_s=6 * HOUR_S, length_s=1200.0, first_s=2 * HOUR_S),
    )
    climate = ClimateModel(-20.0, cycle_amplitude_c=0.0, schedules=(cycles,))
    async with ProbeServer(serve(climate), clock) as server:
        client = await modbus_client(server.port)
        ends = [2 * HOUR_S + 1190, 8 * HOUR_S + 1190, 14 * HOUR_S + 1190]
        peaks = [t for t, _ in await read_series(clock, client, 1, ends)]
        between = [t for t, _ in await read_series(clock, client, 1, [18 * HOUR_S])]
    for peak in peaks:
        assert -15.5 < peak < -14.0  # 1 - e^-2 of a 6 °C rise
    assert abs(between[0] + 20.0) < 0.2


async def test_noise_is_centred_on_the_setpoint(clock, modbus_client):
    climate = ClimateModel(5.0, cycle_amplitude_c=0.0)
    probes = [
        SimProbe(
            ProbeIdentity("CTP-NOISE"), ProbeAddress(0, 1), ProbeBehaviour(climate, noise_c=0.3)
        )
    ]
    async with ProbeServer(probes, clock) as server:
        client = await modbus_client(server.port)
        temps = [t for t, _ in await read_series(clock, client, 1, [i * 10.0 for i in range(200)])]
    assert abs(statistics.fmean(temps) - 5.0) < 0.1
    assert 0.2 < statistics.stdev(temps) < 0.4
    assert len(set(temps)) > 10
