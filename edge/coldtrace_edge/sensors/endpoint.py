"""One Modbus TCP endpoint (host:port) and every probe behind it, polled over one connection.

A Modbus TCP gateway in front of an RS-485 line answers one request at a time, so the probes of
one endpoint are read one after the other over a single connection, each with one request for its
whole live block (registers 0..7). Unit ids select the probe (Modbus Messaging on TCP/IP
Implementation Guide v1.0b §4.1.2). The connection is re-established with jittered exponential
backoff; while it is down, every probe due for a poll gets a ``timeout`` reading (a gap).
"""

import asyncio
import heapq
import logging
import math
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import ValidationError
from pymodbus.client import AsyncModbusTcpClient
from pymodbus.exceptions import ConnectionException, ModbusException, ModbusIOException

from coldtrace_edge.sensors import register_map
from coldtrace_edge.sensors.config import ProbeConfig
from coldtrace_edge.sensors.readings import (
    clock_is_suspect,
    reading_from_live,
    timeout_reading,
)
from coldtrace_protocol.backoff import Backoff
from coldtrace_protocol.telemetry import Reading

logger = logging.getLogger(__name__)

GatewayClock = Callable[[], datetime]
ReadingSinkFn = Callable[[list[Reading]], Awaitable[None]]
# pymodbus closes a connection after a few unanswered requests in a row; one silent probe on a
# busy line must not cut off its neighbours, so that rule is replaced by ours (see _no_answer).
_PYMODBUS_NEVER_DISCONNECT = 1 << 30


def utc_now() -> datetime:
    """The gateway's clock."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class PollOptions:
    """How the poller talks to probes (from the edge settings)."""

    timeout_s: float = 1.0
    clock_tolerance_s: float = 300.0
    reconnect_min_s: float = 1.0
    reconnect_max_s: float = 60.0


class NoAnswerError(Exception):
    """A request got no usable answer; ``why`` says what happened (for the log)."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


@dataclass(slots=True)
class _ProbeState:
    verified: bool = False  # identity block checked since the last (re)connection
    problem: str | None = None  # last reason for a gap, logged once per episode
    clock_suspect: bool = False


