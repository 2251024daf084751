"""One simulated reader: its configuration, ROSpecs, GPIO and RF field, across connections.

The reader outlives its connections as a real one does: configuration and ROSpecs stay when a
client goes away, and the next client may find them (sllurp resets them on connect). Reports
produced while no client is connected are dropped, as on a reader that does not hold reports
(LLRPCapabilities.SupportsEventAndReportHolding is false).
"""

import logging
import random
from typing import TYPE_CHECKING

from coldtrace_sim.llrp.clock import SimClock
from coldtrace_sim.llrp.config import ReaderConfig
from coldtrace_sim.llrp.enums import NotificationEventType
from coldtrace_sim.llrp.gpio import Gpio
from coldtrace_sim.llrp.message import Message
from coldtrace_sim.llrp.messages import ReaderEventNotification
from coldtrace_sim.llrp.parameter import Param
from coldtrace_sim.llrp.params_common import UTCTimestamp
from coldtrace_sim.llrp.params_events import GPIEvent, ReaderEventNotificationData
from coldtrace_sim.llrp.profile import ReaderProfile
from coldtrace_sim.llrp.rospec import Spawn
from coldtrace_sim.llrp.rospec_table import ROSpecTable
from coldtrace_sim.llrp.tags import TagField

if TYPE_CHECKING:
    from coldtrace_sim.llrp.session import Session

logger = logging.getLogger(__name__)


class Reader:
    """The state of one simulated reader; ``spawn`` runs its ROSpecs in the owner's task group."""

    def __init__(
        self, profile: ReaderProfile, field: TagField, clock: SimClock, spawn: Spawn
    ) -> None:
        self.profile = profile
        self.field = field
        self.clock = clock
        self.rng = random.Random(profile.name)  # noqa: S311 - simulation, not cryptography
        self.gpio = Gpio(profile.gpi_count, profile.gpo_count)
        self.config = ReaderConfig(profile, self.gpio)
        self.rospecs = ROSpecTable(self, spawn)
        self.session: Session | None = None
        self.reports_dropped = 0
        self._message_id = 0
        hops = list(range(1, len(profile.channels_khz) + 1))
        self.rng.shuffle(hops)
        self._hops = hops
        self.gpio.on_gpi(self._gpi_event)

    def next_message_id(self) -> int:
        """The id of the next reader-initiated message (1 to 2**32-1, then wraps)."""
        self._message_id = self._message_id % 0xFFFFFFFF + 1
        return self._message_id

    def channel_index(self, at_s: float) -> int:
        """Frequency hopping: a shuffled hop table, one channel per dwell time (FCC part 15)."""
        return self._hops[int(at_s / self.profile.channel_dwell_s) % len(self._hops)]

    def event_message(self, **data: Param) -> ReaderEventNotification:
        """A READER_EVENT_NOTIFICATION stamped with the reader's UTC time (§13.2.6.1)."""
        return ReaderEventNotification(
            ReaderEventNotificationData(UTCTimestamp(self.clock.now_us()), **data)  # type: ignore[arg-type]
        )

    async def send(self, message: Message) -> None:
        """Send an unsolicited message (a report) to the client, waiting for the socket."""
        session = self.session
        if session is None:
            self.reports_dropped += 1
            return
        await session.send(message)

    async def notify(self, event: NotificationEventType, **data: Param) -> None:
        """Send a READER_EVENT_NOTIFICATION if the client enabled ``event``."""
        if self.session is not None and self.config.event_enabled(event):
            self.session.post(self.event_message(**data))

    def _gpi_event(self, port: int, high: bool) -> None:
        if self.session is not None and self.config.event_enabled(NotificationEventType.GPI):
            self.session.post(self.event_message(gpi=GPIEvent(port, high)))
