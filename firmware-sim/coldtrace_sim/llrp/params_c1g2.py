"""EPCglobal Class-1 Gen-2 air protocol parameters (LLRP 1.0.1 §15.2.1)."""

from dataclasses import dataclass
from typing import ClassVar

from coldtrace_sim.llrp.fields import BitString, Field, Layout, Reserved
from coldtrace_sim.llrp.parameter import CUSTOMS, Custom, Param, Sub, many, one, optional


@dataclass(frozen=True)
class C1G2TagInventoryMask(Param):
    """Memory bank, bit pointer and mask a Select compares against (§15.2.1.2.1.1.1)."""

    TYPE: ClassVar[int] = 332
    FIELDS: ClassVar[Layout] = (
        Field("mb", "u2"),
        Reserved(6),
        Field("pointer", "u16"),
        Field("tag_mask", "u1v"),
    )

    mb: int
    pointer: int
    tag_mask: BitString


@dataclass(frozen=True)
class C1G2TagInventoryStateAwareFilterAction(Param):
    """Select target and action for state-aware filtering (§15.2.1.2.1.1.2)."""

    TYPE: ClassVar[int] = 333
    FIELDS: ClassVar[Layout] = (Field("target", "u8"), Field("action", "u8"))

    target: int
    action: int


@dataclass(frozen=True)
class C1G2TagInventoryStateUnawareFilterAction(Param):
    """Select action for state-unaware filtering: 0 selects matching tags (§15.2.1.2.1.1.3)."""

    TYPE: ClassVar[int] = 334
    FIELDS: ClassVar[Layout] = (Field("action", "u8"),)

    action: int


@dataclass(frozen=True)
class C1G2Filter(Param):
    """One Select filter applied before each inventory round (§15.2.1.2.1.1)."""

    TYPE: ClassVar[int] = 331
    FIELDS: ClassVar[Layout] = (Field("truncate", "u2"), Reserved(6))
    SUBS: ClassVar[tuple[Sub, ...]] = (
        one(C1G2TagInventoryMask, "mask"),
        optional(C1G2TagInventoryStateAwareFilterAction, "state_aware_action"),
        optional(C1G2TagInventoryStateUnawareFilterAction, "state_unaware_action"),
    )

    truncate: int
    mask: C1G2TagInventoryMask
    state_aware_action: C1G2TagInventoryStateAwareFilterAction | None = None
    state_unaware_action: C1G2TagInventoryStateUnawareFilterAction | None = None


@dataclass(frozen=True)
class C1G2RFControl(Param):
    """RF mode (an index or, for many readers, a ModeIdentifier) and Tari (§15.2.1.2.1.2)."""

    TYPE: ClassVar[int] = 335
    FIELDS: ClassVar[Layout] = (Field("mode_index", "u16"), Field("tari", "u16"))

    mode_index: int
    tari: int


@dataclass(frozen=True)
class C1G2TagInventoryStateAwareSingulationAction(Param):
    """Inventoried flag and SL to singulate on (§15.2.1.2.1.3.1)."""

    TYPE: ClassVar[int] = 337
    FIELDS: ClassVar[Layout] = (Field("i", "u1"), Field("s", "u1"), Reserved(6))

    i: bool
    s: bool


@dataclass(frozen=True)
class C1G2SingulationControl(Param):
    """Gen2 session, expected tag population and transit time (§15.2.1.2.1.3)."""

    TYPE: ClassVar[int] = 336
    FIELDS: ClassVar[Layout] = (
        Field("session", "u2"),
        Reserved(6),
        Field("tag_population", "u16"),
        Field("tag_transit_time", "u32"),
    )
    SUBS: ClassVar[tuple[Sub, ...]] = (
        optional(C1G2TagInventoryStateAwareSingulationAction, "state_aware_action"),
    )

    session: int
    tag_population: int
    tag_transit_time: int
    state_aware_action: C1G2TagInventoryStateAwareSingulationAction | None = None


@dataclass(frozen=True)
class C1G2InventoryCommand(Param):
    """Per-antenna Gen2 inventory settings; vendor extensions ride in ``custom`` (§15.2.1.2.1)."""

    TYPE: ClassVar[int] = 330
    FIELDS: ClassVar[Layout] = (Field("tag_inventory_state_aware", "u1"), Reserved(7))
    SUBS: ClassVar[tuple[Sub, ...]] = (
        many(C1G2Filter, "filters"),
        optional(C1G2RFControl, "rf_control"),
        optional(C1G2SingulationControl, "singulation_control"),
        CUSTOMS,
    )

    tag_inventory_state_aware: bool
    filters: tuple[C1G2Filter, ...] = ()
    rf_control: C1G2RFControl | None = None
    singulation_control: C1G2SingulationControl | None = None
    custom: tuple[Custom, ...] = ()


@dataclass(frozen=True)
class C1G2EPCMemorySelector(Param):
    """Whether reports carry the tag's CRC and PC bits (§15.2.1.5.1)."""

    TYPE: ClassVar[int] = 348
    FIELDS: ClassVar[Layout] = (
        Field("enable_crc", "u1"),
        Field("enable_pc_bits", "u1"),
        Reserved(6),
    )

    enable_crc: bool
    enable_pc_bits: bool
