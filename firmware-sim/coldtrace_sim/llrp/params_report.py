"""TagReportData, the per-tag entry of RO_ACCESS_REPORT (LLRP 1.0.1 §13.2.3).

TagReportData is the hot path of the simulator (thousands per second), so it keeps plain values
instead of one object per TV sub-parameter and has a hand-written codec that enforces the same
order and counts as the generic one.
"""

import struct
from dataclasses import dataclass
from typing import Any, ClassVar, Final, Self

from coldtrace_sim.llrp.enums import StatusCode
from coldtrace_sim.llrp.errors import DecodeError, EncodeError
from coldtrace_sim.llrp.fields import BitString, Field, Layout
from coldtrace_sim.llrp.parameter import CUSTOM_TYPE, Custom, Param, split_params, status_at

_TLV_HEADER: Final = struct.Struct(">HH")
_EPC96_TV: Final = bytes([0x80 | 13])

# The optional TV sub-parameters in the order §13.2.3 fixes: (attribute, type, TV struct, rank).
# C1G2PC and C1G2CRC form the AirProtocolTagData choice (0-N), so they share a rank.
_OPTIONAL: Final = (
    ("rospec_id", 9, struct.Struct(">BI"), 1),
    ("spec_index", 14, struct.Struct(">BH"), 2),
    ("inventory_parameter_spec_id", 10, struct.Struct(">BH"), 3),
    ("antenna_id", 1, struct.Struct(">BH"), 4),
    ("peak_rssi_dbm", 6, struct.Struct(">Bb"), 5),
    ("channel_index", 7, struct.Struct(">BH"), 6),
    ("first_seen_utc_us", 2, struct.Struct(">BQ"), 7),
    ("first_seen_uptime_us", 3, struct.Struct(">BQ"), 8),
    ("last_seen_utc_us", 4, struct.Struct(">BQ"), 9),
    ("last_seen_uptime_us", 5, struct.Struct(">BQ"), 10),
    ("tag_seen_count", 8, struct.Struct(">BH"), 11),
    ("c1g2_pc", 12, struct.Struct(">BH"), 12),
    ("c1g2_crc", 11, struct.Struct(">BH"), 12),
    ("access_spec_id", 16, struct.Struct(">BI"), 13),
)
_BY_TYPE: Final = {ptype: (attr, fmt, rank) for attr, ptype, fmt, rank in _OPTIONAL}
_CUSTOM_RANK: Final = 14


@dataclass(frozen=True)
class EPCData(Param):
    """An EPC of any length, as a bit string (type 241)."""

    TYPE: ClassVar[int] = 241
    FIELDS: ClassVar[Layout] = (Field("epc", "u1v"),)

    epc: BitString


@dataclass(frozen=True)
class TagReportData(Param):
    """One tag in a report: the EPC and the fields the TagReportContentSelector enabled.

    A 96-bit EPC travels as the EPC-96 TV parameter, any other length as EPCData.
    """

    TYPE: ClassVar[int] = 240

    epc: bytes
    epc_bits: int = 96
    rospec_id: int | None = None
    spec_index: int | None = None
    inventory_parameter_spec_id: int | None = None
    antenna_id: int | None = None
    peak_rssi_dbm: int | None = None
    channel_index: int | None = None
    first_seen_utc_us: int | None = None
    first_seen_uptime_us: int | None = None
    last_seen_utc_us: int | None = None
    last_seen_uptime_us: int | None = None
    tag_seen_count: int | None = None
    c1g2_pc: int | None = None
    c1g2_crc: int | None = None
    access_spec_id: int | None = None
    custom: tuple[Custom, ...] = ()

    def encode(self) -> bytes:
        """The whole TagReportData TLV."""
        if self.epc_bits == 96 and len(self.epc) == 12:
            parts = [_EPC96_TV, self.epc]
        else:
            parts = [EPCData(BitString(self.epc_bits, self.epc)).encode()]
        for attr, ptype, fmt, _ in _OPTIONAL:
            value = getattr(self, attr)
            if value is not None:
                try:
                    parts.append(fmt.pack(0x80 | ptype, value))
                except struct.error as exc:
                    raise EncodeError(f"{attr}={value} out of range", field=attr) from exc
        parts.extend(item.encode() for item in self.custom)
        body = b"".join(parts)
        return _TLV_HEADER.pack(self.TYPE, 4 + len(body)) + body

    @classmethod
    def from_body(cls, data: bytes, offset: int, end: int, depth: int) -> Self:
        """Decode the sub-parameters, enforcing the order of §13.2.3."""
        found = split_params(data, offset, end, depth=depth + 1)
        if not found or found[0][1] not in (13, EPCData.TYPE):
            code = status_at(
                depth + 1, StatusCode.M_MISSING_PARAMETER, StatusCode.P_MISSING_PARAMETER
            )
            raise DecodeError("TagReportData without an EPC", status=code, parameter_type=13)
        values: dict[str, Any] = {}
        customs: list[Custom] = []
        _, first_type, start, stop = found[0]
        if first_type == 13:
            values["epc"] = bytes(data[start:stop])
        else:
            epc = EPCData.from_body(data, start, stop, depth + 1).epc
            values["epc"], values["epc_bits"] = epc.data, epc.bit_count
        rank = 0
        for _, ptype, start, stop in found[1:]:
            if ptype == CUSTOM_TYPE:
                customs.append(Custom.from_body(data, start, stop, depth + 1))
                rank = _CUSTOM_RANK
                continue
            entry = _BY_TYPE.get(ptype)
            if entry is None or entry[2] < rank or entry[0] in values:
                code = status_at(
                    depth + 1, StatusCode.M_UNEXPECTED_PARAMETER, StatusCode.P_UNEXPECTED_PARAMETER
                )
                raise DecodeError(
                    f"parameter {ptype} out of place in TagReportData",
                    status=code,
                    parameter_type=ptype,
                )
            attr, fmt, rank = entry
            values[attr] = fmt.unpack_from(data, start - 1)[1]
        return cls(custom=tuple(customs), **values)
