"""Probes that do not answer give timeout gaps (never values), and polling recovers by itself."""

import asyncio

from coldtrace_edge.sensors.endpoint import EndpointPoller
from coldtrace_protocol.telemetry import Quality, Reading
from coldtrace_sim.modbus import ProbeServer, Reachability, Unreachable
from coldtrace_sim.scenarios.climate import Window
from tests.edge.sensors.simprobes import FAST, probe_config, quiet, sim_probe
from tests.support.ports import free_port


def qualities(readings: list[Reading]) -> dict[str, Quality]:
    return {reading.sensor_id: reading.quality for reading in readings}


def assert_gaps_carry_nothing(readings: list[Reading]) -> None:
    for reading in readings:
        if reading.quality is Quality.TIMEOUT:
            assert reading.temperature_c is None
            assert reading.humidity_pct is None
            assert reading.measured_at == reading.received_at  # gateway time: nothing was measured


async def test_silent_probe_gives_timeouts_while_neighbours_answer(sim_clock, caplog):
    silent = quiet(5.0, unreachable=(Unreachable(Window(100.0, 200.0), Reachability.SILENT),))
    probes = [sim_probe(1, silent), sim_probe(2, quiet(4.0))]
    async with ProbeServer(probes, sim_clock) as server:
        configs = [probe_config(server.port, 1), probe_config(server.port, 2)]
        poller = EndpointPoller("127.0.0.1", server.port, configs, FAST, now=sim_clock.now)
        before = await poller.poll()
        sim_clock.set_elapsed(150.0)
        rounds = [await poller.poll() for _ in range(4)]
        sim_clock.set_elapsed(200.0)
        after = await poller.poll()
        poller.close()
    assert qualities(before) == {"cr-0001": Quality.OK, "cr-0002": Quality.OK}
    for during in rounds:
        assert qualities(during) == {"cr-0001": Quality.TIMEOUT, "cr-0002": Quality.OK}
        assert_gaps_carry_nothing(during)
    assert qualities(after) == {"cr-0001": Quality.OK, "cr-0002": Quality.OK}
    assert after[0].temperature_c == 5.0
    assert "reconnecting" not in caplog.text  # the neighbour's answers show the link is alive


async def test_an_endpoint_where_nothing_answers_is_reconnected(sim_clock, caplog):
    silent = quiet(5.0, unreachable=(Unreachable(Window(0.0, 100.0), Reachability.SILENT),))
    async with ProbeServer([sim_probe(1, silent)], sim_clock) as server:
        configs = [probe_config(server.port, 1)]
        poller = EndpointPoller("127.0.0.1", server.port, configs, FAST, now=sim_clock.now)
        during = [await poller.poll() for _ in range(3)]
        assert "nothing answers, reconnecting" in caplog.text  # half-open links do not linger
        sim_clock.set_elapsed(100.0)
        after = await poll_until_answered(poller)
        poller.close()
    assert [qualities(r) for r in during] == [{"cr-0001": Quality.TIMEOUT}] * 3
    assert after[0].temperature_c == 5.0


async def test_gateway_errors_and_unknown_units_are_gaps(sim_clock):
    failing = quiet(5.0, unreachable=(Unreachable(Window(0.0), Reachability.GATEWAY_ERROR),))
    async with ProbeServer([sim_probe(1, failing), sim_probe(2, quiet(5.0))], sim_clock) as server:
        configs = [
            probe_config(server.port, 1),  # answers exception 0x0B
            probe_config(server.port, 9, serial=None),  # no such unit: exception 0x0A
            probe_config(server.port, 2),
        ]
        poller = EndpointPoller("127.0.0.1", server.port, configs, FAST, now=sim_clock.now)
        readings = await poller.poll()
        poller.close()
    assert qualities(readings) == {
        "cr-0001": Quality.TIMEOUT,
        "cr-0009": Quality.TIMEOUT,
        "cr-0002": Quality.OK,
    }
    assert_gaps_carry_nothing(readings)


async def test_endpoint_down_gives_gaps_then_reconnects_by_itself(sim_clock, caplog):
    port = free_port()
    server = ProbeServer([sim_probe(1, quiet(5.0)), sim_probe(2, quiet(6.0))], sim_clock, port=port)
    configs = [probe_config(port, 1), probe_config(port, 2)]
    poller = EndpointPoller("127.0.0.1", port, configs, FAST, now=sim_clock.now)
    never_started = await poller.poll()  # nothing listens yet
    await server.start()
    try:
        first = await poll_until_answered(poller)
        await server.stop()  # closes the connection under the poller
        down = [await poller.poll() for _ in range(3)]
        await server.start()
        back = await poll_until_answered(poller)
    finally:
        poller.close()
        await server.stop()
    assert set(qualities(never_started).values()) == {Quality.TIMEOUT}
    assert qualities(first) == {"cr-0001": Quality.OK, "cr-0002": Quality.OK}
    for readings in down:
        assert qualities(readings) == {"cr-0001": Quality.TIMEOUT, "cr-0002": Quality.TIMEOUT}
        assert_gaps_carry_nothing(readings)
    assert [r.temperature_c for r in back] == [5.0, 6.0]
    assert caplog.text.count(f"endpoint 127.0.0.1:{port} unreachable") == 2  # once per outage


async def poll_until_answered(poller: EndpointPoller, attempts: int = 200) -> list[Reading]:
    """Poll like the schedule would (the backoff decides when to reconnect) until data comes."""
    for _ in range(attempts):
        readings = await poller.poll()
        if all(reading.quality is Quality.OK for reading in readings):
            return readings
        await asyncio.sleep(0.01)
    raise AssertionError("the poller did not reconnect")
