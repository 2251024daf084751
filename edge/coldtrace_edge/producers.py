"""What feeds the outbox on this gateway: the long-lived producer loops the agent runs.

Each producer is a named coroutine that appends to the outbox; the agent starts them in its
TaskGroup and cancels them first on shutdown, before draining the uplink.
"""

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from coldtrace_edge.loggers import DumpFolder, DumpImporter, DumpWatcher, dump_folder_path
from coldtrace_edge.rfid.config import load_portal_file
from coldtrace_edge.rfid.holds import HoldBook
from coldtrace_edge.rfid.portal import RfidPortals
from coldtrace_edge.sensors.config import load_probe_config
from coldtrace_edge.sensors.endpoint import PollOptions
from coldtrace_edge.sensors.poller import ProbePoller
from coldtrace_edge.settings import Settings
from coldtrace_edge.synthetic import SyntheticFleet
from coldtrace_edge.uplink.mqtt_link import MqttLink
from coldtrace_edge.uplink.outbox import Outbox
from coldtrace_protocol.topics import GatewayTopic, TopicKind


@dataclass(frozen=True)
class Producer:
    """A named long-lived loop feeding the outbox."""

    name: str
    run: Callable[[], Coroutine[Any, Any, None]]


def build_producers(
    settings: Settings, outbox: Outbox, link: MqttLink | None = None
) -> list[Producer]:
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
    if settings.probes_file is not None:
        probes = load_probe_config(settings.probes_file)
        poller = ProbePoller(probes, outbox, poll_options(settings))
        producers.append(Producer("probe-poller", poller.run))
    if settings.portals_file is not None:
        producers.append(rfid_producer(settings, outbox, link))
    # Always on: the watcher holds the folder's importer lock, which tells `import-dump` that
    # the agent (the outbox's owner) is running.
    folder = DumpFolder(dump_folder_path(settings))
    importer = DumpImporter(folder, outbox, max_bytes=settings.logger_dump_max_bytes)
    producers.append(Producer("logger-dumps", DumpWatcher(importer).run))
    return producers


def poll_options(settings: Settings) -> PollOptions:
    """The probe poller's options from the settings."""
    return PollOptions(
        timeout_s=settings.probe_timeout_s,
        clock_tolerance_s=settings.probe_clock_tolerance_s,
        reconnect_min_s=settings.probe_reconnect_min_s,
        reconnect_max_s=settings.probe_reconnect_max_s,
    )


def rfid_producer(settings: Settings, outbox: Outbox, link: MqttLink | None) -> Producer:
    """The RFID portals, enforcing the holds kept in the data folder and updated from the
    gateway's retained holds topic."""
    assert settings.portals_file is not None  # noqa: S101 - checked by the caller
    holds = HoldBook(settings.data_dir / "holds.json")
    if link is not None:
        topic = GatewayTopic(
            settings.site_id, settings.gateway_id, TopicKind.HOLDS, settings.mqtt_topic_prefix
        )
        link.subscribe(str(topic), holds.accept)
    portals = RfidPortals(load_portal_file(settings.portals_file), outbox, holds)
    return Producer("rfid-portals", portals.run)
