"""Excursion notices: an HMAC-signed webhook to a local HTTP server and an e-mail to a local SMTP
server (aiosmtpd) when an excursion opens, an escalation when nobody acknowledges it in time,
and nobody told twice; the notifier task does the same on the engine's NOTIFY."""

import asyncio
import json
import queue
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.excursions.models import Excursion
from coldtrace_cloud.ingest.pipeline import IngestPipeline
from coldtrace_cloud.notifications.dispatch import Channels, notify_round
from coldtrace_cloud.notifications.mail import SmtpRelay
from coldtrace_cloud.notifications.models import NotificationTarget
from coldtrace_cloud.notifications.notifier import run_notifier
from coldtrace_cloud.notifications.webhooks import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify
from coldtrace_cloud.settings import Settings
from coldtrace_cloud.timeseries.client import InfluxClient
from tests.cloud.excursions.engine_support import delivery, readings, watched_probe
from tests.cloud.inventory_support.stock import Stock, stock_up
from tests.cloud.inventory_support.world import World, build_world

SECRET = "whsec-test-0123456789"


@dataclass(frozen=True)
class Hook:
    """One webhook request as received."""

    headers: dict[str, str]
    body: bytes


@pytest.fixture(scope="module")
def world(database_url: str) -> World:
    return build_world(database_url)


@pytest.fixture(scope="module")
def stock(database_url: str, world: World) -> Stock:
    return stock_up(database_url, world)


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_async_engine(database_url)
    try:
        yield make_sessionmaker(engine)
    finally:
        await engine.dispose()


@pytest.fixture
def hooks() -> Iterator[tuple[str, "queue.Queue[Hook]"]]:
    inbox: queue.Queue[Hook] = queue.Queue()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            inbox.put(Hook(dict(self.headers.items()), body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *_: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", inbox
    finally:
        server.shutdown()
        server.server_close()


class Mailbox:
    """aiosmtpd handler keeping (recipients, message text)."""

    def __init__(self) -> None:
        self.inbox: queue.Queue[tuple[list[str], str]] = queue.Queue()

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802
        self.inbox.put((list(envelope.rcpt_tos), envelope.content.decode()))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[SmtpRelay, Mailbox]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SmtpRelay("127.0.0.1", port, "coldtrace@test.invalid"), mailbox
    finally:
        controller.stop()


async def add_targets(sessions: async_sessionmaker[AsyncSession], url: str) -> None:
    async with sessions.begin() as session:
        session.add_all(
            [
                NotificationTarget(channel="webhook", address=url, secret=SECRET),
                NotificationTarget(channel="email", address="qa@test.invalid"),
                NotificationTarget(
                    channel="email", address="qa-head@test.invalid", escalation=True
                ),
            ]
        )


async def warm_room(
    settings: Settings, sessions: async_sessionmaker[AsyncSession], world: World, code: str
) -> None:
    probe = await watched_probe(sessions, world, code, "cold")
    start = datetime.now(UTC) - timedelta(hours=1)
    series = readings(probe.code, start, [5.0] + [12.0] * 40)
    prefix = settings.mqtt_topic_prefix
    async with InfluxClient(settings.influx_url, settings.influx_database) as influx:
        await IngestPipeline(sessions, influx, prefix).store([delivery(prefix, 1, series)])


async def test_opened_then_escalated_each_told_once(
    cloud_settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    world: World,
    stock: Stock,
    hooks: tuple[str, "queue.Queue[Hook]"],
    smtp: tuple[SmtpRelay, Mailbox],
) -> None:
    url, inbox = hooks
    relay, mailbox = smtp
    await add_targets(sessions, url)
    await warm_room(cloud_settings, sessions, world, "notify-probe")
    async with httpx.AsyncClient(timeout=10.0) as http, sessions() as session:
        channels = Channels(http, relay)
        now = datetime.now(UTC)
        first = await notify_round(session, channels, now, 1800.0)
        again = await notify_round(session, channels, now, 1800.0)
        later = await notify_round(session, channels, now + timedelta(hours=1), 1800.0)
    async with sessions() as session:
        opened = await session.scalar(
            select(func.count()).select_from(Excursion).where(Excursion.status == "open")
        )
    assert opened
    assert (first.sent, first.failed) == (2 * opened, 0)
    assert (again.sent, later.sent) == (0, opened)
    received = [inbox.get(timeout=5) for _ in range(opened)]
    assert inbox.empty()
    [hook] = [h for h in received if json.loads(h.body)["kind"] == "temperature"]
    stamp = int(hook.headers[TIMESTAMP_HEADER])
    assert verify(SECRET, stamp, hook.body, hook.headers[SIGNATURE_HEADER], now_s=time.time())
    assert not verify("wrong", stamp, hook.body, hook.headers[SIGNATURE_HEADER], now_s=time.time())
    assert json.loads(hook.body)["event"] == "opened"
    mails = [mailbox.inbox.get(timeout=5) for _ in range(2 * opened)]
    assert mailbox.inbox.empty()
    assert [m[0] for m in mails] == [["qa@test.invalid"]] * opened + [
        ["qa-head@test.invalid"]
    ] * opened
    assert all("Subject: ESCALATION:" in text for _, text in mails[opened:])


async def test_the_notifier_task_reacts_to_the_engine(
    cloud_settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    world: World,
    stock: Stock,
    hooks: tuple[str, "queue.Queue[Hook]"],
) -> None:
    url, inbox = hooks
    async with sessions.begin() as session:
        # Whatever is open from before is acknowledged: only the new excursion is news.
        await session.execute(update(Excursion).values(status="acknowledged"))
        session.add(NotificationTarget(channel="webhook", address=url, secret=SECRET))
    async with asyncio.TaskGroup() as tasks:
        notifier = tasks.create_task(run_notifier(cloud_settings, sessions), name="notifier")
        await warm_room(cloud_settings, sessions, world, "notify-probe-2")
        hook = await asyncio.to_thread(inbox.get, timeout=20)
        notifier.cancel()
    body = json.loads(hook.body)
    assert body["event"] == "opened"
    async with sessions() as session:
        excursion = await session.get_one(Excursion, body["excursion_id"])
        assert excursion.status == "open"
