"""The ingest worker process: consume gateway messages, store them, acknowledge, repeat.

A batch of deliveries is stored by the pipeline in one transaction; only after it commits (and
InfluxDB has accepted the readings) are the deliveries acknowledged. When a store is down the
worker keeps the batch, backs off and tries again: it never acknowledges what it did not store,
and never drops anything. Meanwhile MQTT 5 Receive Maximum stops the broker from pushing more.
"""

import asyncio
import logging
import os
import signal
import socket

from sqlalchemy.exc import DBAPIError

from coldtrace_cloud.db.engine import engine_scope, make_sessionmaker
from coldtrace_cloud.errors import StoreUnavailableError
from coldtrace_cloud.ingest.consumer import ConsumerConfig, MqttConsumer
from coldtrace_cloud.ingest.decode import Limits
from coldtrace_cloud.ingest.pipeline import IngestPipeline
from coldtrace_cloud.notifications.notifier import run_notifier
from coldtrace_cloud.quarantine.holds_relay import run_holds_relay
from coldtrace_cloud.settings import Settings
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_protocol.backoff import Backoff
from coldtrace_protocol.topics import CloudTopic, TopicKind

logger = logging.getLogger(__name__)
SHARE_GROUP = "coldtrace-ingest"
INGEST_KINDS = (
    TopicKind.TELEMETRY,
    TopicKind.STATUS,
    TopicKind.RFID,
    TopicKind.ALARM,
    TopicKind.PORTAL_STATUS,
)


def consumer_config(settings: Settings) -> ConsumerConfig:
    """Shared subscriptions (MQTT 5 §4.8.2) so that workers split the load."""
    worker = settings.ingest_worker_id or f"{socket.gethostname()}-{os.getpid()}"
    return ConsumerConfig(
        host=settings.mqtt_host,
        port=settings.mqtt_port,
        client_id=f"ingest-{worker}",
        username=settings.mqtt_username,
        password=settings.mqtt_password.get_secret_value(),
        filters=tuple(
            CloudTopic(kind, settings.mqtt_topic_prefix).shared_filter(SHARE_GROUP)
            for kind in INGEST_KINDS
        ),
        receive_maximum=settings.ingest_receive_maximum,
    )


async def consume(consumer: MqttConsumer, pipeline: IngestPipeline, settings: Settings) -> None:
    """Batch, store (retrying until it works), then acknowledge: forever."""
    backoff = Backoff(0.2, 10.0)
    while True:
        batch = await consumer.next_batch(settings.ingest_batch_messages, settings.ingest_linger_s)
        while True:
            try:
                outcome = await pipeline.store(batch)
                break
            except (StoreUnavailableError, DBAPIError, OSError) as exc:
                delay = backoff.next_delay_s()
                logger.warning("store failed (%s); retrying the batch in %.1fs", exc, delay)
                await asyncio.sleep(delay)
        backoff.reset()
        for delivery in batch:
            consumer.ack(delivery)
        logger.debug("batch stored: %s", outcome)


async def run_worker(settings: Settings) -> int:
    """Run until SIGTERM/SIGINT; unacknowledged messages stay with the broker."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with (
        engine_scope(settings) as engine,
        InfluxClient(settings.influx_url, settings.influx_database) as influx,
    ):
        pipeline = IngestPipeline(
            make_sessionmaker(engine),
            influx,
            settings.mqtt_topic_prefix,
            Limits(max_message_bytes=settings.ingest_max_message_bytes),
        )
        await ensure_influx_database(influx)
        consumer = MqttConsumer(consumer_config(settings))
        async with asyncio.TaskGroup() as tasks:
            link = tasks.create_task(consumer.run(), name="mqtt-consumer")
            work = tasks.create_task(consume(consumer, pipeline, settings), name="ingest")
            relay = tasks.create_task(
                run_holds_relay(settings, pipeline.sessions), name="holds-relay"
            )
            notifier = tasks.create_task(run_notifier(settings, pipeline.sessions), name="notifier")
            await consumer.wait_connected()
            logger.info("ingest worker ready")
            await stop.wait()
            work.cancel()
            relay.cancel()
            notifier.cancel()
            await consumer.stop()
            await link
    return 0


async def ensure_influx_database(influx: InfluxClient) -> None:
    """Create the InfluxDB database, waiting for InfluxDB if it is not up yet."""
    backoff = Backoff(0.5, 10.0)
    while True:
        try:
            await influx.ensure_database()
        except StoreUnavailableError as exc:
            delay = backoff.next_delay_s()
            logger.warning("InfluxDB not ready (%s); retrying in %.1fs", exc, delay)
            await asyncio.sleep(delay)
        else:
            return
