"""The private stack the suite runs against, and extra private instances for fault tests."""

import os
from pathlib import Path

import pytest

from devstack.cli import Stack, build_stack
from devstack.config import load_stack_config
from devstack.influx import InfluxInstance
from devstack.mosquitto import ADMIN_USER, CLOUD_USER, MosquittoInstance
from tests.support.ports import free_port


def running_stack() -> Stack:
    """The stack of ``.state/`` (or COLDTRACE_STACK_STATE_DIR); the suite stops if it is down."""
    stack = build_stack(load_stack_config())
    down = [
        name
        for name, up in (
            ("postgresql", stack.postgres.running()),
            ("mosquitto", stack.mosquitto.running()),
            ("influxdb", stack.influx.running()),
        )
        if not up
    ]
    if down:
        pytest.exit(f"private services not running: {down}; use `make test` (or scripts/stack up)")
    return stack


def own_mosquitto(root: Path, stack: Stack) -> MosquittoInstance:
    """A broker of the test's own (same accounts as the stack's), which the test may kill."""
    creds = stack.credentials
    users = {ADMIN_USER: creds.mqtt_admin_password, CLOUD_USER: creds.mqtt_cloud_password}
    broker = MosquittoInstance(root, free_port(), users)
    broker.start()
    return broker


def own_influx(root: Path) -> InfluxInstance:
    """An InfluxDB of the test's own, which the test may stop and start."""
    influx = InfluxInstance(root, free_port())
    influx.start()
    return influx


def child_env() -> dict[str, str]:
    """Environment for child processes: ours minus the stack's app settings (tests set them)."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("COLDTRACE_CLOUD_", "COLDTRACE_EDGE_", "COLDTRACE_SIM_"))
    }
