"""Synthetic probes -> edge outbox -> MQTT -> ingest -> InfluxDB, exactly once."""

import json
import time
from datetime import datetime, timedelta
from pathlib import Path

from coldtrace_cloud.settings import Settings as CloudSettings
from devstack.cli import Stack
from tests.support.processes import ProcessManager
from tests.support.telemetry import (
    Fleet,
    edge_settings,
    provision,
    start_edge,
    start_ingest,
    wait_for_totals,
)


def test_every_reading_arrives_exactly_once(
    stack: Stack,
    cloud_settings: CloudSettings,
    processes: ProcessManager,
    mqtt_admin: tuple[str, str],
    tmp_path: Path,
) -> None:
    fleet = Fleet("gw-e2e-1", sensors=4, total=500)
    provision(cloud_settings.database_url.get_secret_value(), fleet)
    start_ingest(processes, cloud_settings, "w1").wait_for_log("ingest worker ready")
    edge = edge_settings(
        fleet,
        port=stack.config.mqtt_port,
        user=mqtt_admin,
        prefix=cloud_settings.mqtt_topic_prefix,
        data_dir=tmp_path / "edge",
        rounds_per_s=0,
    )
    start_edge(processes, edge)
    expected = fleet.expected()
    assert wait_for_totals(stack.influx.url, cloud_settings.influx_database, expected) == expected


def synthetic_instants(data_dir: Path, total: int, interval_s: float) -> set[datetime]:
    """The device times a synthetic run produced, from the start it recorded in its cursor."""
    start = datetime.fromisoformat(
        json.loads((data_dir / "synthetic-cursor.json").read_text())["start"]
    )
    return {start + timedelta(seconds=i * interval_s) for i in range(total)}


def test_a_gateway_with_a_reset_outbox_is_not_mistaken_for_duplicates(
    stack: Stack,
    cloud_settings: CloudSettings,
    processes: ProcessManager,
    mqtt_admin: tuple[str, str],
    tmp_path: Path,
) -> None:
    """A re-imaged gateway starts seq at 1 again; its new readings must still be stored."""
    fleet = Fleet("gw-e2e-reset", sensors=2, total=300)
    provision(cloud_settings.database_url.get_secret_value(), fleet)
    start_ingest(processes, cloud_settings, "w1").wait_for_log("ingest worker ready")
    first = edge_settings(
        fleet,
        port=stack.config.mqtt_port,
        user=mqtt_admin,
        prefix=cloud_settings.mqtt_topic_prefix,
        data_dir=tmp_path / "a",
        rounds_per_s=0,
    )
    edge = start_edge(processes, first)
    expected = fleet.expected()
    assert wait_for_totals(stack.influx.url, cloud_settings.influx_database, expected) == expected
    edge.terminate()
    # Same gateway, empty outbox (new data folder): seq restarts at 1 with new message ids.
    time.sleep(1.1)
    second = first.model_copy(update={"data_dir": tmp_path / "b", "synthetic_interval_s": 7.0})
    start_edge(processes, second, name="edge-reimaged").wait_for_log("synthetic fleet done")
    # Readings of one sensor at one instant are one point, so count distinct instants.
    instants = synthetic_instants(tmp_path / "a", 300, 60.0) | synthetic_instants(
        tmp_path / "b", 300, 7.0
    )
    union = {k: (len(instants), 0.0) for k in expected}
    totals = wait_for_totals(stack.influx.url, cloud_settings.influx_database, union)
    assert {k: n for k, (n, _) in totals.items()} == {k: n for k, (n, _) in union.items()}


def test_readings_sent_before_any_worker_subscribed_are_kept_and_resent(
    stack: Stack,
    cloud_settings: CloudSettings,
    processes: ProcessManager,
    mqtt_admin: tuple[str, str],
    tmp_path: Path,
) -> None:
    """PUBACK 'No matching subscribers' means dropped: the edge keeps and resends."""
    fleet = Fleet("gw-e2e-early", sensors=3, total=200)
    provision(cloud_settings.database_url.get_secret_value(), fleet)
    edge = edge_settings(
        fleet,
        port=stack.config.mqtt_port,
        user=mqtt_admin,
        prefix=cloud_settings.mqtt_topic_prefix,
        data_dir=tmp_path / "edge",
        rounds_per_s=0,
    )
    start_edge(processes, edge).wait_for_log("synthetic fleet done")
    time.sleep(2)  # published, acknowledged with 0x10, and waiting for another try
    start_ingest(processes, cloud_settings, "late").wait_for_log("ingest worker ready")
    expected = fleet.expected()
    assert wait_for_totals(stack.influx.url, cloud_settings.influx_database, expected) == expected
