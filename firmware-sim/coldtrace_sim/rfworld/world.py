"""Tagged goods moving through dock-door portals, and what each reader antenna sees of them.

Each portal is a door in a wall; positions are measured along the path through it: negative on
the dock side (outside), positive in the cold room (inside). Antennas hang on the door frame,
one per side. A pallet passing ``in`` goes from 8 m outside to 8 m inside, so the outside
antenna reads it first, both read it in the doorway, then only the inside one; the wall hides a
tag from the antenna on the other side except for the odd reflection (see ``radio``).
"""

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from coldtrace_protocol.identifiers import IdentifierError
from coldtrace_sim.llrp.tags import Observation
from coldtrace_sim.rfworld.epcs import case_epc, item_epc, pallet_epc, raw_epc
from coldtrace_sim.rfworld.errors import ScenarioSpecError
from coldtrace_sim.rfworld.radio import RadioModel
from coldtrace_sim.rfworld.scenario import MovementsSpec, PalletSpec, ReaderSpec

PASS_HALF_LENGTH_M: Final = 8.0  # a pass runs from 8 m on one side to 8 m on the other
ANTENNA_OFFSET_M: Final = 1.0  # antennas hang this far from the door plane
ANTENNA_LATERAL_M: Final = 1.2  # on the door frame, beside the opening
ANTENNA_HEIGHT_M: Final = 1.5
DOOR_CLEARANCE_M: Final = 1.0  # within this of the door plane a tag is seen through the opening


@dataclass(frozen=True, slots=True)
class Tag:
    """One tag: its EPC, where it sits on its load (along, across, height) and its own loss."""

    epc: bytes
    kind: str  # pallet, case, item, noise
    offset_m: tuple[float, float, float]
    loss_db: float


@dataclass(frozen=True, slots=True)
class Placement:
    """A load near a portal: signed distance from the door plane (negative = outside)."""

    portal: str
    x_m: float


def side_sign(side: str) -> float:
    """-1 for the dock side, +1 for the cold room side."""
    return -1.0 if side == "outside" else 1.0


@dataclass
class Load:
    """A group of tags that move together (a pallet) or lie still (noise)."""

    name: str
    tags: list[Tag]
    spec: PalletSpec | None = None
    fixed: Placement | None = None

    def placement(self, t_s: float) -> Placement | None:
        """Where the load is ``t_s`` simulated seconds into the scenario, if near a portal."""
        if self.fixed is not None:
            return self.fixed
        assert self.spec is not None  # noqa: S101 - a load is fixed or a pallet
        for move in self.spec.passes:
            duration = 2 * PASS_HALF_LENGTH_M / move.speed_mps
            if move.at <= t_s < move.at + duration:
                travelled = (t_s - move.at) * move.speed_mps - PASS_HALF_LENGTH_M
                return Placement(move.portal, travelled if move.direction == "in" else -travelled)
        for park in self.spec.parked:
            if park.start <= t_s and (park.until is None or t_s < park.until):
                return Placement(park.portal, side_sign(park.side) * park.distance_m)
        return None


def _pallet_tags(spec: PalletSpec, prefix: str, rng: random.Random) -> list[Tag]:
    tags = [Tag(pallet_epc(prefix, spec.sscc), "pallet", (0.0, 0.6, 0.15), 0.0)]
    for content in spec.contents:
        loose = content.cases == 0
        for case in range(max(content.cases, 1)):
            spot = (rng.uniform(-0.5, 0.5), rng.uniform(-0.5, 0.5), rng.uniform(0.2, 1.6))
            if not loose:
                serial = content.first_serial + case
                tags.append(
                    Tag(case_epc(prefix, content.product, serial), "case", spot, rng.uniform(0, 4))
                )
            for item in range(content.items_per_case):
                serial = content.first_serial + case * content.items_per_case + item
                jitter = tuple(v + rng.uniform(-0.15, 0.15) for v in spot)
                tags.append(
                    Tag(
                        item_epc(prefix, content.product, serial),
                        "item",
                        (jitter[0], jitter[1], jitter[2]),
                        rng.uniform(3, 12),  # shadowed by the case and its neighbours
                    )
                )
    return tags


@dataclass
class World:
    """Every load of a scenario and the radio model they are read through."""

    loads: list[Load]
    radio: RadioModel = field(default_factory=RadioModel)
    rng: random.Random = field(default_factory=random.Random)

    @classmethod
    def build(cls, spec: MovementsSpec, radio: RadioModel | None = None) -> "World":
        """Tags with GS1 EPCs for every pallet, case and item, plus the noise tags."""
        rng = random.Random(spec.seed)  # noqa: S311 - simulation, not cryptography
        loads = []
        try:
            for pallet in spec.pallets:
                loads.append(
                    Load(pallet.id, _pallet_tags(pallet, spec.company_prefix, rng), pallet)
                )
        except IdentifierError as exc:
            raise ScenarioSpecError(f"cannot encode an EPC: {exc}", errors=1) from exc
        for index, noise in enumerate(spec.noise):
            tags = [
                Tag(
                    raw_epc(rng),
                    "noise",
                    (rng.uniform(-1, 1), rng.uniform(-1.5, 1.5), rng.uniform(0, 2)),
                    rng.uniform(0, 6),
                )
                for _ in range(noise.count)
            ]
            where = Placement(noise.portal, side_sign(noise.side) * noise.distance_m)
            loads.append(Load(f"noise-{index + 1}", tags, fixed=where))
        return cls(loads, radio or RadioModel(), rng)

    def epcs(self) -> dict[bytes, str]:
        """Every EPC and the kind of thing it is on."""
        return {tag.epc: tag.kind for load in self.loads for tag in load.tags}

    def observe(
        self, portal: str, side: str, t_s: float, tx_power_dbm: float
    ) -> Sequence[Observation]:
        """One inventory round of the antenna on ``side`` of ``portal`` at ``t_s``."""
        sign = side_sign(side)
        antenna = (sign * ANTENNA_OFFSET_M, ANTENNA_LATERAL_M, ANTENNA_HEIGHT_M)
        reads: list[Observation] = []
        for load in self.loads:
            where = load.placement(t_s)
            if where is None or where.portal != portal:
                continue
            for tag in load.tags:
                x = where.x_m + tag.offset_m[0]
                distance = math.dist(antenna, (x, tag.offset_m[1], tag.offset_m[2]))
                blocked = sign * x < -DOOR_CLEARANCE_M
                rssi = self.radio.observe(
                    tx_power_dbm, distance, blocked=blocked, tag_loss_db=tag.loss_db, rng=self.rng
                )
                if rssi is not None:
                    reads.append(Observation(tag.epc, rssi))
        self.rng.shuffle(reads)  # Gen2 singulation answers in no fixed order
        return reads


class PortalField:
    """The TagField of one reader: its antenna ports mapped to portal sides of the world."""

    def __init__(self, world: World, reader: ReaderSpec, start_s: float) -> None:
        self.world = world
        self.start_s = start_s
        self._antennas = {a.port: (a.portal, a.side) for a in reader.antennas}

    def inventory(self, antenna_id: int, at_s: float, tx_power_dbm: float) -> Iterable[Observation]:
        """What one round on ``antenna_id`` singulates; unconnected ports see nothing."""
        mounted = self._antennas.get(antenna_id)
        if mounted is None:
            return ()
        return self.world.observe(mounted[0], mounted[1], at_s - self.start_s, tx_power_dbm)
