"""A dock door run end to end by real processes: ``coldtrace-sim scenario`` serving the RF world
over LLRP, the edge agent reading it through sllurp, Mosquitto, an ingest worker, PostgreSQL.

``DockDoor`` starts the processes of one test and reads back what PostgreSQL holds: movements
as a multiset of ``Moved`` (subject, direction, destination, carrying container), so a test
compares exactly what happened with what the scenario file says should have happened.
"""

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import create_async_engine

from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.lots import flows
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.rfid.holds_publisher import HoldsPublisher, publish_gateway_holds
from coldtrace_cloud.settings import Settings as CloudSettings
from coldtrace_edge.settings import Settings as EdgeSettings
from coldtrace_protocol.identifiers import Sgtin96, Sscc96, decode_epc_bytes
from coldtrace_sim.rfworld.epcs import case_epc, pallet_epc
from coldtrace_sim.rfworld.world import PASS_HALF_LENGTH_M
from coldtrace_sim.scenarios.durations import parse_duration_s
from tests.cloud.rfid.rfid_world import ACTOR, SITE, build
from tests.support.ports import free_port
from tests.support.processes import ManagedProcess, ProcessManager
from tests.support.telemetry import start_edge, start_ingest

SCENARIOS = Path(__file__).resolve().parent / "scenarios"
RECEIVING = SCENARIOS / "rfid-receiving.yaml"
SPEED = 10.0  # simulated seconds per real second: a 13 s pass takes 1.3 s
# Gateway-side times are real seconds, so they are the simulated ones divided by SPEED.
SMOOTHING = {
    "departure_timeout_s": 0.6,
    "min_pass_rssi_dbm": -70.0,
    "dwell_s": 4.0,
    "aggregation_delay_s": 0.3,
    "clock_tolerance_s": 3600.0,  # the simulated reader clock runs ahead by design
}
PROVISIONED = ("0000000101", "0000000102", "0000000103")  # PAL-PARKED is nobody's pallet
CASES_PER_PALLET = 50


@dataclass(frozen=True, order=True)
class Moved:
    """One movement row: what moved, which way, where to, and on which container."""

    subject: str  # "sscc:<18 digits>" or "sgtin:<gtin>.<serial>"
    direction: str
    to_location: str
    carried_by: str | None = None  # the container movement's subject for carried contents


def load_scenario(path: Path = RECEIVING) -> dict[str, Any]:
    """A scenario document as a plain mapping."""
    document: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return document


def scenario_end_s(document: dict[str, Any]) -> float:
    """Simulated seconds until the scenario's last pass is through its door."""
    ends = [
        parse_duration_s(move["at"]) + 2 * PASS_HALF_LENGTH_M / move.get("speed_mps", 1.2)
        for pallet in document["movements"]["pallets"]
        for move in pallet.get("passes", [])
    ]
    return max(ends, default=0.0)


def pallet_subject(company_prefix: str, serial_reference: str) -> str:
    """The ``sscc:`` subject of a simulated pallet."""
    decoded = decode_epc_bytes(pallet_epc(company_prefix, serial_reference))
    assert isinstance(decoded, Sscc96)
    return f"sscc:{decoded.sscc}"


def case_subject(company_prefix: str, product: str, serial: int) -> str:
    """The ``sgtin:`` subject of a simulated case."""
    decoded = decode_epc_bytes(case_epc(company_prefix, product, serial))
    assert isinstance(decoded, Sgtin96)
    return f"sgtin:{decoded.gtin}.{decoded.serial}"


def pallet_moves(document: dict[str, Any], pallet_id: str) -> Counter[Moved]:
    """What one pallet's passes in the scenario must leave in ``movements``."""
    movements = document["movements"]
    prefix = movements["company_prefix"]
    (pallet,) = [p for p in movements["pallets"] if p["id"] == pallet_id]
    container = pallet_subject(prefix, pallet["sscc"])
    expected: Counter[Moved] = Counter()
    for move in pallet.get("passes", []):
        inbound = move["direction"] == "in"
        direction = "inbound" if inbound else "outbound"
        target = "cold-room-1" if inbound else "dock-1"
        expected[Moved(container, direction, target)] += 1
        for content in pallet["contents"]:
            for k in range(content["cases"]):
                case = case_subject(prefix, content["product"], content["first_serial"] + k)
                expected[Moved(case, direction, target, container)] += 1
    return expected


