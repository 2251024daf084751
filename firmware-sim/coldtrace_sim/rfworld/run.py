"""Running an RFID scenario: one simulated reader per ``readers`` entry, and the timeline.

The timeline logs each pallet movement as it starts and drives the portals' photo-eyes: a
reader's GPI goes high while a pallet is in the doorway (±0.5 m around the door plane) and low
once it is through. GPO writes from the client (a stack light, the hold alarm) are logged.
"""

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from coldtrace_sim.llrp.clock import SimClock
from coldtrace_sim.llrp.gpio import Gpio
from coldtrace_sim.llrp.profile import ReaderProfile
from coldtrace_sim.llrp.server import ReaderServer
from coldtrace_sim.rfworld.scenario import ReaderSpec, RfidScenario
from coldtrace_sim.rfworld.world import PASS_HALF_LENGTH_M, PortalField, World

logger = logging.getLogger(__name__)

DOORWAY_HALF_WIDTH_M = 0.5  # the photo-eye beam is broken while the load is this close


@dataclass(frozen=True)
class Event:
    """Something that happens at ``at_s`` simulated seconds into the scenario."""

    at_s: float
    action: Callable[[], None]


class PhotoEye:
    """A light barrier on a reader's GPI: high while at least one load breaks the beam."""

    def __init__(self, reader_id: str, gpio: Gpio, port: int) -> None:
        self.reader_id = reader_id
        self.gpio = gpio
        self.port = port
        self.blocked = 0

    def enter(self) -> None:
        """A load reaches the doorway."""
        self.blocked += 1
        if self.blocked == 1:
            self.gpio.set_gpi(self.port, high=True)

    def leave(self) -> None:
        """A load has passed the doorway."""
        self.blocked = max(0, self.blocked - 1)
        if self.blocked == 0:
            self.gpio.set_gpi(self.port, high=False)


def timeline(world: World, eyes: dict[str, list[PhotoEye]]) -> list[Event]:
    """Movement log lines and photo-eye changes, in time order."""
    events: list[Event] = []
    for load in world.loads:
        if load.spec is None:
            continue
        for move in load.spec.passes:

            def announce(
                name: str = load.name, portal: str = move.portal, way: str = move.direction
            ) -> None:
                logger.info("pallet %s moving %s through %s", name, way, portal)

            events.append(Event(move.at, announce))
            for eye in eyes.get(move.portal, []):
                reach = (PASS_HALF_LENGTH_M - DOORWAY_HALF_WIDTH_M) / move.speed_mps
                clear = (PASS_HALF_LENGTH_M + DOORWAY_HALF_WIDTH_M) / move.speed_mps
                events.append(Event(move.at + reach, eye.enter))
                events.append(Event(move.at + clear, eye.leave))
    return sorted(events, key=lambda event: event.at_s)


async def play(events: list[Event], clock: SimClock, start_s: float) -> None:
    """Run each event at its simulated time."""
    for event in events:
        await clock.sleep(event.at_s - (clock.now_s() - start_s))
        event.action()


def profile_for(spec: ReaderSpec) -> ReaderProfile:
    """The simulated reader behind a ``readers`` entry."""
    return ReaderProfile(
        name=spec.id,
        vendor=spec.vendor,
        antenna_count=spec.ports,
        read_rate_per_s=spec.read_rate_per_s,
    )


async def run_world(
    scenario: RfidScenario,
    clock_speed: float,
    stop: asyncio.Event,
    *,
    on_ready: Callable[[list[ReaderServer]], None] | None = None,
) -> None:
    """Serve every reader and play the timeline until ``stop`` is set."""
    clock = SimClock(clock_speed)
    world = World.build(scenario.movements)
    start_s = clock.now_s()
    eyes: dict[str, list[PhotoEye]] = {}
    async with contextlib.AsyncExitStack() as stack:
        servers: list[ReaderServer] = []
        for spec in scenario.readers:
            server = ReaderServer(
                profile_for(spec),
                PortalField(world, spec, start_s),
                clock=clock,
                host=spec.host,
                port=spec.port,
            )
            servers.append(await stack.enter_async_context(server))
            gpio = server.reader.gpio

            def stack_light(port: int, high: bool, reader: str = spec.id) -> None:
                logger.info(
                    "reader %s GPO %s (stack light) %s", reader, port, "on" if high else "off"
                )

            gpio.on_gpo(stack_light)
            if spec.photo_eye is not None:
                eye = PhotoEye(spec.id, gpio, spec.photo_eye.gpi)
                eyes.setdefault(spec.photo_eye.portal, []).append(eye)
        logger.info(
            "RFID world: %s reader(s), %s tag(s), clock x%s",
            len(servers),
            len(world.epcs()),
            clock_speed,
        )
        if on_ready is not None:
            on_ready(servers)
        async with asyncio.TaskGroup() as group:
            player = group.create_task(
                play(timeline(world, eyes), clock, start_s), name="rfid-timeline"
            )
            await stop.wait()
            player.cancel()
