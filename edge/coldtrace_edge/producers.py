"""What feeds the outbox on this gateway: the long-lived producer loops the agent runs.

Each producer is a named coroutine that appends to the outbox; the agent starts them in its
TaskGroup and cancels them first on shutdown, before draining the uplink.
"""

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from coldtrace_edge.settings import Settings
from coldtrace_edge.synthetic import SyntheticFleet
from coldtrace_edge.uplink.outbox import Outbox


@dataclass(frozen=True)
class Producer:
    """A named long-lived loop feeding the outbox."""

    name: str
    run: Callable[[], Coroutine[Any, Any, None]]


def build_producers(settings: Settings, outbox: Outbox) -> list[Producer]:
    """The producers this gateway's settings ask for (probe pollers, dump import, portals)."""
    producers: list[Producer] = []
    if settings.synthetic_sensors and settings.synthetic_total:
        fleet = SyntheticFleet(
            outbox,
            settings.gateway_id,
            settings.synthetic_sensors,
            settings.synthetic_total,
            settings.synthetic_interval_s,
            settings.synthetic_rounds_per_s,
            settings.data_dir / "synthetic-cursor.json",
        )
        producers.append(Producer("synthetic-fleet", fleet.run))
    return producers
