"""Hundreds of probes in one process, spread over ports by unit id."""

import asyncio

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coldtrace_sim.modbus import (
    ProbeBehaviour,
    ProbeConfigError,
    ProbeFleet,
    ProbeIdentity,
    SimProbe,
    assign_addresses,
)
from coldtrace_sim.modbus import registers as reg
from coldtrace_sim.scenarios.climate import ClimateModel

FLEET_SIZE = 300


async def test_three_hundred_probes_answer_with_their_own_identity(
    clock, modbus_client, free_port_block
):
    base = free_port_block(2)
    addresses = assign_addresses(FLEET_SIZE, base_port=base)
    probes = [
        SimProbe(
            ProbeIdentity(f"CTP-{index:06d}"),
            address,
            ProbeBehaviour(ClimateModel(2.0 + index % 7, cycle_phase_s=index * 37.0)),
        )
        for index, address in enumerate(addresses)
    ]
    async with ProbeFleet(probes, clock) as fleet:
        assert sorted(fleet.servers) == [base, base + 1]
        clients = {port: await modbus_client(port) for port in fleet.servers}

        async def identify(probe: SimProbe) -> tuple[str, int]:
            client = clients[probe.address.port]
            unit = probe.address.unit
            ident = await client.read_holding_registers(reg.SERIAL, count=8, device_id=unit)
            live = await client.read_input_registers(0, count=reg.LIVE_COUNT, device_id=unit)
            return reg.decode_text(ident.registers), reg.decode_int16(live.registers[0])

        answers = await asyncio.gather(*(identify(probe) for probe in probes))
    assert [serial for serial, _ in answers] == [p.identity.serial for p in probes]
    for index, (_, tenths) in enumerate(answers):
        assert abs(tenths / 10 - (2.0 + index % 7)) < 0.6


def test_addresses_fill_a_port_then_move_to_the_next():
    addresses = assign_addresses(500, base_port=15020, unit_base=1)
    assert addresses[0] == (15020, 1)
    assert addresses[246] == (15020, 247)
    assert addresses[247] == (15021, 1)
    assert addresses[-1] == (15022, 6)
    assert assign_addresses(5, base_port=502, unit_base=10, units_per_port=2)[4] == (504, 10)


@given(
    count=st.integers(0, 2000),
    unit_base=st.integers(1, 247),
    per_port=st.integers(1, 247),
)
def test_addresses_are_unique_and_legal(count, unit_base, per_port):
    per_port = min(per_port, 248 - unit_base)
    addresses = assign_addresses(
        count, base_port=20000, unit_base=unit_base, units_per_port=per_port
    )
    assert len(set(addresses)) == count
    assert all(1 <= unit <= 247 for _, unit in addresses)


def test_fleet_refuses_duplicate_serials(clock):
    climate = ClimateModel(5.0)
    twins = [
        SimProbe(ProbeIdentity("CTP-TWIN"), address, ProbeBehaviour(climate))
        for address in assign_addresses(2, base_port=20000)
    ]
    with pytest.raises(ProbeConfigError, match="CTP-TWIN"):
        ProbeFleet(twins, clock)
