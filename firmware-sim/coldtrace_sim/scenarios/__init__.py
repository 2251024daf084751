"""YAML scenarios: a scalable sim clock, climate models over time, and the runner that drives them.

Probes (``coldtrace_sim.modbus``) and transit loggers (``coldtrace_sim.loggers``) share the clock
and the climate models defined here; the runner lives in ``scenarios.runner`` and is imported
only by the ``scenario`` command, so importing this package starts nothing.
"""

from coldtrace_sim.scenarios.clock import ManualClock, ScaledClock, SimClock
from coldtrace_sim.scenarios.errors import ScenarioError

__all__ = ["ManualClock", "ScaledClock", "ScenarioError", "SimClock"]
