"""The agent process polls the probes named in its probe file (the simulator's inventory)."""

import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coldtrace_edge.uplink.outbox import Outbox
from coldtrace_protocol.telemetry import Quality
from tests.edge.sensors.simprobes import landed_readings
from tests.support.ports import free_port
from tests.support.processes import ProcessManager


async def test_agent_polls_the_probes_of_its_probe_file(processes: ProcessManager, tmp_path: Path):
    port = free_port()
    inventory = tmp_path / "probes.json"
    sim = processes.python(
        "sim-probes",
        "coldtrace_sim",
        "probes",
        "--port",
        str(port),
        "--count",
        "20",
        "--sample-interval-s",
        "1",
        "--inventory",
        str(inventory),
    )
    sim.wait_for_log("serving 20 probes")
    env = {
        "COLDTRACE_EDGE_GATEWAY_ID": "gw-probe-proc",
        "COLDTRACE_EDGE_DATA_DIR": str(tmp_path / "edge-data"),
        "COLDTRACE_EDGE_PROBES_FILE": str(inventory),
        "COLDTRACE_EDGE_MQTT_PORT": str(free_port()),  # no broker: readings stay in the outbox
    }
    started = datetime.now(UTC)
    edge = processes.python("edge", "coldtrace_edge", "run", env=env)
    edge.wait_for_log(f"endpoint 127.0.0.1:{port} connected \\(20 probes\\)")
    database = tmp_path / "edge-data" / "outbox.sqlite3"
    wait_for_items(database, 20)  # another process's database: no event to wait on
    assert edge.terminate() == 0
    outbox = Outbox(database, gateway_id="gw-probe-proc")
    try:
        readings = await landed_readings(outbox)
    finally:
        await outbox.close()
    assert {r.sensor_id for r in readings} == {f"CTP-{n:06d}" for n in range(1, 21)}
    for reading in readings:
        assert reading.quality is Quality.OK
        assert reading.temperature_c is not None
        assert abs(reading.measured_at - started) < timedelta(minutes=1)  # the probe's clock


def wait_for_items(database: Path, count: int, timeout_s: float = 30.0) -> None:
    """Until the agent's outbox holds ``count`` items, pending or packed (read-only peek)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
            pending = conn.execute("SELECT count(*) FROM pending_items").fetchone()[0]
            packed = conn.execute("SELECT coalesce(sum(item_count), 0) FROM messages").fetchone()[0]
        conn.close()
        if pending + packed >= count:
            return
        time.sleep(0.05)
    raise AssertionError(f"fewer than {count} readings in {database} after {timeout_s} s")
