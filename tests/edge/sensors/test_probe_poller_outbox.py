"""The probe poller producer end to end: simulated probes -> poller -> a real outbox on disk."""

import asyncio
import contextlib
from collections import Counter

from coldtrace_edge.sensors.poller import ProbePoller
from coldtrace_edge.uplink.outbox import Outbox
from coldtrace_protocol.telemetry import Quality
from coldtrace_sim.modbus import ProbeServer, Reachability, Unreachable
from coldtrace_sim.scenarios.climate import Window
from tests.edge.sensors.simprobes import FAST, landed_readings, probe_config, quiet, sim_probe
from tests.support.ports import free_port


async def wait_for_pending(outbox: Outbox, count: int) -> None:
    """Until the outbox holds ``count`` pending items (woken by its own event, no polling)."""
    async with asyncio.timeout(30):
        while True:
            outbox.pending_event.clear()
            if (await outbox.stats()).pending_items >= count:
                return
            await outbox.pending_event.wait()


async def stop(task: "asyncio.Task[None]") -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def test_two_hundred_probes_in_one_round(sim_clock, outbox):
    units = range(1, 201)  # 100 per endpoint, like two RS-485 lines behind two gateways
    servers = [
        ProbeServer([sim_probe(u, quiet(u / 10)) for u in units if (u <= 100) == first], sim_clock)
        for first in (True, False)
    ]
    async with servers[0], servers[1]:
        configs = [probe_config(servers[0 if u <= 100 else 1].port, u) for u in units]
        dead_port = free_port()  # an endpoint that is switched off
        configs += [
            probe_config(dead_port, 1, sensor_id="off-1"),
            probe_config(dead_port, 2, sensor_id="off-2"),
        ]
        poller = ProbePoller(configs, outbox, FAST, now=sim_clock.now)
        assert len(poller.endpoints) == 3  # one connection per host:port, not per probe
        task = asyncio.create_task(poller.run(), name="poller-under-test")
        await wait_for_pending(outbox, 202)
        await stop(task)
    readings = await landed_readings(outbox)
    assert len(readings) == 202  # one round (10 s interval), each probe once
    assert Counter(r.sensor_id for r in readings).most_common(1)[0][1] == 1
    by_id = {r.sensor_id: r for r in readings}
    for unit in units:
        reading = by_id[f"cr-{unit:04d}"]
        assert reading.quality is Quality.OK
        assert reading.temperature_c == unit / 10
    assert by_id["off-1"].quality is Quality.TIMEOUT
    assert by_id["off-2"].quality is Quality.TIMEOUT
    assert poller.sink.appended == 202


async def test_gap_then_recovery_lands_in_order(sim_clock, outbox):
    silent = quiet(5.0, unreachable=(Unreachable(Window(0.0, 100.0), Reachability.SILENT),))
    async with ProbeServer([sim_probe(1, silent)], sim_clock) as server:
        config = probe_config(server.port, 1, poll_interval_s=1.0)
        poller = ProbePoller([config], outbox, FAST, now=sim_clock.now)
        task = asyncio.create_task(poller.run(), name="poller-under-test")
        await wait_for_pending(outbox, 1)
        sim_clock.set_elapsed(100.0)  # the probe answers again
        await wait_for_pending(outbox, 2)
        await stop(task)
    readings = await landed_readings(outbox)
    assert [r.quality for r in readings[:2]] == [Quality.TIMEOUT, Quality.OK]
    assert readings[0].temperature_c is None
    assert readings[1].temperature_c == 5.0
