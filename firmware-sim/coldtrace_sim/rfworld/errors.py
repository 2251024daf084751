"""Exceptions of the RF world.

RFWorldError             root of everything coldtrace_sim.rfworld raises
 +-- ScenarioSpecError   the scenario's readers/movements sections are not valid
"""


class RFWorldError(Exception):
    """Root of the exceptions raised by coldtrace_sim.rfworld."""


class ScenarioSpecError(RFWorldError, ValueError):
    """Invalid ``readers`` or ``movements``; ``errors`` counts the faults found."""

    def __init__(self, message: str, *, errors: int) -> None:
        super().__init__(message)
        self.errors = errors
