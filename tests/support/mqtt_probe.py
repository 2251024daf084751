"""A plain paho subscriber for tests: collects messages on a background thread."""

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion


@dataclass(frozen=True)
class Received:
    """One message as the test saw it."""

    topic: str
    payload: bytes
    retain: bool


@contextmanager
def subscribed(
    port: int, user: tuple[str, str], topic_filter: str
) -> Iterator["queue.Queue[Received]"]:
    """Subscribe at QoS 1 and yield a queue of what arrives (retained messages included)."""
    inbox: queue.Queue[Received] = queue.Queue()
    ready = threading.Event()
    client = mqtt.Client(CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    client.username_pw_set(*user)
    client.on_connect = lambda c, *_: c.subscribe(topic_filter, qos=1)
    client.on_subscribe = lambda *_: ready.set()
    client.on_message = lambda _c, _u, m: inbox.put(
        Received(m.topic, bytes(m.payload), bool(m.retain))
    )
    client.connect("127.0.0.1", port)
    client.loop_start()
    try:
        if not ready.wait(10):
            raise AssertionError("subscription not acknowledged within 10 s")
        yield inbox
    finally:
        client.disconnect()
        client.loop_stop()
