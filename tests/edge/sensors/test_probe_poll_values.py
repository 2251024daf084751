"""The poller against real simulated probes: scaling, status bits, both clocks, identity check."""

import logging
from datetime import timedelta

from coldtrace_edge.sensors.endpoint import EndpointPoller
from coldtrace_protocol.telemetry import Quality, ReadingSource
from coldtrace_sim.modbus import ProbeServer
from coldtrace_sim.scenarios.climate import Schedule, Window, door
from tests.edge.sensors.simprobes import FAST, START, probe_config, quiet, sim_probe


async def test_values_are_scaled_and_both_clocks_kept(sim_clock):
    probes = [sim_probe(1, quiet(5.0, 55.0)), sim_probe(2, quiet(-18.5, 72.3))]
    async with ProbeServer(probes, sim_clock) as server:
        configs = [probe_config(server.port, 1), probe_config(server.port, 2)]
        sim_clock.set_elapsed(3600.0)
        poller = EndpointPoller("127.0.0.1", server.port, configs, FAST, now=sim_clock.now)
        chiller, freezer = await poller.poll()
        poller.close()
    assert chiller.sensor_id == "cr-0001"
    assert (chiller.temperature_c, chiller.humidity_pct) == (5.0, 55.0)
    assert (freezer.temperature_c, freezer.humidity_pct) == (-18.5, 72.3)
    for reading in (chiller, freezer):
        assert reading.quality is Quality.OK
        assert reading.source is ReadingSource.PROBE
        assert reading.measured_at == START + timedelta(hours=1)  # the probe's own clock
        assert reading.received_at == sim_clock.now()  # the gateway's clock
        assert reading.battery_low is False
        assert reading.door_open is False


async def test_status_bits_become_flags_and_quality(sim_clock, caplog):
    caplog.set_level(logging.INFO, logger="coldtrace_edge.sensors.endpoint")
    door_probe = quiet(5.0, schedules=(Schedule(door(), windows=(Window(100.0, 200.0),)),))
    probes = [
        sim_probe(1, door_probe),
        sim_probe(2, quiet(4.0, low_battery=(Window(0.0),))),
        sim_probe(3, quiet(3.0, has_humidity=False)),
        sim_probe(4, quiet(6.0, sensor_faults=(Window(100.0, 200.0),))),
        sim_probe(5, door_probe),
    ]
    async with ProbeServer(probes, sim_clock) as server:
        configs = [probe_config(server.port, unit) for unit in range(1, 5)]
        configs.append(probe_config(server.port, 5, door_contact=False))
        poller = EndpointPoller("127.0.0.1", server.port, configs, FAST, now=sim_clock.now)
        sim_clock.set_elapsed(150.0)
        during = {r.sensor_id: r for r in await poller.poll()}
        sim_clock.set_elapsed(160.0)
        await poller.poll()  # still faulty: not logged again
        sim_clock.set_elapsed(250.0)
        after = {r.sensor_id: r for r in await poller.poll()}
        poller.close()
    assert during["cr-0001"].door_open is True
    assert during["cr-0001"].quality is Quality.OK
    assert during["cr-0005"].door_open is None  # no door contact wired: unknown, not "closed"
    assert during["cr-0002"].battery_low is True
    assert during["cr-0003"].humidity_pct is None
    assert during["cr-0003"].temperature_c == 3.0
    # A faulty sensor sends no value: it is recorded as a fault without values, never a number.
    fault = during["cr-0004"]
    assert fault.quality is Quality.SENSOR_FAULT
    assert fault.temperature_c is None
    assert fault.humidity_pct is None
    assert after["cr-0004"].quality is Quality.OK
    assert after["cr-0004"].temperature_c == 6.0
    assert after["cr-0001"].door_open is False


async def test_far_device_clock_uses_gateway_time_and_logs_once(sim_clock, caplog):
    probes = [
        sim_probe(1, quiet(5.0, clock_offset_s=900.0)),
        sim_probe(2, quiet(5.0, clock_offset_s=120.0)),
    ]
    async with ProbeServer(probes, sim_clock) as server:
        configs = [probe_config(server.port, 1), probe_config(server.port, 2)]
        poller = EndpointPoller("127.0.0.1", server.port, configs, FAST, now=sim_clock.now)
        with caplog.at_level(logging.WARNING, logger="coldtrace_edge.sensors.endpoint"):
            first = await poller.poll()
            sim_clock.advance(60.0)
            second = await poller.poll()
        poller.close()
    for suspect in (first[0], second[0]):
        assert suspect.quality is Quality.CLOCK_SUSPECT
        assert suspect.measured_at == suspect.received_at  # gateway time, device time dropped
        assert suspect.temperature_c == 5.0
    near = second[1]
    assert near.quality is Quality.OK
    assert near.measured_at == sim_clock.now() + timedelta(seconds=120)  # within tolerance: kept
    warnings = [r for r in caplog.records if "too far from the gateway" in r.getMessage()]
    assert len(warnings) == 1


async def test_a_unit_with_another_serial_gives_gaps_not_its_values(sim_clock, caplog):
    async with ProbeServer([sim_probe(1, quiet(5.0))], sim_clock) as server:
        wrong = probe_config(server.port, 1, serial="CTP-9999")
        poller = EndpointPoller("127.0.0.1", server.port, [wrong], FAST, now=sim_clock.now)
        (reading,) = await poller.poll()
        poller.close()
    assert reading.quality is Quality.TIMEOUT
    assert reading.temperature_c is None
    assert "'CTP-0001', not 'CTP-9999'" in caplog.text
