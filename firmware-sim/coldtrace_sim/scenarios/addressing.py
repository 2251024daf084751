"""Where scenario probes answer: assigning ports and unit ids, and moving a scenario's ports."""

from collections.abc import Iterator

from coldtrace_sim.modbus.probe import MAX_UNIT_ID, ProbeAddress
from coldtrace_sim.scenarios.errors import ScenarioError
from coldtrace_sim.scenarios.schema import ProbesSection


def free_addresses(
    base_port: int, unit_base: int, per_port: int, taken: set[tuple[int, int]]
) -> Iterator[ProbeAddress]:
    """Addresses not in ``taken``: ``per_port`` units from ``unit_base`` on each port in turn."""
    port = base_port
    while port <= 0xFFFF:
        for unit in range(unit_base, unit_base + per_port):
            if (port, unit) not in taken:
                yield ProbeAddress(port, unit)
        port += 1
    msg = "ran out of Modbus TCP ports while assigning probe addresses"
    raise ScenarioError(msg)


def first_free_on(port: int, unit_base: int, taken: set[tuple[int, int]]) -> ProbeAddress:
    """The lowest unit id from ``unit_base`` on ``port`` that is not in ``taken``."""
    for unit in range(unit_base, MAX_UNIT_ID + 1):
        if (port, unit) not in taken:
            return ProbeAddress(port, unit)
    msg = f"port {port} has no free unit id left"
    raise ScenarioError(msg)


def shift_ports(section: ProbesSection, delta: int) -> ProbesSection:
    """The section with every port (base, per-probe, outages) moved by ``delta``."""

    def moved(port: int | None) -> int | None:
        return None if port is None else port + delta

    locations = tuple(
        location.model_copy(
            update={
                "probes": tuple(
                    p.model_copy(update={"port": moved(p.port)}) for p in location.probes
                )
            }
        )
        for location in section.locations
    )
    outages = tuple(o.model_copy(update={"port": o.port + delta}) for o in section.outages)
    return section.model_copy(
        update={"port": moved(section.port), "locations": locations, "outages": outages}
    )
