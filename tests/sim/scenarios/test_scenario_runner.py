"""The scenario runner on a manual clock: probes served, dumps at download time, portals hook."""

import asyncio
import importlib.util
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pytest
from pymodbus.client import AsyncModbusTcpClient
from pymodbus.pdu import ExceptionResponse

from coldtrace_protocol.loggerdump import parse_logger_dump_json
from coldtrace_sim.modbus import ProbeFleet
from coldtrace_sim.modbus import registers as reg
from coldtrace_sim.scenarios.build import build_plan
from coldtrace_sim.scenarios.clock import ManualClock
from coldtrace_sim.scenarios.errors import ScenarioError
from coldtrace_sim.scenarios.loader import parse_scenario
from coldtrace_sim.scenarios.runner import rfid_entry_point, run_plan

NOW = datetime(2025, 1, 6, 6, 0, tzinfo=UTC)
HOUR_S = 3600.0

SCENARIO = """
clock: {{start: now, duration: 20h}}
probes:
  port: {port}
  locations:
    - id: reefer
      setpoint_c: 4
      cycle: {{amplitude_c: 0}}
      events: [{{kind: compressor-failure, at: 10h, for: 2h, warm_tau: 1h}}]
      probes:
        - {{serial: R-1, noise_c: 0}}
        - serial: R-2
          events: [{{kind: unreachable, at: 1h, for: 1h, mode: gateway-error}}]
loggers:
  - {{serial: L-1, location: reefer, start: 1h, arrival: 15h, download_after: 30m, interval: 10m}}
"""


async def read_temperature(client: AsyncModbusTcpClient, unit: int) -> float:
    live = await client.read_input_registers(0, count=reg.LIVE_COUNT, device_id=unit)
    return reg.decode_int16(live.registers[reg.TEMPERATURE]) / 10


async def test_a_scenario_runs_on_sim_time_and_ends_by_itself(free_port, tmp_path):
    port = free_port()
    loaded = parse_scenario(SCENARIO.format(port=port))
    plan = build_plan(loaded.doc, default_port=1, dump_dir=tmp_path, now=NOW)
    clock = ManualClock(plan.clock_start)
    stop = asyncio.Event()
    ready = asyncio.Event()
    inventories: list[list[dict[str, object]]] = []

    def on_ready(fleet: ProbeFleet) -> None:
        inventories.append(fleet.inventory())
        ready.set()

    async with asyncio.TaskGroup() as group:
        group.create_task(run_plan(plan, clock, stop, on_ready=on_ready), name="scenario")
        await ready.wait()
        client = AsyncModbusTcpClient("127.0.0.1", port=port, retries=0, reconnect_delay=0)
        assert await client.connect()
        assert await read_temperature(client, 1) == 4.0
        clock.set_elapsed(1.5 * HOUR_S)
        failing = await client.read_input_registers(0, count=1, device_id=2)
        assert isinstance(failing, ExceptionResponse)
        assert failing.exception_code == 0x0B
        clock.set_elapsed(11 * HOUR_S)
        assert await read_temperature(client, 1) > 14.0  # an hour into the failure
        assert list(tmp_path.iterdir()) == []  # the truck has not arrived
        client.close()
        clock.set_elapsed(20 * HOUR_S)  # past the download and the scenario's end
    assert stop.is_set()
    assert [entry["serial"] for entry in inventories[0]] == ["R-1", "R-2"]
    [dump_path] = tmp_path.glob("L-1_*.json")
    dump = parse_logger_dump_json(dump_path.read_bytes())
    assert dump.reading_count == 85  # 14 h at 10 min, both ends
    assert max(r.temperature_c for r in dump.readings) > 14.0


async def test_rfid_world_gets_the_raw_document_and_the_stop_event(tmp_path):
    text = "clock: {speed: 30}\nreaders: [{id: dock-1}]\nmovements: []\n"
    loaded = parse_scenario(text)
    assert loaded.doc.has_rfid
    plan = build_plan(loaded.doc, default_port=15020, dump_dir=tmp_path)
    calls: list[tuple[Mapping[str, Any], float]] = []
    started = asyncio.Event()

    async def portals(doc: Mapping[str, Any], clock_speed: float, stop: asyncio.Event) -> None:
        calls.append((doc, clock_speed))
        started.set()
        await stop.wait()

    stop = asyncio.Event()
    clock = ManualClock(plan.clock_start, speed=plan.speed)
    async with asyncio.TaskGroup() as group:
        group.create_task(run_plan(plan, clock, stop, rfid=(portals, loaded.raw)), name="run")
        await started.wait()
        stop.set()
    assert calls == [({"clock": {"speed": 30}, "readers": [{"id": "dock-1"}], "movements": []}, 30)]


def rfid_world_written() -> bool:
    """True once the RFID world's scenario module exists (another part of the simulator)."""
    if importlib.util.find_spec("coldtrace_sim.rfworld") is None:
        return False
    return importlib.util.find_spec("coldtrace_sim.rfworld.scenario") is not None


@pytest.mark.skipif(rfid_world_written(), reason="the RFID world exists: the hook resolves")
def test_missing_rfid_world_is_a_clear_error():
    with pytest.raises(ScenarioError, match=r"coldtrace_sim\.rfworld\.scenario is not available"):
        rfid_entry_point()


@pytest.mark.skipif(not rfid_world_written(), reason="coldtrace_sim.rfworld.scenario not written")
def test_rfid_entry_point_resolves_when_the_world_exists():
    assert callable(rfid_entry_point())
