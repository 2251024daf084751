"""A watched cold room with stock and a probe, and telemetry deliveries for the engine tests."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coldtrace_cloud.excursions.rules import TEMPLATES
from coldtrace_cloud.excursions.rulesets import set_rules, watch
from coldtrace_cloud.ingest.consumer import Delivery
from coldtrace_cloud.products.service import get_profile
from coldtrace_cloud.sensors.models import SensorKind
from coldtrace_cloud.sensors.service import bind, register_sensor
from coldtrace_protocol.telemetry import Reading, ReadingSource, TelemetryBatch
from coldtrace_protocol.topics import GatewayTopic, TopicKind
from tests.cloud.inventory_support.world import ACTOR, World

GATEWAY = "gw-north"
SITE = "north"


@dataclass(frozen=True)
class Probe:
    """A sensor code and its binding id."""

    code: str
    binding_id: int


async def watched_probe(
    sessions: async_sessionmaker[AsyncSession], world: World, code: str, location: str
) -> Probe:
    """Register ``code``, bind it to a north location 3 h ago, watch it against 2-8 °C."""
    async with sessions.begin() as session:
        profile = await get_profile(session, "2-8C")
        await set_rules(session, ACTOR, profile, TEMPLATES["2-8C"], reason="engine tests")
        sensor = await register_sensor(
            session, ACTOR, code=code, kind=SensorKind.PROBE, model=None, gateway_id=GATEWAY
        )
        binding = await bind(
            session,
            ACTOR,
            sensor,
            valid_from=datetime.now(UTC) - timedelta(hours=3),
            location_id=world.north.locations[location],
            shipment_id=None,
        )
        await watch(session, ACTOR, profile, location_id=world.north.locations[location])
        return Probe(code, binding.id)


def readings(
    code: str,
    start: datetime,
    values: Sequence[float],
    step: timedelta = timedelta(minutes=1),
    source: ReadingSource = ReadingSource.PROBE,
) -> list[Reading]:
    """One reading per step from ``start``."""
    now = datetime.now(UTC)
    return [
        Reading(
            sensor_id=code,
            measured_at=start + n * step,
            received_at=now,
            temperature_c=value,
            source=source,
        )
        for n, value in enumerate(values)
    ]


def delivery(prefix: str, seq: int, batch: list[Reading]) -> Delivery:
    """A telemetry message of the north gateway."""
    message = TelemetryBatch(
        gateway_id=GATEWAY, seq=seq, message_id=uuid4(), sent_at=datetime.now(UTC), readings=batch
    )
    topic = str(GatewayTopic(SITE, GATEWAY, TopicKind.TELEMETRY, prefix))
    return Delivery(topic, message.model_dump_json().encode(), seq, 1, False, 0)
