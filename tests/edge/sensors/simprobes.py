"""Simulated probes and outbox read-back shared by the probe poller tests."""

from datetime import UTC, datetime
from typing import Any

from coldtrace_edge.sensors.config import ProbeConfig
from coldtrace_edge.sensors.endpoint import PollOptions
from coldtrace_edge.uplink.outbox import Outbox
from coldtrace_protocol.telemetry import Reading, TelemetryBatch
from coldtrace_sim.modbus import ProbeAddress, ProbeBehaviour, ProbeIdentity, SimProbe
from coldtrace_sim.scenarios.climate import ClimateModel, Schedule

START = datetime(2025, 1, 6, 6, 0, tzinfo=UTC)
# Short timeouts and backoff: the probes are on loopback.
FAST = PollOptions(
    timeout_s=0.3, clock_tolerance_s=300.0, reconnect_min_s=0.01, reconnect_max_s=0.05
)


def quiet(
    setpoint_c: float,
    humidity_pct: float = 55.0,
    *,
    schedules: tuple[Schedule, ...] = (),
    **behaviour: Any,
) -> ProbeBehaviour:
    """A probe without noise or compressor ripple, so values are exact."""
    climate = ClimateModel(
        setpoint_c, humidity_pct=humidity_pct, cycle_amplitude_c=0.0, schedules=schedules
    )
    return ProbeBehaviour(climate, noise_c=0.0, humidity_noise_pct=0.0, **behaviour)


def sim_probe(unit: int, behaviour: ProbeBehaviour, *, port: int = 0) -> SimProbe:
    """A simulated probe with serial ``CTP-<unit>``."""
    return SimProbe(ProbeIdentity(f"CTP-{unit:04d}"), ProbeAddress(port, unit), behaviour)


def probe_config(port: int, unit: int, **extra: object) -> ProbeConfig:
    """The edge's view of the simulated probe at ``port``/``unit``."""
    fields: dict[str, object] = {
        "sensor_id": f"cr-{unit:04d}",
        "serial": f"CTP-{unit:04d}",
        "host": "127.0.0.1",
        "port": port,
        "unit": unit,
        "poll_interval_s": 10.0,
        "door_contact": True,
    }
    return ProbeConfig.model_validate(fields | extra)


async def landed_readings(outbox: Outbox) -> list[Reading]:
    """Everything in the outbox, packed into messages and read back through the wire model."""
    while await outbox.pack():
        pass
    readings: list[Reading] = []
    for message in await outbox.unacked(after_seq=0, limit=100_000):
        readings.extend(TelemetryBatch.model_validate_json(message.payload).readings)
    return readings
