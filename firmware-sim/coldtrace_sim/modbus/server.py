"""One Modbus TCP endpoint (a host and port) serving many probes, one per unit id.

This is the shape of a Modbus TCP gateway in front of an RS-485 line of probes: one socket, the
unit identifier in the MBAP header selects the probe (Modbus Messaging on TCP/IP Implementation
Guide v1.0b §4.1.2). Registers are computed when they are read, from the probe's behaviour at the
current sim time, so an idle probe costs nothing.
"""

import asyncio
import functools
import logging
from collections.abc import Sequence
from types import TracebackType
from typing import Self

from pymodbus.constants import ExcCodes
from pymodbus.exceptions import NoSuchIdException
from pymodbus.server import ModbusTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice

from coldtrace_sim.modbus import registers
from coldtrace_sim.modbus.errors import ProbeConfigError, ProbeServerError
from coldtrace_sim.modbus.probe import Reachability, SimProbe
from coldtrace_sim.scenarios.clock import SimClock

logger = logging.getLogger(__name__)

# pymodbus routes a request whose unit id has no device to device id 0 (its catch-all).
_CATCH_ALL_UNIT = 0
_CATCH_ALL_REGISTERS = 0x10000


class ProbeServer:
    """Serves ``probes`` (distinct unit ids) on one TCP port; can go offline and back."""

    def __init__(
        self,
        probes: Sequence[SimProbe],
        clock: SimClock,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        units = [probe.address.unit for probe in probes]
        if len(set(units)) != len(units):
            duplicate = next(unit for unit in units if units.count(unit) > 1)
            msg = f"unit id {duplicate} used twice on port {port}"
            raise ProbeConfigError(msg)
        self.host = host
        self.probes = tuple(probes)
        self._clock = clock
        self._start_epoch_s = clock.start.timestamp()
        self._requested_port = port
        self._bound_port: int | None = None
        self._server: ModbusTcpServer | None = None
        self._devices = [self._device(probe) for probe in self.probes]
        self._devices.append(
            SimDevice(
                id=_CATCH_ALL_UNIT,
                simdata=[SimData(0, count=_CATCH_ALL_REGISTERS, datatype=DataType.REGISTERS)],
                action=self._on_unknown_unit,
            )
        )

    def _device(self, probe: SimProbe) -> SimDevice:
        live = probe.live_registers(probe.snapshot(0.0, self._start_epoch_s))
        return SimDevice(
            id=probe.address.unit,
            simdata=[
                SimData(
                    registers.LIVE_START, values=live, datatype=DataType.REGISTERS, readonly=True
                ),
                SimData(
                    registers.IDENTITY_START,
                    values=probe.identity_block,
                    datatype=DataType.REGISTERS,
                    readonly=True,
                ),
            ],
            action=functools.partial(self._on_request, probe),
        )

    @property
    def port(self) -> int:
        """The port actually listened on (known after the first start when 0 was asked)."""
        return self._bound_port if self._bound_port is not None else self._requested_port

    @property
    def online(self) -> bool:
        """True while the endpoint accepts connections."""
        return self._server is not None

    async def start(self) -> None:
        """Listen (again, on the same port as before when restarted)."""
        if self._server is not None:
            return
        server = ModbusTcpServer(
            self._devices,
            address=(self.host, self.port),
            # A swallowed request (NoSuchIdException) then gets no answer at all: see SILENT.
            ignore_missing_devices=True,
        )
        try:
            await server.serve_forever(background=True)
        except RuntimeError as exc:
            msg = f"cannot listen on {self.host}:{self.port}"
            raise ProbeServerError(msg, host=self.host, port=self.port) from exc
        listener = server.transport
        if isinstance(listener, asyncio.Server) and listener.sockets:
            self._bound_port = int(listener.sockets[0].getsockname()[1])
        self._server = server
        logger.info(
            "modbus endpoint %s:%s serving %s probes", self.host, self.port, len(self.probes)
        )

    async def stop(self) -> None:
        """Close the listener and every open connection (pollers see the peer go away)."""
        server, self._server = self._server, None
        if server is not None:
            await server.shutdown()  # type: ignore[no-untyped-call]  # untyped in pymodbus
            logger.info("modbus endpoint %s:%s offline", self.host, self.port)

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _on_request(
        self,
        probe: SimProbe,
        _function_code: int,
        start_address: int,
        _address: int,
        _count: int,
        current_registers: list[int],
        _set_values: list[int] | list[bool] | None,
    ) -> ExcCodes | None:
        """pymodbus SimDevice action: refresh the live block before the read is answered."""
        elapsed_s = self._clock.elapsed_s()
        reachability = probe.reachability(elapsed_s)
        if reachability is Reachability.SILENT:
            # With ignore_missing_devices the request handler sends nothing back.
            msg = f"probe {probe.identity.serial} is silent"
            raise NoSuchIdException(msg)
        if reachability is Reachability.GATEWAY_ERROR:
            return ExcCodes.GATEWAY_NO_RESPONSE
        live = probe.live_registers(probe.snapshot(elapsed_s, self._start_epoch_s))
        offset = registers.LIVE_START - start_address
        current_registers[offset : offset + len(live)] = live
        return None

    async def _on_unknown_unit(
        self,
        _function_code: int,
        _start_address: int,
        _address: int,
        _count: int,
        _current_registers: list[int],
        _set_values: list[int] | list[bool] | None,
    ) -> ExcCodes | None:
        """No probe has this unit id: a gateway answers "path unavailable" (exception 0x0A)."""
        return ExcCodes.GATEWAY_PATH_UNAVIABLE