def expected_moves(document: dict[str, Any]) -> Counter[Moved]:
    """Every movement of the provisioned pallets (parked pallets and noise move nothing)."""
    expected: Counter[Moved] = Counter()
    for pallet in document["movements"]["pallets"]:
        if pallet["sscc"] in PROVISIONED:
            expected += pallet_moves(document, pallet["id"])
    return expected


def provision(database_url: str) -> None:
    """Site, door-1 between dock-1 and cold-room-1, three pallets of 50 cases (serials 1-150)."""

    async def run() -> None:
        engine = create_async_engine(database_url)
        try:
            async with make_sessionmaker(engine)() as session:
                await build(session, dict.fromkeys(PROVISIONED, CASES_PER_PALLET))
        finally:
            await engine.dispose()

    asyncio.run(run())


def quarantine_and_publish(cloud: CloudSettings, gateway_id: str) -> None:
    """QA quarantines lot L1; the cloud's holds publisher pushes the site's list to the gateway."""

    async def run() -> None:
        engine = create_async_engine(cloud.database_url.get_secret_value())
        sessions = make_sessionmaker(engine)
        try:
            async with sessions() as session:
                lot = await session.scalar(select(Lot).where(Lot.lot_number == "L1"))
                assert lot is not None
                await flows.quarantine(session, ACTOR, lot, reason="excursion (test)")
                await session.commit()
            async with sessions() as session, HoldsPublisher(cloud) as publisher:
                await publish_gateway_holds(session, publisher, SITE, gateway_id)
        finally:
            await engine.dispose()

    asyncio.run(run())


MOVEMENTS_SQL = """
SELECT m.direction, loc.code AS target, c.sscc, i.gtin, i.serial, pc.sscc AS parent_sscc
FROM movements m
JOIN locations loc ON loc.id = m.to_location_id
LEFT JOIN containers c ON c.id = m.container_id
LEFT JOIN items i ON i.id = m.item_id
LEFT JOIN movements pm ON pm.id = m.parent_movement_id
LEFT JOIN containers pc ON pc.id = pm.container_id
WHERE m.source = 'rfid'
"""
UNRECONCILED_SQL = "SELECT epc, reason, direction FROM rfid_unreconciled_passes"
ALARMS_SQL = "SELECT epc, pure_uri, reason, portal_code FROM rfid_hold_alarms"


def query(database_url: str, sql: str) -> list[tuple[Any, ...]]:
    """Rows of one SQL query on the test's database."""

    async def run() -> list[tuple[Any, ...]]:
        engine = create_async_engine(database_url)
        try:
            async with engine.connect() as connection:
                return [tuple(row) for row in await connection.execute(text(sql))]
        finally:
            await engine.dispose()

    return asyncio.run(run())


def moved_rows(rows: list[tuple[Any, ...]]) -> Counter[Moved]:
    """Movement rows as a multiset of ``Moved``."""
    moved: Counter[Moved] = Counter()
    for direction, target, sscc, gtin, serial, parent in rows:
        subject = f"sscc:{sscc}" if sscc else f"sgtin:{gtin}.{serial}"
        moved[Moved(subject, direction, target, f"sscc:{parent}" if parent else None)] += 1
    return moved


