"""Unreachable probes: silent units, gateway errors and whole endpoints going down and up."""

import asyncio

import pytest
from pymodbus.exceptions import ModbusException, ModbusIOException
from pymodbus.pdu import ExceptionResponse

from coldtrace_sim.modbus import (
    ProbeAddress,
    ProbeBehaviour,
    ProbeFleet,
    ProbeIdentity,
    ProbeServer,
    ProbeServerError,
    Reachability,
    SimProbe,
    Unreachable,
)
from coldtrace_sim.modbus.fleet import EndpointOutage
from coldtrace_sim.scenarios.climate import ClimateModel, Window


def make_probe(unit: int, port: int = 0, *spells: Unreachable) -> SimProbe:
    return SimProbe(
        ProbeIdentity(f"CTP-U{port}-{unit}"),
        ProbeAddress(port, unit),
        ProbeBehaviour(ClimateModel(5.0), unreachable=spells),
    )


async def test_silent_probe_times_out_while_its_neighbours_answer(clock, modbus_client):
    silent = make_probe(1, 0, Unreachable(Window(100.0, 200.0), Reachability.SILENT))
    async with ProbeServer([silent, make_probe(2)], clock) as server:
        client = await modbus_client(server.port, timeout_s=0.3)
        clock.set_elapsed(150.0)
        with pytest.raises(ModbusIOException):
            await client.read_input_registers(0, count=1, device_id=1)
        neighbour = await client.read_input_registers(0, count=1, device_id=2)
        clock.set_elapsed(200.0)
        back = await client.read_input_registers(0, count=1, device_id=1)
    assert not neighbour.isError()
    assert not back.isError()


async def test_gateway_error_mode_answers_exception_0x0b(clock, modbus_client):
    failing = make_probe(3, 0, Unreachable(Window(0.0), Reachability.GATEWAY_ERROR))
    async with ProbeServer([failing], clock) as server:
        client = await modbus_client(server.port)
        response = await client.read_input_registers(0, count=8, device_id=3)
    assert isinstance(response, ExceptionResponse)
    assert response.exception_code == 0x0B


async def test_endpoint_outage_closes_connections_and_comes_back_on_the_same_port(
    clock, modbus_client, free_port_block
):
    port = free_port_block(1)
    outage = EndpointOutage(port, Window(60.0, 120.0))
    fleet = ProbeFleet([make_probe(1, port)], clock, outages=[outage])
    stop = asyncio.Event()
    async with fleet, asyncio.TaskGroup() as group:
        group.create_task(fleet.run_outages(stop), name="outages")
        client = await modbus_client(port, timeout_s=0.5)
        assert not (await client.read_input_registers(0, count=1, device_id=1)).isError()
        clock.set_elapsed(60.0)
        await wait_for_port(port, open_=False)
        with pytest.raises(ModbusException):  # the connection was closed under the client
            await client.read_input_registers(0, count=1, device_id=1)
        with pytest.raises(ConnectionRefusedError):
            await asyncio.open_connection("127.0.0.1", port)
        clock.set_elapsed(120.0)
        await wait_for_port(port, open_=True)
        again = await modbus_client(port)
        assert not (await again.read_input_registers(0, count=1, device_id=1)).isError()
        stop.set()


async def wait_for_port(port: int, *, open_: bool) -> None:
    """Let the outage task run until the port is in the expected state."""
    for _ in range(200):
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except ConnectionRefusedError:
            if not open_:
                return
        else:
            writer.close()
            await writer.wait_closed()
            if open_:
                return
        await asyncio.sleep(0.01)
    pytest.fail(f"port {port} never became {'open' if open_ else 'closed'}")


async def test_port_in_use_is_a_clear_error(clock):
    async with ProbeServer([make_probe(1)], clock) as first:
        second = ProbeServer([make_probe(1)], clock, port=first.port)
        with pytest.raises(ProbeServerError) as caught:
            await second.start()
    assert caught.value.port == first.port
