"""A provisioned gateway may publish only under its own id and read only its own downlinks."""

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.reasoncodes import ReasonCode

from coldtrace_cloud.gateways.provisioning import ProvisioningError, provision_gateway
from devstack.mosquitto import MosquittoInstance
from tests.support.mqtt_probe import subscribed


@dataclass
class Client:
    """A paho client that records CONNACK, PUBACK and SUBACK reason codes."""

    raw: mqtt.Client
    connack: "queue.Queue[int]" = field(default_factory=queue.Queue)
    pubacks: dict[int, int] = field(default_factory=dict)
    subacks: "queue.Queue[list[int]]" = field(default_factory=queue.Queue)
    messages: "queue.Queue[str]" = field(default_factory=queue.Queue)
    acked: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, topic: str) -> int:
        info = self.raw.publish(topic, b"{}", qos=1)
        with self.acked:
            assert self.acked.wait_for(lambda: info.mid in self.pubacks, timeout=10)
            return self.pubacks[info.mid]


@contextmanager
def connect(port: int, user: str, password: str) -> Iterator[Client]:
    client = Client(mqtt.Client(CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5))

    def on_publish(_c: object, _u: object, mid: int, rc: ReasonCode, _p: object) -> None:
        with client.acked:
            client.pubacks[mid] = rc.value
            client.acked.notify_all()

    client.raw.username_pw_set(user, password)
    client.raw.on_connect = lambda _c, _u, _f, rc, _p: client.connack.put(rc.value)
    client.raw.on_publish = on_publish
    client.raw.on_subscribe = lambda _c, _u, _m, codes, _p: client.subacks.put(
        [c.value for c in codes]
    )
    client.raw.on_message = lambda _c, _u, m: client.messages.put(m.topic)
    client.raw.connect("127.0.0.1", port)
    client.raw.loop_start()
    try:
        yield client
    finally:
        client.raw.disconnect()
        client.raw.loop_stop()


def test_provisioned_gateway_is_confined_to_its_own_topics(
    own_broker: MosquittoInstance, mqtt_admin: tuple[str, str]
) -> None:
    password = provision_gateway(own_broker.root, "gw-acl-1")
    with (
        subscribed(own_broker.port, mqtt_admin, "coldtrace/#") as seen,
        connect(own_broker.port, "gw-acl-1", password) as gateway,
    ):
        assert gateway.connack.get(timeout=10) == 0
        assert gateway.publish("coldtrace/v1/site-a/gw-acl-1/telemetry") == 0
        assert seen.get(timeout=10).topic == "coldtrace/v1/site-a/gw-acl-1/telemetry"
        # Writing as another gateway: refused by the broker (MQTT 5 PUBACK 0x87 Not authorized).
        assert gateway.publish("coldtrace/v1/site-a/gw-other/telemetry") == 0x87
        with pytest.raises(queue.Empty):
            seen.get(timeout=1)


def test_gateway_reads_its_own_holds_but_not_another_gateways(
    own_broker: MosquittoInstance, mqtt_admin: tuple[str, str]
) -> None:
    password = provision_gateway(own_broker.root, "gw-acl-2")
    with connect(own_broker.port, *mqtt_admin) as admin:
        admin.connack.get(timeout=10)
        admin.raw.publish("coldtrace/v1/site-a/gw-acl-2/holds", b"[]", qos=1, retain=True)
        admin.raw.publish("coldtrace/v1/site-a/gw-else/holds", b"[]", qos=1, retain=True)
    with connect(own_broker.port, "gw-acl-2", password) as gateway:
        assert gateway.connack.get(timeout=10) == 0
        gateway.raw.subscribe("coldtrace/v1/site-a/gw-acl-2/holds", qos=1)
        gateway.raw.subscribe("coldtrace/v1/site-a/gw-else/holds", qos=1)
        gateway.subacks.get(timeout=10)
        gateway.subacks.get(timeout=10)
        assert gateway.messages.get(timeout=10) == "coldtrace/v1/site-a/gw-acl-2/holds"
        with pytest.raises(queue.Empty):
            gateway.messages.get(timeout=1)


def test_wrong_password_and_rotation(own_broker: MosquittoInstance) -> None:
    first = provision_gateway(own_broker.root, "gw-acl-3")
    second = provision_gateway(own_broker.root, "gw-acl-3")
    with connect(own_broker.port, "gw-acl-3", first) as old:
        assert old.connack.get(timeout=10) != 0
    with connect(own_broker.port, "gw-acl-3", second) as new:
        assert new.connack.get(timeout=10) == 0


def test_illegal_gateway_ids_are_refused(own_broker: MosquittoInstance) -> None:
    with pytest.raises(ValueError, match="illegal"):
        provision_gateway(own_broker.root, "gw/../x")
    with pytest.raises(ProvisioningError):
        provision_gateway(own_broker.root / "missing", "gw-ok")