@dataclass
class DockDoor:
    """The processes of one end-to-end RFID test, and what they left in PostgreSQL."""

    tmp_path: Path
    processes: ProcessManager
    cloud: CloudSettings
    user: tuple[str, str]
    broker_port: int
    reader_port: int = field(default_factory=free_port)
    gateway_id: str = "gw-door-1"
    document: dict[str, Any] = field(default_factory=dict)
    sim_started: float = 0.0

    @property
    def database_url(self) -> str:
        """The module database (asyncpg URL)."""
        return self.cloud.database_url.get_secret_value()

    def scenario(self, edit: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
        """The receiving scenario with its reader on this test's port, edited by ``edit``."""
        document = load_scenario()
        document["readers"][0]["port"] = self.reader_port
        if edit is not None:
            edit(document)
        return document

    def portal_file(self, reader_port: int | None = None, **smoothing: float) -> Path:
        """The gateway's portal file for door-1 (the reader, or a proxy in front of it)."""
        document = {
            "readers": [
                {
                    "id": "door-1-reader",
                    "port": reader_port or self.reader_port,
                    "report_every_n_tags": 20,
                    "report_timeout_ms": 100,
                    "keepalive_ms": 500,
                    "reconnect_min_s": 0.1,
                    "reconnect_max_s": 0.5,
                    "antennas": [
                        {"port": 1, "portal": "door-1", "zone": "outside"},
                        {"port": 2, "portal": "door-1", "zone": "inside"},
                    ],
                }
            ],
            "portals": [
                {"id": "door-1", "outside_location": "dock-1", "inside_location": "cold-room-1"}
            ],
            "smoothing": {**SMOOTHING, **smoothing},
        }
        path = self.tmp_path / "portals.yaml"
        path.write_text(yaml.safe_dump(document), encoding="utf-8")
        return path

    def edge_settings(self, portals: Path) -> EdgeSettings:
        """The gateway on this test's broker and prefix, with the portal file."""
        return EdgeSettings(
            gateway_id=self.gateway_id,
            site_id=SITE,
            mqtt_port=self.broker_port,
            mqtt_username=self.user[0],
            mqtt_password=self.user[1],
            mqtt_topic_prefix=self.cloud.mqtt_topic_prefix,
            data_dir=self.tmp_path / "edge",
            portals_file=portals,
            reconnect_max_s=1.0,
            mqtt_keepalive_s=5,
        )

    @property
    def cloud_on_broker(self) -> CloudSettings:
        """The cloud's settings pointing at this test's broker."""
        return self.cloud.model_copy(update={"mqtt_port": self.broker_port})

    def start_ingest(self) -> ManagedProcess:
        """An ingest worker on this test's broker, ready to consume."""
        worker = start_ingest(self.processes, self.cloud_on_broker, "w1")
        worker.wait_for_log("ingest worker ready")
        return worker

    def start_edge(self, portals: Path) -> ManagedProcess:
        """The edge agent, connected to the broker (it retries the reader until it is up)."""
        edge = start_edge(self.processes, self.edge_settings(portals))
        edge.wait_for_log("gateway online")
        return edge

    def start_sim(self, document: dict[str, Any]) -> ManagedProcess:
        """``coldtrace-sim scenario`` at ``SPEED``; its timeline starts once it listens."""
        self.document = document
        path = self.tmp_path / "scenario.yaml"
        path.write_text(yaml.safe_dump(document), encoding="utf-8")
        sim = self.processes.python(
            "sim", "coldtrace_sim", "scenario", str(path), "--speed", str(SPEED)
        )
        self.sim_started = time.monotonic()
        sim.wait_for_log("RFID world")
        return sim

    def movements(self) -> Counter[Moved]:
        """Every RFID movement in PostgreSQL."""
        return moved_rows(query(self.database_url, MOVEMENTS_SQL))

    def alarms(self) -> list[tuple[Any, ...]]:
        """(epc, pure_uri, reason, portal) of every hold alarm stored."""
        return query(self.database_url, ALARMS_SQL)

    def unreconciled(self) -> list[tuple[Any, ...]]:
        """(epc, reason, direction) of every pass kept for reconciliation."""
        return query(self.database_url, UNRECONCILED_SQL)

    def wait_for_movements(
        self,
        expected: Counter[Moved],
        sim: ManagedProcess,
        timeout_s: float = 30.0,
        *,
        whole_scenario: bool = True,
    ) -> Counter[Moved]:
        """Wait for the scenario's last pass to be over (unless not ``whole_scenario``) and the
        movements to be in; then settle, so that a straggling duplicate or stray pass gets its
        chance to show."""
        if whole_scenario:
            elapsed_s = time.monotonic() - self.sim_started
            time.sleep(max(0.0, scenario_end_s(self.document) / SPEED - elapsed_s) + 1.0)
        total = sum(expected.values())
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and sim.alive():
            if sum(self.movements().values()) >= total:
                break
            time.sleep(0.3)
        time.sleep(1.5)
        return self.movements()
