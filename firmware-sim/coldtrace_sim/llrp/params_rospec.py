"""ROSpec parameters: boundaries, triggers and AISpecs (LLRP 1.0.1 §10.2)."""

from dataclasses import dataclass
from typing import ClassVar

from coldtrace_sim.llrp.fields import Field, Layout, Reserved
from coldtrace_sim.llrp.parameter import (
    CUSTOMS,
    Custom,
    Param,
    Repeat,
    Sub,
    many,
    one,
    optional,
    some,
)
from coldtrace_sim.llrp.params_common import UTCTimestamp
from coldtrace_sim.llrp.params_config import AntennaConfiguration, ROReportSpec


@dataclass(frozen=True)
class PeriodicTriggerValue(Param):
    """Start ``offset_ms`` after ``utc_timestamp``, then every ``period_ms`` (§10.2.1.1.1.1)."""

    TYPE: ClassVar[int] = 180
    FIELDS: ClassVar[Layout] = (Field("offset_ms", "u32"), Field("period_ms", "u32"))
    SUBS: ClassVar[tuple[Sub, ...]] = (optional(UTCTimestamp, "utc_timestamp"),)

    offset_ms: int
    period_ms: int
    utc_timestamp: UTCTimestamp | None = None


@dataclass(frozen=True)
class GPITriggerValue(Param):
    """Fire when a GPI port goes to ``gpi_event`` (True = high) or on timeout (§10.2.1.1.1.2)."""

    TYPE: ClassVar[int] = 181
    FIELDS: ClassVar[Layout] = (
        Field("gpi_port_num", "u16"),
        Field("gpi_event", "u1"),
        Reserved(7),
        Field("timeout_ms", "u32"),
    )

    gpi_port_num: int
    gpi_event: bool
    timeout_ms: int


@dataclass(frozen=True)
class ROSpecStartTrigger(Param):
    """Null (START_ROSPEC only), Immediate (on ENABLE), Periodic or GPI (§10.2.1.1.1)."""

    TYPE: ClassVar[int] = 179
    FIELDS: ClassVar[Layout] = (Field("trigger_type", "u8"),)
    SUBS: ClassVar[tuple[Sub, ...]] = (
        optional(PeriodicTriggerValue, "periodic"),
        optional(GPITriggerValue, "gpi"),
    )

    trigger_type: int
    periodic: PeriodicTriggerValue | None = None
    gpi: GPITriggerValue | None = None


@dataclass(frozen=True)
class ROSpecStopTrigger(Param):
    """Null (when all specs are done), Duration in ms, or GPI with timeout (§10.2.1.1.2)."""

    TYPE: ClassVar[int] = 182
    FIELDS: ClassVar[Layout] = (Field("trigger_type", "u8"), Field("duration_ms", "u32"))
    SUBS: ClassVar[tuple[Sub, ...]] = (optional(GPITriggerValue, "gpi"),)

    trigger_type: int
    duration_ms: int
    gpi: GPITriggerValue | None = None


@dataclass(frozen=True)
class ROBoundarySpec(Param):
    """When a ROSpec starts and stops (§10.2.1.1)."""

    TYPE: ClassVar[int] = 178
    SUBS: ClassVar[tuple[Sub, ...]] = (
        one(ROSpecStartTrigger, "start_trigger"),
        one(ROSpecStopTrigger, "stop_trigger"),
    )

    start_trigger: ROSpecStartTrigger
    stop_trigger: ROSpecStopTrigger


@dataclass(frozen=True)
class TagObservationTrigger(Param):
    """End an AISpec after N tags, T ms without new tags, or N attempts (§10.2.2.1.1)."""

    TYPE: ClassVar[int] = 185
    FIELDS: ClassVar[Layout] = (
        Field("trigger_type", "u8"),
        Reserved(8),
        Field("number_of_tags", "u16"),
        Field("number_of_attempts", "u16"),
        Field("t_ms", "u16"),
        Field("timeout_ms", "u32"),
    )

    trigger_type: int
    number_of_tags: int
    number_of_attempts: int
    t_ms: int
    timeout_ms: int


@dataclass(frozen=True)
class AISpecStopTrigger(Param):
    """Null, Duration in ms, GPI with timeout, or Tag observation (§10.2.2.1)."""

    TYPE: ClassVar[int] = 184
    FIELDS: ClassVar[Layout] = (Field("trigger_type", "u8"), Field("duration_ms", "u32"))
    SUBS: ClassVar[tuple[Sub, ...]] = (
        optional(GPITriggerValue, "gpi"),
        optional(TagObservationTrigger, "tag_observation"),
    )

    trigger_type: int
    duration_ms: int
    gpi: GPITriggerValue | None = None
    tag_observation: TagObservationTrigger | None = None


@dataclass(frozen=True)
class InventoryParameterSpec(Param):
    """Air protocol (1 = Gen2) and per-antenna settings of one inventory (§10.2.2.2)."""

    TYPE: ClassVar[int] = 186
    FIELDS: ClassVar[Layout] = (Field("spec_id", "u16"), Field("protocol_id", "u8"))
    SUBS: ClassVar[tuple[Sub, ...]] = (
        many(AntennaConfiguration, "antenna_configurations"),
        CUSTOMS,
    )

    spec_id: int
    protocol_id: int
    antenna_configurations: tuple[AntennaConfiguration, ...] = ()
    custom: tuple[Custom, ...] = ()


@dataclass(frozen=True)
class AISpec(Param):
    """An antenna inventory: antennas (0 = all), stop trigger and inventories (§10.2.2)."""

    TYPE: ClassVar[int] = 183
    FIELDS: ClassVar[Layout] = (Field("antenna_ids", "u16v"),)
    SUBS: ClassVar[tuple[Sub, ...]] = (
        one(AISpecStopTrigger, "stop_trigger"),
        some(InventoryParameterSpec, "inventory_specs"),
        CUSTOMS,
    )

    antenna_ids: tuple[int, ...]
    stop_trigger: AISpecStopTrigger
    inventory_specs: tuple[InventoryParameterSpec, ...]
    custom: tuple[Custom, ...] = ()


@dataclass(frozen=True)
class ROSpec(Param):
    """A reader operation: id, priority, state, boundaries, specs and report spec (§10.2.1)."""

    TYPE: ClassVar[int] = 177
    FIELDS: ClassVar[Layout] = (
        Field("rospec_id", "u32"),
        Field("priority", "u8"),
        Field("current_state", "u8"),
    )
    SUBS: ClassVar[tuple[Sub, ...]] = (
        one(ROBoundarySpec, "boundary"),
        Sub("specs", (AISpec, Custom), Repeat.SOME),
        optional(ROReportSpec, "report_spec"),
    )

    rospec_id: int
    priority: int
    current_state: int
    boundary: ROBoundarySpec
    specs: tuple[AISpec | Custom, ...]
    report_spec: ROReportSpec | None = None
