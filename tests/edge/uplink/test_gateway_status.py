"""The gateway announces itself: retained birth, clean offline on SIGTERM, will on a crash."""

import json
from typing import TYPE_CHECKING

from coldtrace_edge.settings import Settings
from devstack.cli import Stack
from tests.support.envvars import settings_env
from tests.support.mqtt_probe import Received, subscribed
from tests.support.processes import ProcessManager

if TYPE_CHECKING:
    import queue


def edge_settings(stack: Stack, prefix: str, user: tuple[str, str]) -> Settings:
    return Settings(
        gateway_id="gw-status-1",
        site_id="site-a",
        mqtt_port=stack.config.mqtt_port,
        mqtt_username=user[0],
        mqtt_password=user[1],
        mqtt_topic_prefix=prefix,
        mqtt_keepalive_s=5,
    )


def next_status(inbox: "queue.Queue[Received]") -> dict[str, object]:
    message = inbox.get(timeout=20)
    body: dict[str, object] = json.loads(message.payload)
    return body


def test_birth_then_clean_offline(
    stack: Stack, topic_prefix: str, mqtt_admin: tuple[str, str], processes: ProcessManager
) -> None:
    env = settings_env(edge_settings(stack, topic_prefix, mqtt_admin))
    with subscribed(stack.config.mqtt_port, mqtt_admin, f"{topic_prefix}/#") as inbox:
        edge = processes.python("edge", "coldtrace_edge", "run", env=env)
        assert next_status(inbox)["state"] == "online"
        assert edge.terminate() == 0
        offline = next_status(inbox)
        assert offline["state"] == "offline"
        assert offline["clean"] is True


def test_will_after_sigkill_and_retained_state(
    stack: Stack, topic_prefix: str, mqtt_admin: tuple[str, str], processes: ProcessManager
) -> None:
    env = settings_env(edge_settings(stack, topic_prefix, mqtt_admin))
    with subscribed(stack.config.mqtt_port, mqtt_admin, f"{topic_prefix}/#") as inbox:
        edge = processes.python("edge", "coldtrace_edge", "run", env=env)
        assert next_status(inbox)["state"] == "online"
        edge.kill()
        will = next_status(inbox)
        assert will == will | {"state": "offline", "clean": False}
    # A late subscriber learns the last state from the retained message.
    with subscribed(stack.config.mqtt_port, mqtt_admin, f"{topic_prefix}/#") as inbox:
        late = inbox.get(timeout=10)
        assert late.retain
        assert json.loads(late.payload)["state"] == "offline"
