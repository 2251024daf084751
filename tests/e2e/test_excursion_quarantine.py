"""Proof of issue 7 with real processes: the simulator's cold room loses its compressor, the edge
polls its probe over Modbus, the ingest worker opens an excursion after the alarm delay and
quarantines the lots inside in the same transaction, the hold list reaches the gateway's
retained holds topic, QA rejects one lot and releases another with signatures, and the audit
chain verifies. (The portal alarm on an outbound pass of a held case is the RFID e2e's part.)"""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from coldtrace_cloud.auth.credentials import hash_password
from coldtrace_cloud.auth.models import User
from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.excursions.rules import TEMPLATES
from coldtrace_cloud.excursions.rulesets import set_rules, watch
from coldtrace_cloud.items.models import Item
from coldtrace_cloud.items.service import sgtin_uri
from coldtrace_cloud.products.service import get_profile
from coldtrace_cloud.sensors.models import SensorKind
from coldtrace_cloud.sensors.service import bind, register_sensor
from coldtrace_cloud.settings import Settings as CloudSettings
from coldtrace_edge.settings import Settings as EdgeSettings
from coldtrace_protocol.holds import HoldList
from coldtrace_protocol.topics import GatewayTopic, TopicKind
from devstack.cli import Stack
from tests.cloud.inventory_support.client import api_client, bearer
from tests.cloud.inventory_support.stock import Stock, stock_up
from tests.cloud.inventory_support.world import ACTOR, COMPANY_PREFIX, PASSWORD, World, build_world
from tests.support.envvars import settings_env
from tests.support.mqtt_probe import Received, subscribed
from tests.support.ports import free_port
from tests.support.processes import ProcessManager
from tests.support.telemetry import start_ingest

if TYPE_CHECKING:
    import queue

pytestmark = pytest.mark.slow
GATEWAY = "gw-e2e-exc"
PROBE = "CR2-P01"
# 600x: the compressor fails 6 s in, the room is above 8 °C about a second later and stays
# there for some 36 s; the probe is polled every second (its clock runs ahead, so the edge
# stamps readings with its own receive time).
SCENARIO = f"""
name: e2e compressor failure
clock: {{start: now, speed: 600}}
probes:
  host: 127.0.0.1
  port: {{port}}
  locations:
    - id: cold-room-2
      setpoint_c: 5.0
      events:
        - {{kind: compressor-failure, at: 1h, for: 6h, warm_tau: 1h, pulldown_tau: 20m}}
      probes:
        - {{serial: {PROBE}, sample_interval: 1}}
"""


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


async def provision(sessions: async_sessionmaker[AsyncSession], world: World) -> None:
    """A 20 s alarm delay on 2-8 °C, the probe bound in north's cold room, EPCs, a QA password."""
    async with sessions.begin() as session:
        profile = await get_profile(session, "2-8C")
        fast = TEMPLATES["2-8C"].model_copy(update={"alarm_delay_s": 20.0})
        await set_rules(session, ACTOR, profile, fast, reason="e2e: short alarm delay")
        sensor = await register_sensor(
            session, ACTOR, code=PROBE, kind=SensorKind.PROBE, model=None, gateway_id=GATEWAY
        )
        cold = world.north.locations["cold"]
        await bind(
            session,
            ACTOR,
            sensor,
            valid_from=datetime.now(UTC) - timedelta(minutes=5),
            location_id=cold,
            shipment_id=None,
        )
        await watch(session, ACTOR, profile, location_id=cold)
        for item in (await session.scalars(select(Item))).all():
            item.epc_uri = sgtin_uri(item.gtin, str(item.id), COMPANY_PREFIX)
        await session.execute(
            update(User).where(User.username == "qa").values(password_hash=hash_password(PASSWORD))
        )


async def hold_list_with(inbox: "queue.Queue[Received]", lot: str, timeout_s: float) -> HoldList:
    """The first hold list that holds ``lot``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while (left := deadline - loop.time()) > 0:
        message = await asyncio.to_thread(inbox.get, timeout=left)
        holds = HoldList.model_validate_json(message.payload)
        if lot in {h.lot_number for h in holds.holds}:
            return holds
    raise AssertionError(f"no hold list with {lot} within {timeout_s} s")


async def test_compressor_failure_to_signed_disposition(
    stack: Stack,
    cloud_settings: CloudSettings,
    processes: ProcessManager,
    mqtt_admin: tuple[str, str],
    sessions: async_sessionmaker[AsyncSession],
    world: World,
    stock: Stock,
    tmp_path: Path,
) -> None:
    await provision(sessions, world)
    prefix = cloud_settings.mqtt_topic_prefix
    start_ingest(processes, cloud_settings, "exc").wait_for_log("ingest worker ready")
    scenario, inventory = tmp_path / "scenario.yaml", tmp_path / "probes.json"
    scenario.write_text(SCENARIO.replace("{port}", str(free_port())))
    topic = str(GatewayTopic("north", GATEWAY, TopicKind.HOLDS, prefix))
    with subscribed(stack.config.mqtt_port, mqtt_admin, topic) as inbox:
        sim = processes.python(
            "sim", "coldtrace_sim", "scenario", str(scenario), "--inventory", str(inventory)
        )
        sim.wait_for_log("scenario running", timeout_s=30)
        edge = EdgeSettings(
            gateway_id=GATEWAY,
            site_id="north",
            mqtt_port=stack.config.mqtt_port,
            mqtt_username=mqtt_admin[0],
            mqtt_password=mqtt_admin[1],
            mqtt_topic_prefix=prefix,
            data_dir=tmp_path / "edge",
            probes_file=inventory,
        )
        processes.python("edge", "coldtrace_edge", "run", env=settings_env(edge))
        held = await hold_list_with(inbox, stock.late.number, timeout_s=120)
    lots = {h.lot_number for h in held.holds}
    assert {stock.late.number, stock.early.number, stock.soon.number} <= lots

    qa, auditor = bearer(world.token("qa")), bearer(world.token("auditor"))
    async with api_client(cloud_settings) as api:
        [excursion] = (
            await api.get("/excursions", params={"kind": "temperature"}, headers=auditor)
        ).json()["items"]
        assert excursion["sensor"] == PROBE
        assert excursion["peak"] > 8.0
        sign = {"password": PASSWORD}
        rejected = await api.post(
            f"/dispositions/lots/{stock.late.id}",
            json=sign
            | {"decision": "reject", "meaning": "rejected", "reason": "above 8 °C, no data"},
            headers=qa,
        )
        assert rejected.status_code == 201, rejected.text
        released = await api.post(
            f"/dispositions/lots/{stock.early.id}",
            json=sign
            | {
                "decision": "release",
                "meaning": "approved for release",
                "reason": "stability data covers the exposure",
            },
            headers=qa,
        )
        assert released.status_code == 201, released.text
        statuses = {
            lot: (await api.get(f"/lots/{lot}", headers=auditor)).json()["status"]
            for lot in (stock.late.id, stock.early.id)
        }
        assert statuses == {stock.late.id: "rejected", stock.early.id: "released"}
        verified = (await api.get("/audit/verify", headers=auditor)).json()
        assert verified["ok"], verified
        assert verified["first_broken_id"] is None
