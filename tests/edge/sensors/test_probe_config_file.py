"""The probe configuration file: YAML or JSON, defaults, the simulator's inventory, and refusals."""

import json

import pytest

from coldtrace_edge.sensors.config import ProbeConfigError, load_probe_config
from coldtrace_sim.modbus import ProbeAddress, ProbeFleet, ProbeIdentity, SimProbe
from tests.edge.sensors.simprobes import quiet

YAML = """
defaults:
  host: 10.20.0.5
  poll_interval_s: 30
probes:
  - sensor_id: coldroom-1-t1
    serial: CTP-000001
    unit: 1
  - serial: CTP-000002       # sensor_id defaults to the serial
    unit: 2
    port: 1502
    poll_interval_s: 5
    door_contact: false
  - sensor_id: reefer-7
    host: 10.20.0.9
    unit: 1
    sample_interval_s: 60    # no poll interval: poll as often as the probe measures
"""


def test_yaml_with_defaults(tmp_path):
    path = tmp_path / "probes.yaml"
    path.write_text(YAML)
    first, second, third = load_probe_config(path)
    assert (first.sensor_id, first.host, first.port, first.unit) == (
        "coldroom-1-t1",
        "10.20.0.5",
        502,
        1,
    )
    assert first.poll_interval_s == 30
    assert first.door_contact is True
    assert (second.sensor_id, second.port, second.poll_interval_s) == ("CTP-000002", 1502, 5)
    assert second.door_contact is False
    assert (third.host, third.poll_interval_s, third.serial) == ("10.20.0.9", 60, None)


async def test_the_simulators_inventory_is_a_valid_probe_file(tmp_path, sim_clock):
    probes = [
        SimProbe(ProbeIdentity(f"CTP-{n}"), ProbeAddress(0, n), quiet(5.0), location="cold room")
        for n in (1, 2)
    ]
    fleet = ProbeFleet(probes, sim_clock)
    async with fleet:
        fleet.write_inventory(tmp_path / "inventory.json")
    configs = load_probe_config(tmp_path / "inventory.json")
    assert [(c.sensor_id, c.serial, c.unit, c.poll_interval_s) for c in configs] == [
        ("CTP-1", "CTP-1", 1, 10.0),
        ("CTP-2", "CTP-2", 2, 10.0),
    ]


@pytest.mark.parametrize(
    ("document", "complaint"),
    [
        ({"probes": [{"sensor_id": "a", "unit": 1}]}, "has no host"),
        ({"probes": [{"host": "h", "unit": 1}]}, "needs a sensor_id or a serial"),
        ({"probes": [{"sensor_id": "a", "host": "h", "unit": 248}]}, "probes.0.unit"),
        ({"probes": [{"sensor_id": "a b", "host": "h", "unit": 1}]}, "probes.0.sensor_id"),
        ({"probes": [{"sensor_id": "a", "host": "h", "unit": 1, "untit": 2}]}, "untit"),
        ({"probes": [{"sensor_id": "a", "host": "h", "unit": 1, "poll_interval_s": 0.1}]}, "poll"),
        (
            {
                "probes": [
                    {"sensor_id": "a", "host": "h", "unit": 1},
                    {"sensor_id": "a", "host": "h", "unit": 2},
                ]
            },
            "sensor_id a is used twice",
        ),
        (
            {
                "probes": [
                    {"sensor_id": "a", "host": "h", "unit": 1},
                    {"sensor_id": "b", "host": "h", "unit": 1},
                ]
            },
            "unit 1 is configured twice",
        ),
    ],
)
def test_refused_with_a_clear_message(tmp_path, document, complaint):
    path = tmp_path / "probes.json"
    path.write_text(json.dumps(document))
    with pytest.raises(ProbeConfigError, match=complaint) as caught:
        load_probe_config(path)
    assert caught.value.path == path


def test_unreadable_and_unparsable_files(tmp_path):
    with pytest.raises(ProbeConfigError, match="cannot read"):
        load_probe_config(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("probes: [unit: 1\n")
    with pytest.raises(ProbeConfigError, match=r"broken\.yaml"):
        load_probe_config(broken)
