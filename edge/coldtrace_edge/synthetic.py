"""A synthetic probe fleet inside the edge: deterministic readings for load, demo and fault tests.

Reading ``i`` of sensor ``k`` is measured at ``start + i * interval`` and has a temperature that is
a pure function of ``(k, i)``, so a test can compute exactly what must arrive in InfluxDB. The
producer keeps its cursor in a file next to the outbox, written after each durable append: a crash
in between makes it produce the same readings again, which land on the same InfluxDB points.
"""

import asyncio
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coldtrace_edge.uplink.outbox import Outbox
from coldtrace_protocol.telemetry import Reading

logger = logging.getLogger(__name__)


def synthetic_sensor_id(gateway_id: str, index: int) -> str:
    """The code of synthetic sensor ``index`` of a gateway."""
    return f"syn-{gateway_id}-{index}"


def synthetic_temperature_c(sensor_index: int, reading_index: int) -> float:
    """A deterministic value in 2.00 .. 9.99 °C."""
    return round(2.0 + ((sensor_index * 7919 + reading_index * 104_729) % 800) / 100, 2)


@dataclass
class SyntheticFleet:
    """``sensors`` sensors, ``total`` readings each, appended ``batch`` rounds at a time."""

    outbox: Outbox
    gateway_id: str
    sensors: int
    total: int
    interval_s: float
    rounds_per_s: float
    cursor_file: Path
    batch_rounds: int = 10

    def _load_cursor(self) -> tuple[int, datetime]:
        if self.cursor_file.exists():
            state = json.loads(self.cursor_file.read_text())
            return int(state["next"]), datetime.fromisoformat(state["start"])
        start = datetime.now(UTC).replace(microsecond=0) - timedelta(
            seconds=self.total * self.interval_s
        )
        return 0, start

    def _save_cursor(self, next_index: int, start: datetime) -> None:
        tmp = self.cursor_file.with_suffix(".tmp")
        tmp.write_text(json.dumps({"next": next_index, "start": start.isoformat()}))
        tmp.replace(self.cursor_file)

    async def run(self) -> None:
        """Produce until ``total`` readings per sensor are in the outbox, then idle."""
        index, start = self._load_cursor()
        pause_s = self.batch_rounds / self.rounds_per_s if self.rounds_per_s > 0 else 0.0
        while index < self.total:
            upto = min(self.total, index + self.batch_rounds)
            now = datetime.now(UTC)
            bodies = [
                Reading(
                    sensor_id=synthetic_sensor_id(self.gateway_id, k),
                    measured_at=start + timedelta(seconds=i * self.interval_s),
                    received_at=now,
                    temperature_c=synthetic_temperature_c(k, i),
                ).model_dump_json(exclude_none=True)
                for i in range(index, upto)
                for k in range(self.sensors)
            ]
            await self.outbox.append("telemetry", bodies)
            index = upto
            await asyncio.to_thread(self._save_cursor, index, start)
            if pause_s:
                await asyncio.sleep(pause_s)
        logger.info("synthetic fleet done: %s readings x %s sensors", self.total, self.sensors)
