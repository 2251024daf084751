"""Nothing lost, nothing duplicated: real processes and services are killed mid-stream.

Each test runs a synthetic fleet on a real edge process through a real broker into a real ingest
worker and InfluxDB, breaks one of them while readings flow, and then requires InfluxDB to hold
exactly the readings the fleet produced (count and sum of values per sensor).
"""

import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from coldtrace_cloud.settings import Settings as CloudSettings
from devstack.cli import Stack
from devstack.influx import InfluxInstance
from devstack.mosquitto import MosquittoInstance
from tests.support.processes import ProcessManager
from tests.support.telemetry import (
    Fleet,
    edge_settings,
    influx_totals,
    provision,
    start_edge,
    start_ingest,
    wait_for_totals,
)

pytestmark = pytest.mark.slow
ROUNDS_PER_S = 150.0  # about 8 s of production


def wait_until_flowing(influx_url: str, database: str, fleet: Fleet, at_least: int = 500) -> None:
    """Block until some of the fleet's readings have arrived, so the fault hits mid-stream."""
    sensors = fleet.expected().keys()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        totals = influx_totals(influx_url, database)
        if sum(n for s, (n, _) in totals.items() if s in sensors) >= at_least:
            return
        time.sleep(0.2)
    raise AssertionError("readings did not start flowing")


@dataclass
class Scenario:
    """A synthetic fleet through edge, broker and ingest into InfluxDB, with one fault injected."""

    stack: Stack
    cloud: CloudSettings
    processes: ProcessManager
    user: tuple[str, str]
    tmp_path: Path

    def run(
        self,
        fault: Callable[[], None],
        *,
        broker_port: int | None = None,
        influx_url: str | None = None,
        workers: int = 1,
    ) -> None:
        """Start workers and edge, inject ``fault`` mid-stream, then require exactly-once."""
        port = broker_port or self.stack.config.mqtt_port
        influx = influx_url or self.stack.influx.url
        fleet = Fleet(f"gw-{self.cloud.mqtt_topic_prefix}", sensors=5, total=1200)
        provision(self.cloud.database_url.get_secret_value(), fleet)
        cloud = self.cloud.model_copy(update={"mqtt_port": port, "influx_url": influx})
        for index in range(workers):
            start_ingest(self.processes, cloud, f"w{index}").wait_for_log("ingest worker ready")
        edge = edge_settings(
            fleet,
            port=port,
            user=self.user,
            prefix=cloud.mqtt_topic_prefix,
            data_dir=self.tmp_path / "edge",
            rounds_per_s=ROUNDS_PER_S,
        )
        start_edge(self.processes, edge)
        wait_until_flowing(influx, cloud.influx_database, fleet)
        fault()
        expected = fleet.expected()
        assert wait_for_totals(influx, cloud.influx_database, expected, 120) == expected


@pytest.fixture
def scenario(
    stack: Stack,
    cloud_settings: CloudSettings,
    processes: ProcessManager,
    mqtt_admin: tuple[str, str],
    tmp_path: Path,
) -> Scenario:
    """The fault-test scenario bound to this test's services and folders."""
    return Scenario(stack, cloud_settings, processes, mqtt_admin, tmp_path)


def test_broker_restarted_mid_stream(scenario: Scenario, own_broker: MosquittoInstance) -> None:
    def restart_broker() -> None:
        own_broker.stop(signal.SIGTERM)
        time.sleep(2)
        own_broker.start()

    scenario.run(restart_broker, broker_port=own_broker.port)


def test_ingest_worker_killed_and_restarted(scenario: Scenario) -> None:
    def kill_worker() -> None:
        [worker] = [p for p in scenario.processes.processes if p.name.startswith("ingest")]
        worker.kill()
        time.sleep(1)
        worker.start()

    scenario.run(kill_worker)


def test_influxdb_down_for_twenty_seconds(scenario: Scenario, own_influxdb: InfluxInstance) -> None:
    def stop_influx() -> None:
        own_influxdb.stop()
        time.sleep(20)
        own_influxdb.start()

    scenario.run(stop_influx, influx_url=own_influxdb.url)


def test_edge_killed_and_restarted(scenario: Scenario) -> None:
    def kill_edge() -> None:
        [edge] = [p for p in scenario.processes.processes if p.name == "edge"]
        edge.kill()
        time.sleep(1)
        edge.start()

    scenario.run(kill_edge)


def test_two_workers_share_the_load_and_one_dies(scenario: Scenario) -> None:
    def kill_one_worker() -> None:
        victim = next(p for p in scenario.processes.processes if p.name == "ingest-w1")
        victim.kill()
        # The survivor carries the stream alone; the victim's unacknowledged messages wait in
        # its persistent session until it comes back, as a supervisor would bring it back.
        time.sleep(5)
        victim.start()

    scenario.run(kill_one_worker, workers=2)
