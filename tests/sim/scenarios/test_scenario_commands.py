"""``coldtrace-sim scenario`` and ``coldtrace-sim probes`` as a user runs them."""

import asyncio
import json
import signal
import sys

from pymodbus.client import AsyncModbusTcpClient

from coldtrace_protocol.loggerdump import parse_logger_dump_csv
from coldtrace_sim.cli import main as sim_main
from coldtrace_sim.modbus import registers as reg

QUICK = """
name: quick
clock: {start: "2025-01-06T06:00:00Z", speed: 10, duration: 2h}
probes:
  locations:
    - id: room
      setpoint_c: 5
      probes: [{serial: Q-1}, {serial: Q-2}]
loggers:
  - {serial: QL-1, location: room, arrival: 1h, download_after: 5m, format: csv}
"""


def test_check_describes_without_running(tmp_path, capsys):
    scenario = tmp_path / "quick.yaml"
    scenario.write_text(QUICK)
    assert sim_main(["scenario", str(scenario), "--check", "--port", "21000"]) == 0
    out = capsys.readouterr().out
    assert "scenario quick" in out
    assert "start 2025-01-06T06:00:00+00:00, speed 10x, ends after 7200 sim s" in out
    assert "probes: 2 on 127.0.0.1 port(s) 21000" in out
    assert "loggers: QL-1" in out


def test_scenario_runs_to_its_end_and_leaves_its_dumps(tmp_path, free_port, capsys):
    scenario = tmp_path / "quick.yaml"
    scenario.write_text(QUICK)
    dumps = tmp_path / "dumps"
    inventory = tmp_path / "probes.json"
    port = free_port()
    args = ["scenario", str(scenario), "--speed", "100000", "--port", str(port)]
    args += ["--dump-dir", str(dumps), "--inventory", str(inventory), "--log-level", "WARNING"]
    assert sim_main(args) == 0
    [dump_file] = dumps.glob("QL-1_*.csv")
    assert parse_logger_dump_csv(dump_file.read_text()).reading_count == 13
    probes = json.loads(inventory.read_text())
    assert [(p["serial"], p["port"], p["unit"]) for p in probes] == [
        ("Q-1", port, 1),
        ("Q-2", port, 2),
    ]


def test_a_broken_scenario_exits_2_and_lists_the_problems(tmp_path, capsys):
    scenario = tmp_path / "broken.yaml"
    scenario.write_text("clock: {speed: -1}\nprobes: {locations: [{id: a}]}\n")
    assert sim_main(["scenario", str(scenario)]) == 2
    err = capsys.readouterr().err
    assert "2 problems in the scenario" in err
    assert "clock.speed: Input should be greater than 0" in err
    assert "probes.locations[0].setpoint_c: required key missing" in err


def test_probes_refuses_an_impossible_unit_base(capsys):
    assert sim_main(["probes", "--count", "3", "--unit-base", "300"]) == 2
    assert "unit_base" in capsys.readouterr().err


async def test_probes_process_serves_and_stops_cleanly_on_sigterm(tmp_path, free_port):
    port = free_port()
    inventory = tmp_path / "probes.json"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "coldtrace_sim", "probes", "--port", str(port), "--count", "5",
        "--setpoint-c", "-18", "--inventory", str(inventory),
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stderr is not None
    try:
        async with asyncio.timeout(30):
            while b"scenario running" not in await process.stderr.readline():
                pass
        client = AsyncModbusTcpClient("127.0.0.1", port=port, retries=0, reconnect_delay=0)
        assert await client.connect()
        serial = await client.read_holding_registers(reg.SERIAL, count=8, device_id=5)
        live = await client.read_input_registers(0, count=reg.LIVE_COUNT, device_id=5)
        client.close()
    finally:
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(30):
            await process.stderr.read()
            code = await process.wait()
    assert code == 0
    assert reg.decode_text(serial.registers) == "CTP-000005"
    assert abs(reg.decode_int16(live.registers[reg.TEMPERATURE]) / 10 + 18) < 2.0
    assert len(json.loads(inventory.read_text())) == 5
