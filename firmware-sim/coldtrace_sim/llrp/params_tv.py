"""TV-encoded parameters: a 1-bit flag, a 7-bit type and a fixed-size value (LLRP 1.0.1 §16.2.7.3).

The TV form is used inside TagReportData and a few events to keep per-tag reports small.
"""

from dataclasses import dataclass
from typing import ClassVar

from coldtrace_sim.llrp.fields import Field, Layout
from coldtrace_sim.llrp.parameter import Param


@dataclass(frozen=True)
class AntennaID(Param):
    """The antenna a tag was seen on (type 1)."""

    TYPE: ClassVar[int] = 1
    TV: ClassVar[bool] = True
    FIELDS: ClassVar[Layout] = (Field("antenna_id", "u16"),)

    antenna_id: int


@dataclass(frozen=True)
class ROSpecID(Param):
    """The ROSpec an event or read belongs to (type 9)."""

    TYPE: ClassVar[int] = 9
    TV: ClassVar[bool] = True
    FIELDS: ClassVar[Layout] = (Field("rospec_id", "u32"),)

    rospec_id: int


@dataclass(frozen=True)
class InventoryParameterSpecID(Param):
    """The InventoryParameterSpec an event or read belongs to (type 10)."""

    TYPE: ClassVar[int] = 10
    TV: ClassVar[bool] = True
    FIELDS: ClassVar[Layout] = (Field("inventory_parameter_spec_id", "u16"),)

    inventory_parameter_spec_id: int


@dataclass(frozen=True)
class SpecIndex(Param):
    """The 1-based position of the AISpec in its ROSpec (type 14)."""

    TYPE: ClassVar[int] = 14
    TV: ClassVar[bool] = True
    FIELDS: ClassVar[Layout] = (Field("spec_index", "u16"),)

    spec_index: int


@dataclass(frozen=True)
class AccessSpecID(Param):
    """The AccessSpec an event or read belongs to (type 16)."""

    TYPE: ClassVar[int] = 16
    TV: ClassVar[bool] = True
    FIELDS: ClassVar[Layout] = (Field("access_spec_id", "u32"),)

    access_spec_id: int


@dataclass(frozen=True)
class OpSpecID(Param):
    """The OpSpec an event belongs to (type 17)."""

    TYPE: ClassVar[int] = 17
    TV: ClassVar[bool] = True
    FIELDS: ClassVar[Layout] = (Field("op_spec_id", "u16"),)

    op_spec_id: int


@dataclass(frozen=True)
class C1G2SingulationDetails(Param):
    """Collision and empty slots of the last Gen2 round (type 18)."""

    TYPE: ClassVar[int] = 18
    TV: ClassVar[bool] = True
    FIELDS: ClassVar[Layout] = (
        Field("num_collision_slots", "u16"),
        Field("num_empty_slots", "u16"),
    )

    num_collision_slots: int
    num_empty_slots: int


@dataclass(frozen=True)
class FirstSeenTimestampUTC(Param):
    """When the tag was first seen, microseconds since the epoch (type 2)."""

    TYPE: ClassVar[int] = 2
    TV: ClassVar[bool] = True
    FIELDS: ClassVar[Layout] = (Field("microseconds", "u64"),)

    microseconds: int


@dataclass(frozen=True)
class FirstSeenTimestampUptime(Param):
    """When the tag was first seen, microseconds of reader uptime (type 3)."""

    TYPE: ClassVar[int] = 3
    TV: ClassVar[bool] = True
    FIELDS: ClassVar[Layout] = (Field("microseconds", "u64"),)

    microseconds: int


@dataclass(frozen=True)
class LastSeenTimestampUTC(Param):
    """When the tag was last seen, microseconds since the epoch (type 4)."""

    TYPE: ClassVar[int] = 4
    TV: ClassVar[bool] = True
    FIELDS: ClassVar[Layout] = (Field("microseconds", "u64"),)

    microseconds: int


@dataclass(frozen=True)
class LastSeenTimestampUptime(Param):
    """When the tag was last seen, microseconds of reader uptime (type 5)."""

    TYPE: ClassVar[int] = 5
    TV: ClassVar[bool] = True
    FIELDS: ClassVar[Layout] = (Field("microseconds", "u64"),)

    microseconds: int


@dataclass(frozen=True)
class PeakRSSI(Param):
    """The strongest signal from the tag, in signed dBm (type 6)."""

    TYPE: ClassVar[int] = 6
    TV: ClassVar[bool] = True
    FIELDS: ClassVar[Layout] = (Field("peak_rssi_dbm", "s8"),)

    peak_rssi_dbm: int


@dataclass(frozen=True)
class ChannelIndex(Param):
    """The 1-based channel of the hop table the tag was read on (type 7)."""

    TYPE: ClassVar[int] = 7
    TV: ClassVar[bool] = True
    FIELDS: ClassVar[Layout] = (Field("channel_index", "u16"),)

    channel_index: int


@dataclass(frozen=True)
class TagSeenCount(Param):
    """How many reads this report entry aggregates (type 8)."""

    TYPE: ClassVar[int] = 8
    TV: ClassVar[bool] = True
    FIELDS: ClassVar[Layout] = (Field("tag_count", "u16"),)

    tag_count: int


@dataclass(frozen=True)
class C1G2CRC(Param):
    """The CRC-16 the tag backscattered (type 11)."""

    TYPE: ClassVar[int] = 11
    TV: ClassVar[bool] = True
    FIELDS: ClassVar[Layout] = (Field("crc", "u16"),)

    crc: int


@dataclass(frozen=True)
class C1G2PC(Param):
    """The tag's Protocol Control word (type 12)."""

    TYPE: ClassVar[int] = 12
    TV: ClassVar[bool] = True
    FIELDS: ClassVar[Layout] = (Field("pc_bits", "u16"),)

    pc_bits: int


@dataclass(frozen=True)
class EPC96(Param):
    """A 96-bit EPC, the compact form of EPCData (type 13)."""

    TYPE: ClassVar[int] = 13
    TV: ClassVar[bool] = True
    FIELDS: ClassVar[Layout] = (Field("epc", "u96"),)

    epc: bytes


@dataclass(frozen=True)
class ClientRequestOpSpecResult(Param):
    """The OpSpec a client-request result belongs to (type 15)."""

    TYPE: ClassVar[int] = 15
    TV: ClassVar[bool] = True
    FIELDS: ClassVar[Layout] = (Field("op_spec_id", "u16"),)

    op_spec_id: int