class EndpointPoller:
    """Polls the probes of one host:port; :meth:`poll` runs one round, :meth:`run` schedules."""

    def __init__(
        self,
        host: str,
        port: int,
        probes: Sequence[ProbeConfig],
        options: PollOptions,
        *,
        now: GatewayClock = utc_now,
    ) -> None:
        if any(probe.endpoint != (host, port) for probe in probes):
            raise ValueError(f"every probe of endpoint {host}:{port} must be at that endpoint")
        self.host = host
        self.port = port
        self.probes = tuple(probes)
        self.options = options
        self._now = now
        self._states = {probe.unit: _ProbeState() for probe in self.probes}
        self._backoff = Backoff(options.reconnect_min_s, options.reconnect_max_s)
        self._next_connect_at = 0.0
        self._unanswered = 0
        self._was_up = True
        self._client: AsyncModbusTcpClient | None = None

    @property
    def name(self) -> str:
        """``host:port``, for logs and task names."""
        return f"{self.host}:{self.port}"

    @property
    def connected(self) -> bool:
        """True while the TCP connection is up."""
        return self._client is not None and self._client.connected

    def close(self) -> None:
        """Close the connection (the next poll reconnects)."""
        if self._client is not None:
            self._client.close()

    # --- one round -----------------------------------------------------------------------------
    async def poll(self, probes: Sequence[ProbeConfig] | None = None) -> list[Reading]:
        """Read ``probes`` (default: all) once; one reading per probe except unusable answers."""
        await self._connect_if_due()
        readings: list[Reading] = []
        for probe in self.probes if probes is None else probes:
            if not self.connected:
                self._note_problem(probe, "endpoint unreachable")
                readings.append(timeout_reading(probe, self._now()))
                continue
            reading = await self._poll_probe(probe)
            if reading is not None:
                readings.append(reading)
        return readings

    async def _poll_probe(self, probe: ProbeConfig) -> Reading | None:
        state = self._states[probe.unit]
        try:
            if probe.serial is not None and not state.verified:
                await self._verify_identity(probe, state)
            words = await self._read(probe.unit, register_map.LIVE_START, register_map.LIVE_COUNT)
            received_at = self._now()
            live = register_map.decode_live(words)
        except (NoAnswerError, register_map.RegisterMapError) as exc:
            self._note_problem(probe, str(exc))
            return timeout_reading(probe, self._now())
        suspect = clock_is_suspect(live, received_at, self.options.clock_tolerance_s)
        self._note_clock(probe, state, suspect, live.device_clock_s)
        try:
            reading = reading_from_live(probe, live, received_at=received_at, clock_suspect=suspect)
        except ValidationError as exc:
            # e.g. a sensor fault with no value at all, which telemetry.Reading cannot carry.
            why = exc.errors(include_url=False)[0]["msg"]
            self._note_problem(probe, f"answer not representable as a reading: {why}")
            return None
        self._note_problem(probe, None)
        return reading

    async def _verify_identity(self, probe: ProbeConfig, state: _ProbeState) -> None:
        words = await self._read(
            probe.unit, register_map.IDENTITY_START, register_map.IDENTITY_COUNT
        )
        identity = register_map.decode_identity(words)
        if identity.map_version != register_map.MAP_VERSION:
            raise NoAnswerError(f"register map version {identity.map_version} is not supported")
        if identity.serial != probe.serial:
            # A wrong unit id must not report another probe's air under this sensor's name.
            raise NoAnswerError(
                f"unit answers with serial {identity.serial!r}, not {probe.serial!r}"
            )
        state.verified = True

    async def _read(self, unit: int, address: int, count: int) -> list[int]:
        client = self._client
        if client is None or not client.connected:
            raise NoAnswerError("endpoint unreachable")
        try:
            response = await client.read_input_registers(address, count=count, device_id=unit)
        except ConnectionException as exc:
            self._connection_lost()
            raise NoAnswerError("connection lost") from exc
        except ModbusIOException as exc:
            self._no_answer()
            raise NoAnswerError("no response (timeout)") from exc
        except ModbusException as exc:
            raise NoAnswerError(f"modbus error: {exc}") from exc
        self._unanswered = 0
        if response.isError():
            code = getattr(response, "exception_code", 0)
            raise NoAnswerError(f"exception response 0x{code:02X}")
        registers = list(response.registers)
        if len(registers) != count:
            raise NoAnswerError(f"{len(registers)} registers in the answer, asked for {count}")
        return registers

    def _no_answer(self) -> None:
        """A whole cycle of unanswered requests means a dead connection (half-open TCP)."""
        self._unanswered += 1
        if self._unanswered >= max(3, len(self.probes)):
            logger.warning("endpoint %s: nothing answers, reconnecting", self.name)
            self._connection_lost()

    def _connection_lost(self) -> None:
        self.close()
        self._unanswered = 0

    # --- connection ----------------------------------------------------------------------------
    async def _connect_if_due(self) -> None:
        if self.connected:
            return
        loop = asyncio.get_running_loop()
        if loop.time() < self._next_connect_at:
            return
        if self._client is None:
            self._client = AsyncModbusTcpClient(
                self.host,
                port=self.port,
                timeout=self.options.timeout_s,
                retries=0,
                reconnect_delay=0,  # reconnection is ours: jittered, see coldtrace_protocol.backoff
                name=f"probes-{self.name}",
            )
            self._client.set_max_no_responses(_PYMODBUS_NEVER_DISCONNECT)
        if await self._client.connect():
            self._backoff.reset()
            self._unanswered = 0
            for state in self._states.values():
                state.verified = False
            logger.info("endpoint %s connected (%s probes)", self.name, len(self.probes))
            self._was_up = True
            return
        delay_s = self._backoff.next_delay_s()
        self._next_connect_at = loop.time() + delay_s
        if self._was_up:
            logger.warning("endpoint %s unreachable; retrying with backoff", self.name)
            self._was_up = False
        logger.debug("endpoint %s: next connection attempt in %.2f s", self.name, delay_s)

    # --- logging once per episode ------------------------------------------------------------
    def _note_problem(self, probe: ProbeConfig, problem: str | None) -> None:
        state = self._states[probe.unit]
        if problem == state.problem:
            return
        if problem is None:
            logger.info("probe %s answers again", probe.sensor_id)
        else:
            logger.warning(
                "probe %s (%s unit %s): %s", probe.sensor_id, self.name, probe.unit, problem
            )
        state.problem = problem

    def _note_clock(
        self, probe: ProbeConfig, state: _ProbeState, suspect: bool, device_clock_s: int
    ) -> None:
        if suspect and not state.clock_suspect:
            logger.warning(
                "probe %s clock reads %s, too far from the gateway's: using gateway time",
                probe.sensor_id,
                datetime.fromtimestamp(device_clock_s, UTC).isoformat(),
            )
        elif state.clock_suspect and not suspect:
            logger.info("probe %s clock agrees with the gateway again", probe.sensor_id)
        state.clock_suspect = suspect

    # --- schedule ------------------------------------------------------------------------------
    async def run(self, sink: ReadingSinkFn) -> None:
        """Poll each probe every ``poll_interval_s`` (keeping phase) and hand rounds to ``sink``."""
        loop = asyncio.get_running_loop()
        start = loop.time()
        due = [(start, index) for index in range(len(self.probes))]
        heapq.heapify(due)
        try:
            while due:
                await asyncio.sleep(max(0.0, due[0][0] - loop.time()))
                now = loop.time()
                batch: list[tuple[float, int]] = []
                while due and due[0][0] <= now:
                    batch.append(heapq.heappop(due))
                readings = await self.poll([self.probes[index] for _, index in batch])
                after = loop.time()
                for slot, index in batch:
                    interval = self.probes[index].poll_interval_s
                    missed = math.floor((after - slot) / interval)  # slow round: skip, no backlog
                    heapq.heappush(due, (slot + (missed + 1) * interval, index))
                if readings:
                    await sink(readings)
        finally:
            self.close()
