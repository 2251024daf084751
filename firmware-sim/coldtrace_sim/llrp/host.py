"""What a running ROSpec needs from its reader, and why a run ends."""

import random
from enum import Enum
from typing import Protocol

from coldtrace_sim.llrp.clock import SimClock
from coldtrace_sim.llrp.config import ReaderConfig
from coldtrace_sim.llrp.enums import NotificationEventType
from coldtrace_sim.llrp.gpio import Gpio
from coldtrace_sim.llrp.message import Message
from coldtrace_sim.llrp.parameter import Param
from coldtrace_sim.llrp.profile import ReaderProfile
from coldtrace_sim.llrp.tags import TagField


class Host(Protocol):
    """What a running ROSpec needs from its reader."""

    profile: ReaderProfile
    config: ReaderConfig
    clock: SimClock
    field: TagField
    gpio: Gpio
    rng: random.Random

    async def send(self, message: Message) -> None:
        """Send an unsolicited message to the connected client, if any."""
        ...

    async def notify(self, event: NotificationEventType, **data: Param) -> None:
        """Send a READER_EVENT_NOTIFICATION if the client enabled ``event``."""
        ...

    def channel_index(self, at_s: float) -> int:
        """The hop-table channel (1-based) the reader transmits on at ``at_s``."""
        ...


class EndReason(Enum):
    """Why a ROSpec run ended."""

    DONE = "all specs done"
    STOP_TRIGGER = "ROSpec stop trigger"
    STOPPED = "stopped by the client"
