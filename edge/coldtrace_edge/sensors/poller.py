"""The probe poller producer: one task per Modbus endpoint plus one outbox writer.

Hundreds of probes cost a handful of tasks: probes are grouped per connection (host:port), each
endpoint task reads its probes one request per live block, and one writer appends whatever the
endpoints produced to the outbox in as few transactions as the disk allows.
"""

import asyncio
import logging
from collections.abc import Sequence

from coldtrace_edge.sensors.config import ProbeConfig, check_unique
from coldtrace_edge.sensors.endpoint import EndpointPoller, GatewayClock, PollOptions, utc_now
from coldtrace_edge.sensors.sink import ReadingSink
from coldtrace_edge.uplink.outbox import Outbox

logger = logging.getLogger(__name__)


def group_by_endpoint(probes: Sequence[ProbeConfig]) -> dict[tuple[str, int], list[ProbeConfig]]:
    """Probes per (host, port), in configuration order."""
    groups: dict[tuple[str, int], list[ProbeConfig]] = {}
    for probe in probes:
        groups.setdefault(probe.endpoint, []).append(probe)
    return groups


class ProbePoller:
    """Polls every configured probe and stores the readings in the outbox."""

    def __init__(
        self,
        probes: Sequence[ProbeConfig],
        outbox: Outbox,
        options: PollOptions,
        *,
        now: GatewayClock = utc_now,
    ) -> None:
        check_unique(probes)
        self.sink = ReadingSink(outbox)
        self.endpoints = [
            EndpointPoller(host, port, group, options, now=now)
            for (host, port), group in group_by_endpoint(probes).items()
        ]

    async def run(self) -> None:
        """Run every endpoint and the writer until cancelled."""
        # pymodbus logs every unanswered request at ERROR; the endpoints log each episode once.
        if not logger.isEnabledFor(logging.DEBUG):
            logging.getLogger("pymodbus").setLevel(logging.CRITICAL)
        async with asyncio.TaskGroup() as tasks:
            tasks.create_task(self.sink.run(), name="probe-readings-writer")
            for endpoint in self.endpoints:
                tasks.create_task(endpoint.run(self.sink.put), name=f"probes-{endpoint.name}")
