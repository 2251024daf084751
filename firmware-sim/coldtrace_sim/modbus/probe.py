"""One simulated probe: identity, Modbus address, behaviour over sim time and its register image.

A probe measures every ``sample_interval_s`` of sim time; between two measurements it keeps
answering with the last one, like a real probe, and the sample counter tells a poller whether it
has seen a value before. Values are a pure function of the sample index (noise is seeded per
probe and sample), so a test can predict what any read returns.
"""

import math
import random
import zlib
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from coldtrace_sim.modbus import registers
from coldtrace_sim.modbus.errors import ProbeConfigError
from coldtrace_sim.modbus.registers import StatusBit
from coldtrace_sim.scenarios.climate import ClimateModel, Window

# Modbus over serial line spec v1.02 §2.2: individual device addresses are 1..247.
MAX_UNIT_ID = 247
LOW_BATTERY_REPORTED_PCT = 8


class Reachability(StrEnum):
    """How a probe reacts to a request."""

    ANSWERS = "answers"
    SILENT = "silent"  # the request is swallowed: the poller times out
    GATEWAY_ERROR = "gateway-error"  # exception 0x0B, gateway target device failed to respond


@dataclass(frozen=True, slots=True)
class Unreachable:
    """A spell during which the probe does not answer."""

    window: Window
    mode: Reachability = Reachability.SILENT


@dataclass(frozen=True, slots=True)
class ProbeIdentity:
    """What the identity block reports."""

    serial: str
    model: str = "CT-THP-2"
    firmware: tuple[int, int, int] = (2, 4, 1)

    def registers(self) -> list[int]:
        """The identity block, registers 100..119."""
        return registers.identity_registers(self.serial, self.model, self.firmware)


class ProbeAddress(NamedTuple):
    """Where a poller finds the probe: the TCP port and the Modbus unit id."""

    port: int
    unit: int


@dataclass(frozen=True, slots=True)
class ProbeBehaviour:
    """How the probe's readings, flags and clock evolve over sim time."""

    climate: ClimateModel
    offset_c: float = 0.0
    noise_c: float = 0.05
    humidity_noise_pct: float = 0.5
    has_humidity: bool = True
    door_contact: bool = True
    sample_interval_s: float = 10.0
    battery_pct: float = 100.0
    battery_drain_pct_per_day: float = 0.0
    low_battery_below_pct: float = 20.0
    sensor_faults: tuple[Window, ...] = ()
    low_battery: tuple[Window, ...] = ()
    unreachable: tuple[Unreachable, ...] = ()
    clock_offset_s: float = 0.0
    clock_drift_ppm: float = 0.0


@dataclass(frozen=True, slots=True)
class ProbeSnapshot:
    """What the probe reports at one instant (``None`` means "no value" on the wire)."""

    sample_index: int
    sampled_s: float
    temperature_c: float | None
    humidity_pct: float | None
    status: StatusBit
    battery_pct: int
    device_clock_s: int


class SimProbe:
    """A probe with its behaviour; computes its registers on demand."""

    def __init__(
        self,
        identity: ProbeIdentity,
        address: ProbeAddress,
        behaviour: ProbeBehaviour,
        *,
        seed: int | None = None,
        location: str | None = None,
    ) -> None:
        if not 1 <= address.unit <= MAX_UNIT_ID:
            msg = f"unit id {address.unit} outside 1..{MAX_UNIT_ID}"
            raise ProbeConfigError(msg, serial=identity.serial)
        if not 0 <= address.port <= 0xFFFF:
            msg = f"port {address.port} outside 0..65535"
            raise ProbeConfigError(msg, serial=identity.serial)
        if not 1 <= behaviour.sample_interval_s <= 0xFFFF:
            msg = "sample interval must be 1..65535 s"
            raise ProbeConfigError(msg, serial=identity.serial)
        self.identity = identity
        self.address = address
        self.behaviour = behaviour
        self.location = location
        self.identity_block = identity.registers()
        self._seed = zlib.crc32(identity.serial.encode()) if seed is None else seed

    def reachability(self, elapsed_s: float) -> Reachability:
        """Whether the probe answers at sim time ``elapsed_s``."""
        for spell in self.behaviour.unreachable:
            if spell.window.contains(elapsed_s):
                return spell.mode
        return Reachability.ANSWERS

    def snapshot(self, elapsed_s: float, start_epoch_s: float) -> ProbeSnapshot:
        """The reported values at sim time ``elapsed_s`` (clock start at ``start_epoch_s``)."""
        behaviour = self.behaviour
        index = max(0, math.floor(elapsed_s / behaviour.sample_interval_s))
        sampled_s = index * behaviour.sample_interval_s
        air = behaviour.climate.state(sampled_s)
        noise = random.Random((self._seed << 32) ^ index)  # noqa: S311 (simulation, not crypto)
        status = StatusBit(0)
        temperature_c: float | None = (
            air.temperature_c + behaviour.offset_c + noise.gauss(0.0, 1.0) * behaviour.noise_c
        )
        humidity_pct: float | None = (
            air.humidity_pct + noise.gauss(0.0, 1.0) * behaviour.humidity_noise_pct
        )
        if not behaviour.has_humidity:
            humidity_pct = None
            status |= StatusBit.NO_HUMIDITY_SENSOR
        if any(window.contains(sampled_s) for window in behaviour.sensor_faults):
            temperature_c = humidity_pct = None
            status |= StatusBit.SENSOR_FAULT
        battery_pct = self._battery_pct(elapsed_s)
        if battery_pct < behaviour.low_battery_below_pct:
            status |= StatusBit.LOW_BATTERY
        # The door contact is a live digital input, not a sampled value.
        if behaviour.door_contact and behaviour.climate.state(elapsed_s).door_open:
            status |= StatusBit.DOOR_OPEN
        drift_s = elapsed_s * behaviour.clock_drift_ppm * 1e-6
        device_clock_s = math.floor(start_epoch_s + elapsed_s + behaviour.clock_offset_s + drift_s)
        return ProbeSnapshot(
            sample_index=index,
            sampled_s=sampled_s,
            temperature_c=temperature_c,
            humidity_pct=humidity_pct,
            status=status,
            battery_pct=round(battery_pct),
            device_clock_s=device_clock_s,
        )

    def _battery_pct(self, elapsed_s: float) -> float:
        if any(window.contains(elapsed_s) for window in self.behaviour.low_battery):
            return LOW_BATTERY_REPORTED_PCT
        drained = self.behaviour.battery_drain_pct_per_day * elapsed_s / 86400.0
        return max(0.0, min(100.0, self.behaviour.battery_pct - drained))

    def live_registers(self, snapshot: ProbeSnapshot) -> list[int]:
        """The live block, registers 0..7, for ``snapshot``."""
        clock_hi, clock_lo = registers.encode_uint32(snapshot.device_clock_s & 0xFFFF_FFFF)
        return [
            registers.encode_temperature(snapshot.temperature_c),
            registers.encode_humidity(snapshot.humidity_pct),
            int(snapshot.status),
            snapshot.battery_pct,
            snapshot.sample_index & 0xFFFF,
            clock_hi,
            clock_lo,
            round(self.behaviour.sample_interval_s),
        ]
