"""The RFID part of a scenario file: ``readers`` (portals) and ``movements`` (tagged goods).

Other top-level keys (``clock``, ``probes``, ``loggers``) belong to the probe scenarios and are
ignored here. Times (``at``, ``from``, ``until``) are durations after the portals start, in
simulated time, written like the rest of the file (``90s``, ``15m``, ``1h30m``)::

    readers:
      - id: dock-door-1
        port: 15084
        vendor: plain                    # impinj | plain
        antennas:
          - {port: 1, portal: door-1, side: outside}   # the dock side of the door
          - {port: 2, portal: door-1, side: inside}    # the cold room side
        photo_eye: {gpi: 1, portal: door-1}
    movements:
      company_prefix: "9521234"          # GS1 demo prefix range 952
      pallets:
        - id: PAL-001
          sscc: "0000000101"             # extension digit + serial reference
          contents:
            - {product: "012345", lot: L2401, cases: 2, items_per_case: 6, first_serial: 1001}
          passes:
            - {at: 20s, portal: door-1, direction: in}
          parked:
            - {from: 40s, portal: door-1, side: inside, distance_m: 5}
      noise:
        - {portal: door-1, side: outside, distance_m: 4, count: 3}

``run_rfid_scenario(doc, clock_speed, stop)`` is what the scenario runner calls.
"""

import asyncio
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from coldtrace_sim.llrp.profile import VendorMode
from coldtrace_sim.llrp.server import ReaderServer
from coldtrace_sim.rfworld.epcs import DEMO_COMPANY_PREFIX
from coldtrace_sim.rfworld.errors import ScenarioSpecError
from coldtrace_sim.scenarios.durations import parse_duration_s

Duration = Annotated[float, BeforeValidator(parse_duration_s)]
Ident = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
Digits = Annotated[str, Field(pattern=r"^[0-9]+$")]
Side = Literal["outside", "inside"]


class Spec(BaseModel):
    """Immutable blocks; a misspelt key is an error, not a silently ignored line."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class AntennaSpec(Spec):
    """One antenna port of a reader, mounted on one side of a portal's door."""

    port: int = Field(ge=1, le=32)
    portal: Ident
    side: Side


class PhotoEyeSpec(Spec):
    """A light barrier across a portal's doorway, wired to a GPI port of the reader."""

    gpi: int = Field(default=1, ge=1, le=32)
    portal: Ident


class ReaderSpec(Spec):
    """A simulated LLRP reader serving the antennas of one or more portals."""

    id: Ident
    host: str = "127.0.0.1"
    port: int = Field(ge=0, le=65535)
    vendor: VendorMode = VendorMode.IMPINJ
    antennas: list[AntennaSpec] = Field(min_length=1)
    antenna_count: int | None = Field(default=None, ge=1, le=32)
    photo_eye: PhotoEyeSpec | None = None
    read_rate_per_s: float = Field(default=800.0, ge=0.0)

    @model_validator(mode="after")
    def _ports_fit(self) -> Self:
        ports = [a.port for a in self.antennas]
        if len(set(ports)) != len(ports):
            raise ValueError(f"reader {self.id}: an antenna port is listed twice")
        if self.antenna_count is not None and max(ports) > self.antenna_count:
            raise ValueError(f"reader {self.id}: antenna port above antenna_count")
        return self

    @property
    def ports(self) -> int:
        """How many antenna ports the reader reports (at least the connected ones, 4 or more)."""
        return self.antenna_count or max(4, *(a.port for a in self.antennas))


class ContentSpec(Spec):
    """Cases of one product and lot on a pallet, each case holding items (SGTIN-96 tags)."""

    product: Digits  # the item reference, indicator digit first
    lot: str = Field(min_length=1, max_length=20)
    cases: int = Field(default=1, ge=0, le=200)
    items_per_case: int = Field(default=0, ge=0, le=500)
    first_serial: int = Field(default=1, ge=0, lt=2**38 - 100_000)


class PassSpec(Spec):
    """A forklift carrying the pallet through a portal, ``in`` = from the dock into the room."""

    at: Duration
    portal: Ident
    direction: Literal["in", "out"]
    speed_mps: float = Field(default=1.2, gt=0.05, le=10.0)


class ParkSpec(Spec):
    """The pallet standing near a portal, read on and off at low signal."""

    start: Duration = Field(default=0.0, alias="from")
    until: Duration | None = None
    portal: Ident
    side: Side
    distance_m: float = Field(default=5.0, ge=0.5, le=30.0)


class PalletSpec(Spec):
    """A pallet (SSCC-96 tag) with its cases and items, and where it goes when."""

    id: Ident
    sscc: Digits  # extension digit + serial reference
    contents: list[ContentSpec] = Field(default_factory=list)
    passes: list[PassSpec] = Field(default_factory=list)
    parked: list[ParkSpec] = Field(default_factory=list)


class NoiseSpec(Spec):
    """Tags without GS1 EPCs (raw E2... chips) lying near a portal."""

    portal: Ident
    side: Side = "outside"
    distance_m: float = Field(default=4.0, ge=0.5, le=30.0)
    count: int = Field(default=3, ge=0, le=1000)


class MovementsSpec(Spec):
    """Every tagged thing and its timeline."""

    company_prefix: Digits = DEMO_COMPANY_PREFIX
    pallets: list[PalletSpec] = Field(default_factory=list)
    noise: list[NoiseSpec] = Field(default_factory=list)
    seed: int = 1


class RfidScenario(Spec):
    """The ``readers`` and ``movements`` sections of a scenario file."""

    readers: list[ReaderSpec] = Field(default_factory=list)
    movements: MovementsSpec = Field(default_factory=MovementsSpec)

    @model_validator(mode="after")
    def _references_resolve(self) -> Self:
        ids = [r.id for r in self.readers]
        if len(set(ids)) != len(ids):
            raise ValueError("reader ids must be unique")
        ports = [(r.host, r.port) for r in self.readers if r.port]
        if len(set(ports)) != len(ports):
            raise ValueError("two readers listen on the same host and port")
        portals = {a.portal for r in self.readers for a in r.antennas}
        used = {p.portal for pallet in self.movements.pallets for p in pallet.passes}
        used |= {p.portal for pallet in self.movements.pallets for p in pallet.parked}
        used |= {n.portal for n in self.movements.noise}
        used |= {r.photo_eye.portal for r in self.readers if r.photo_eye}
        missing = sorted(used - portals)
        if missing:
            raise ValueError(f"portals without antennas: {', '.join(missing)}")
        return self


def parse_rfid_scenario(doc: Mapping[str, Any]) -> RfidScenario:
    """The RFID sections of a loaded scenario document; other keys are ignored."""
    mine = {key: doc[key] for key in ("readers", "movements") if key in doc}
    try:
        return RfidScenario.model_validate(mine)
    except ValidationError as exc:
        raise ScenarioSpecError(str(exc), errors=len(exc.errors())) from exc


async def run_rfid_scenario(
    doc: Mapping[str, Any],
    clock_speed: float,
    stop: asyncio.Event,
    *,
    on_ready: Callable[[list[ReaderServer]], None] | None = None,
) -> None:
    """Run the scenario's readers and movements until ``stop`` is set.

    ``clock_speed`` is simulated seconds per real second; the timeline starts now. ``on_ready``
    receives the listening readers (their ``port`` is the bound one when the file says 0).
    """
    from coldtrace_sim.rfworld.run import run_world

    await run_world(parse_rfid_scenario(doc), clock_speed, stop, on_ready=on_ready)
