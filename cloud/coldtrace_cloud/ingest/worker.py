"""The ingest worker process: consume gateway messages, store them, acknowledge, repeat.

A batch of deliveries is handled in one database transaction; only after it commits (and, for
readings, after InfluxDB accepted them) are the deliveries acknowledged. A crash before that makes
the broker redeliver them, and de-duplication makes the redelivery harmless.
"""

import asyncio
import logging
import os
import signal
import socket

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coldtrace_cloud.db.engine import engine_scope, make_sessionmaker
from coldtrace_cloud.ingest.consumer import ConsumerConfig, Delivery, MqttConsumer
from coldtrace_cloud.ingest.deadletters import DeadLetterReason, add_dead_letter, dead_letter
from coldtrace_cloud.settings import Settings
from coldtrace_protocol.errors import TopicError
from coldtrace_protocol.status import GatewayStatus
from coldtrace_protocol.topics import CloudTopic, TopicKind, parse_topic

logger = logging.getLogger(__name__)
SHARE_GROUP = "coldtrace-ingest"


def consumer_config(settings: Settings) -> ConsumerConfig:
    """Shared subscriptions (MQTT 5 §4.8.2) so that workers split the load."""
    kinds = (TopicKind.STATUS,)
    worker = settings.ingest_worker_id or f"{socket.gethostname()}-{os.getpid()}"
    return ConsumerConfig(
        host=settings.mqtt_host,
        port=settings.mqtt_port,
        client_id=f"ingest-{worker}",
        username=settings.mqtt_username,
        password=settings.mqtt_password.get_secret_value(),
        filters=tuple(
            CloudTopic(k, settings.mqtt_topic_prefix).shared_filter(SHARE_GROUP) for k in kinds
        ),
    )


async def handle(session: AsyncSession, delivery: Delivery, prefix: str) -> None:
    """Apply one delivery inside the batch's transaction (or dead-letter it)."""
    try:
        topic = parse_topic(delivery.topic, prefix=prefix)
    except TopicError as exc:
        add_dead_letter(
            session,
            dead_letter(delivery.topic, delivery.payload, DeadLetterReason.UNKNOWN_TOPIC, str(exc)),
        )
        return
    if topic.kind is TopicKind.STATUS:
        try:
            status = GatewayStatus.model_validate_json(delivery.payload)
        except ValidationError as exc:
            add_dead_letter(
                session,
                dead_letter(
                    delivery.topic,
                    delivery.payload,
                    DeadLetterReason.INVALID_MESSAGE,
                    str(exc),
                    topic.gateway,
                ),
            )
            return
        logger.info(
            "gateway %s is %s",
            status.gateway_id,
            status.state,
            extra={"gateway": status.gateway_id},
        )


async def consume(
    consumer: MqttConsumer, sessions: async_sessionmaker[AsyncSession], prefix: str
) -> None:
    """Batch, store in one transaction, then acknowledge: forever."""
    while True:
        batch = await consumer.next_batch(max_items=500, max_wait_s=0.05)
        async with sessions.begin() as session:
            for delivery in batch:
                await handle(session, delivery, prefix)
        for delivery in batch:
            consumer.ack(delivery)


async def run_worker(settings: Settings) -> int:
    """Run until SIGTERM/SIGINT; unacknowledged messages stay with the broker."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with engine_scope(settings) as engine:
        consumer = MqttConsumer(consumer_config(settings))
        async with asyncio.TaskGroup() as tasks:
            link = tasks.create_task(consumer.run(), name="mqtt-consumer")
            work = tasks.create_task(
                consume(consumer, make_sessionmaker(engine), settings.mqtt_topic_prefix),
                name="ingest",
            )
            await consumer.wait_connected()
            logger.info("ingest worker ready")
            await stop.wait()
            work.cancel()
            await consumer.stop()
            await link
    return 0
