"""The private stack: loopback only, authentication on, restartable instances for fault tests."""

import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.reasoncodes import ReasonCode

from devstack.cli import Stack
from devstack.influx import InfluxInstance
from devstack.mosquitto import MosquittoInstance

ROOT = Path(__file__).resolve().parents[2]


def connect_code(port: int, user: tuple[str, str] | None) -> int:
    """The CONNACK reason code value (0 = accepted)."""
    client = mqtt.Client(CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    if user:
        client.username_pw_set(*user)
    codes: list[int] = []
    answered = threading.Event()

    def on_connect(_c: object, _u: object, _f: object, rc: ReasonCode, _p: object) -> None:
        codes.append(rc.value)
        answered.set()

    client.on_connect = on_connect
    client.connect("127.0.0.1", port)
    client.loop_start()
    try:
        assert answered.wait(10), "no CONNACK within 10 s"
        return codes[0]
    finally:
        client.disconnect()
        client.loop_stop()


def test_broker_refuses_anonymous_and_accepts_credentials(
    stack: Stack, mqtt_admin: tuple[str, str]
) -> None:
    assert connect_code(stack.config.mqtt_port, None) != 0
    assert connect_code(stack.config.mqtt_port, mqtt_admin) == 0
    assert connect_code(stack.config.mqtt_port, (mqtt_admin[0], "wrong")) != 0


def test_services_listen_on_loopback_only(stack: Stack) -> None:
    conf = (stack.postgres.data_dir / "postgresql.conf").read_text()
    assert "listen_addresses = '127.0.0.1'" in conf
    assert f"listener {stack.config.mqtt_port} 127.0.0.1" in stack.mosquitto.conf_file.read_text()
    influx_conf = (stack.influx.root / "influxdb.conf").read_text()
    assert f'bind-address = "127.0.0.1:{stack.config.influx_port}"' in influx_conf
    assert "reporting-disabled = true" in influx_conf


def test_influx_serves_the_v1_api(stack: Stack) -> None:
    assert httpx.get(f"{stack.influx.url}/ping", timeout=5).status_code == 204
    response = httpx.get(f"{stack.influx.url}/query", params={"q": "SHOW DATABASES"}, timeout=5)
    assert response.status_code == 200


def test_postgres_app_role_can_create_databases(stack: Stack) -> None:
    flags = stack.postgres.psql(
        "SELECT rolcreatedb, rolsuper FROM pg_roles WHERE rolname = 'coldtrace'"
    ).strip()
    assert flags == "t|f"


def test_env_prints_the_settings_the_apps_read() -> None:
    out = subprocess.run(
        [str(ROOT / "scripts" / "stack"), "env"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    for key in (
        "COLDTRACE_CLOUD_DATABASE_URL",
        "COLDTRACE_CLOUD_INFLUX_URL",
        "COLDTRACE_CLOUD_MQTT_PASSWORD",
        "COLDTRACE_EDGE_MQTT_PORT",
    ):
        assert f"export {key}=" in out


def test_up_is_idempotent() -> None:
    result = subprocess.run(
        [str(ROOT / "scripts" / "stack"), "up"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("running") == 3


def test_own_broker_keeps_sessions_across_restart(
    own_broker: MosquittoInstance, mqtt_admin: tuple[str, str]
) -> None:
    assert connect_code(own_broker.port, mqtt_admin) == 0
    own_broker.stop(signal.SIGKILL)
    assert not own_broker.running()
    own_broker.start()
    assert connect_code(own_broker.port, mqtt_admin) == 0


def test_own_influx_stops_and_starts(own_influxdb: InfluxInstance) -> None:
    own_influxdb.query('CREATE DATABASE "probe"')
    own_influxdb.stop()
    assert not own_influxdb.ping()
    own_influxdb.start()
    databases = str(own_influxdb.query("SHOW DATABASES"))
    assert "probe" in databases


def test_stack_cli_rejects_unknown_verbs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "devstack", "explode"],
        cwd=ROOT / "scripts",
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert result.returncode == 2
