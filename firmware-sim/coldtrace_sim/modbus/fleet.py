"""Many probes in one process: addresses spread over ports, one endpoint per port, outages.

A port holds at most 247 unit ids (the Modbus address space), so a fleet of several hundred
probes uses consecutive ports. Whole-endpoint outages (a gateway losing power: the listener and
every connection close) are scheduled on sim time; per-probe silence lives in the probe itself.
"""

import asyncio
import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self

from coldtrace_sim.modbus.errors import ProbeConfigError, ProbeServerError
from coldtrace_sim.modbus.probe import MAX_UNIT_ID, ProbeAddress, SimProbe
from coldtrace_sim.modbus.server import ProbeServer
from coldtrace_sim.scenarios.climate import Window
from coldtrace_sim.scenarios.clock import SimClock

logger = logging.getLogger(__name__)


def assign_addresses(
    count: int, *, base_port: int, unit_base: int = 1, units_per_port: int | None = None
) -> list[ProbeAddress]:
    """``count`` addresses: units from ``unit_base`` on ``base_port``, then on the next port."""
    if not 1 <= unit_base <= MAX_UNIT_ID:
        msg = f"unit base {unit_base} outside 1..{MAX_UNIT_ID}"
        raise ProbeConfigError(msg)
    room = MAX_UNIT_ID - unit_base + 1
    per_port = room if units_per_port is None else units_per_port
    if not 1 <= per_port <= room:
        msg = f"units per port must be 1..{room} when unit ids start at {unit_base}"
        raise ProbeConfigError(msg)
    if count < 0:
        msg = "probe count must be >= 0"
        raise ProbeConfigError(msg)
    ports_needed = -(-count // per_port)
    if base_port <= 0 or base_port + ports_needed - 1 > 0xFFFF:
        msg = f"{count} probes need ports {base_port}..; not a valid TCP range"
        raise ProbeConfigError(msg)
    return [
        ProbeAddress(port=base_port + index // per_port, unit=unit_base + index % per_port)
        for index in range(count)
    ]


@dataclass(frozen=True, slots=True)
class EndpointOutage:
    """A port that is down (listener and connections closed) during ``window``."""

    port: int
    window: Window


class ProbeFleet:
    """All probes of a process, grouped by port into :class:`ProbeServer` endpoints."""

    def __init__(
        self,
        probes: Sequence[SimProbe],
        clock: SimClock,
        *,
        host: str = "127.0.0.1",
        outages: Sequence[EndpointOutage] = (),
    ) -> None:
        serials = [probe.identity.serial for probe in probes]
        if len(set(serials)) != len(serials):
            duplicate = next(serial for serial in serials if serials.count(serial) > 1)
            msg = f"serial {duplicate} used twice"
            raise ProbeConfigError(msg, serial=duplicate)
        by_port: dict[int, list[SimProbe]] = {}
        for probe in probes:
            by_port.setdefault(probe.address.port, []).append(probe)
        self.clock = clock
        self.servers = {
            port: ProbeServer(group, clock, host=host, port=port) for port, group in by_port.items()
        }
        unknown = sorted({outage.port for outage in outages} - self.servers.keys())
        if unknown:
            msg = f"outage on port(s) {unknown} where no probe listens"
            raise ProbeConfigError(msg)
        self.outages = tuple(outages)

    def __iter__(self) -> Iterator[SimProbe]:
        for server in self.servers.values():
            yield from server.probes

    def inventory(self) -> list[dict[str, object]]:
        """Where each probe answers (actual ports): what a poller's configuration needs."""
        return [
            {
                "serial": probe.identity.serial,
                "model": probe.identity.model,
                "location": probe.location,
                "host": server.host,
                "port": server.port,
                "unit": probe.address.unit,
                "sample_interval_s": probe.behaviour.sample_interval_s,
            }
            for server in self.servers.values()
            for probe in server.probes
        ]

    def write_inventory(self, path: Path) -> None:
        """Write :meth:`inventory` as a JSON array to ``path`` (replaced atomically)."""
        partial = path.with_name(f".{path.name}.partial")
        partial.write_text(json.dumps(self.inventory(), indent=1) + "\n", encoding="utf-8")
        partial.replace(path)

    async def start(self) -> None:
        """Open every endpoint."""
        for server in self.servers.values():
            await server.start()

    async def stop(self) -> None:
        """Close every endpoint."""
        for server in self.servers.values():
            await server.stop()

    async def __aenter__(self) -> Self:
        try:
            await self.start()
        except BaseException:
            await self.stop()
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def run_outages(self, stop: asyncio.Event) -> None:
        """Take endpoints down and up at the outages' sim times, until ``stop`` is set."""
        async with asyncio.TaskGroup() as group:
            for outage in self.outages:
                group.create_task(self._outage(outage, stop), name=f"modbus-outage-{outage.port}")

    async def _outage(self, outage: EndpointOutage, stop: asyncio.Event) -> None:
        server = self.servers[outage.port]
        if not await self.clock.sleep_until(outage.window.start_s, stop):
            return
        logger.info("endpoint port %s goes down (scheduled outage)", outage.port)
        await server.stop()
        if await self.clock.sleep_until(outage.window.end_s, stop):
            logger.info("endpoint port %s comes back", outage.port)
            try:
                await server.start()
            except ProbeServerError:
                # Someone took the port meanwhile: the endpoint stays down, the rest runs on.
                logger.exception("endpoint port %s cannot come back", outage.port)
