"""Simulated Modbus TCP temperature / humidity probes, hundreds per process.

Each probe answers on a TCP port under its own unit id with the register map documented in
``firmware-sim/README.md`` ("Modbus probes") and in :mod:`coldtrace_sim.modbus.registers`.
"""

from coldtrace_sim.modbus.errors import ProbeConfigError, ProbeError, ProbeServerError
from coldtrace_sim.modbus.fleet import ProbeFleet, assign_addresses
from coldtrace_sim.modbus.probe import (
    ProbeAddress,
    ProbeBehaviour,
    ProbeIdentity,
    ProbeSnapshot,
    Reachability,
    SimProbe,
    Unreachable,
)
from coldtrace_sim.modbus.server import ProbeServer

__all__ = [
    "ProbeAddress",
    "ProbeBehaviour",
    "ProbeConfigError",
    "ProbeError",
    "ProbeFleet",
    "ProbeIdentity",
    "ProbeServer",
    "ProbeServerError",
    "ProbeSnapshot",
    "Reachability",
    "SimProbe",
    "Unreachable",
    "assign_addresses",
]
