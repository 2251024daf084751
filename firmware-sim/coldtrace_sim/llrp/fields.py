"""Field layouts of LLRP messages and parameters, and their big-endian bit-exact codec.

LLRP 1.0.1 §15 (binary encoding): fields are packed most significant bit first, bit fields
(u1, u2, reserved) share octets, every other field starts on an octet boundary, and variable
fields (u1v, u8v, u16v, u32v, utf8v) carry a u16 count of their elements first (for u1v the
count is in bits, padded to an octet boundary).
"""

import struct
from dataclasses import dataclass
from typing import Any, Final

from coldtrace_sim.llrp.enums import StatusCode
from coldtrace_sim.llrp.errors import DecodeError, EncodeError, FrameError

_BIT_WIDTHS: Final = {"u1": 1, "u2": 2}
_FIXED: Final = {
    "u8": struct.Struct(">B"),
    "s8": struct.Struct(">b"),
    "u16": struct.Struct(">H"),
    "s16": struct.Struct(">h"),
    "u32": struct.Struct(">I"),
    "u64": struct.Struct(">Q"),
}
_U16: Final = _FIXED["u16"]
_VECTOR_ITEM: Final = {"u16v": ">H", "u32v": ">I"}
KINDS: Final = frozenset(
    [*_BIT_WIDTHS, *_FIXED, "u96", "u1v", "u8v", "u16v", "u32v", "utf8v", "bytes"]
)


@dataclass(frozen=True, slots=True)
class BitString:
    """A u1v value: ``bit_count`` bits held MSB-first in ``data`` (LLRP 1.0.1 §15.1.1)."""

    bit_count: int
    data: bytes

    def __post_init__(self) -> None:
        if len(self.data) != (self.bit_count + 7) // 8:
            msg = "u1v data length does not match its bit count"
            raise EncodeError(msg, field="data")


@dataclass(frozen=True, slots=True)
class Field:
    """One named field of a layout; ``kind`` is the spec's type name (u8, u16v, utf8v, ...)."""

    name: str
    kind: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            msg = f"unknown LLRP field kind {self.kind!r}"
            raise ValueError(msg)


@dataclass(frozen=True, slots=True)
class Reserved:
    """Reserved bits: written as zero, ignored when read (LLRP 1.0.1 §15.1)."""

    bits: int


Layout = tuple[Field | Reserved, ...]


def encode_fields(obj: object, layout: Layout) -> bytes:
    """Pack the fields of ``obj`` named by ``layout`` in order."""
    out = bytearray()
    acc = 0
    nbits = 0
    for item in layout:
        if isinstance(item, Reserved):
            acc <<= item.bits
            nbits += item.bits
        elif item.kind in _BIT_WIDTHS:
            width = _BIT_WIDTHS[item.kind]
            value = int(getattr(obj, item.name))
            if not 0 <= value < (1 << width):
                msg = f"{item.name}={value} does not fit {item.kind}"
                raise EncodeError(msg, field=item.name)
            acc = (acc << width) | value
            nbits += width
        else:
            if nbits:
                msg = "bit fields must fill whole octets"
                raise EncodeError(msg, field=item.name)
            out += _encode_value(item, getattr(obj, item.name))
        if nbits and nbits % 8 == 0:
            out += acc.to_bytes(nbits // 8, "big")
            acc = 0
            nbits = 0
    if nbits:
        msg = "bit fields must fill whole octets"
        raise EncodeError(msg, field="<end>")
    return bytes(out)


def _encode_value(item: Field, value: Any) -> bytes:  # noqa: PLR0911 - one return per wire kind
    kind = item.kind
    try:
        if kind in _FIXED:
            return _FIXED[kind].pack(value)
        if kind == "u96":
            if len(value) != 12:
                msg = "u96 needs exactly 12 octets"
                raise EncodeError(msg, field=item.name)
            return bytes(value)
        if kind == "u1v":
            bits: bytes = value.data
            return _U16.pack(value.bit_count) + bits
        if kind == "u8v":
            return _U16.pack(len(value)) + bytes(value)
        if kind in _VECTOR_ITEM:
            return struct.pack(f">H{len(value)}{_VECTOR_ITEM[kind][1]}", len(value), *value)
        if kind == "utf8v":
            raw: bytes = value.encode("utf-8")
            return _U16.pack(len(raw)) + raw
        return bytes(value)  # bytes: the rest of the parameter or message
    except struct.error as exc:
        msg = f"{item.name}={value!r} does not fit {kind}"
        raise EncodeError(msg, field=item.name) from exc


def decode_fields(
    data: bytes, offset: int, end: int, layout: Layout, *, where: int | None, status: StatusCode
) -> tuple[dict[str, Any], int]:
    """Unpack ``layout`` from ``data[offset:end]``; return the values and the next offset.

    ``where`` is the parameter type (None for a message) and ``status`` the code to report
    when the bytes run out: a parameter shorter than its fields is a framing fault.
    """
    values: dict[str, Any] = {}
    acc = 0
    nbits = 0
    field_num = -1
    for item in layout:
        width = item.bits if isinstance(item, Reserved) else _BIT_WIDTHS.get(item.kind, 0)
        if isinstance(item, Field):
            field_num += 1
        if width:
            while nbits < width:
                if offset >= end:
                    msg = "fields run past the end"
                    raise FrameError(msg, status=status, parameter_type=where)
                acc = (acc << 8) | data[offset]
                offset += 1
                nbits += 8
            nbits -= width
            value = (acc >> nbits) & ((1 << width) - 1)
            acc &= (1 << nbits) - 1
            if isinstance(item, Field):
                values[item.name] = bool(value) if item.kind == "u1" else value
            continue
        assert isinstance(item, Field)  # noqa: S101 - reserved items always have a width
        values[item.name], offset = _decode_value(
            item, data, offset, end, where=where, status=status, field_num=field_num
        )
    return values, offset


def _decode_value(  # noqa: PLR0911 - one return per wire kind
    item: Field,
    data: bytes,
    offset: int,
    end: int,
    *,
    where: int | None,
    status: StatusCode,
    field_num: int,
) -> tuple[Any, int]:
    kind = item.kind

    def take(size: int) -> int:
        if offset + size > end:
            msg = f"field {item.name} runs past the end"
            raise FrameError(msg, status=status, parameter_type=where)
        return offset + size

    if kind in _FIXED:
        fmt = _FIXED[kind]
        stop = take(fmt.size)
        return fmt.unpack_from(data, offset)[0], stop
    if kind == "u96":
        stop = take(12)
        return bytes(data[offset:stop]), stop
    if kind == "bytes":
        return bytes(data[offset:end]), end
    count_end = take(2)
    count = _U16.unpack_from(data, offset)[0]
    offset = count_end
    if kind == "u1v":
        stop = take((count + 7) // 8)
        return BitString(count, bytes(data[offset:stop])), stop
    if kind in _VECTOR_ITEM:
        item_fmt = _VECTOR_ITEM[kind]
        stop = take(count * struct.calcsize(item_fmt))
        return struct.unpack_from(f">{count}{item_fmt[1]}", data, offset), stop
    stop = take(count)
    if kind == "u8v":
        return bytes(data[offset:stop]), stop
    try:  # utf8v
        return bytes(data[offset:stop]).decode("utf-8"), stop
    except UnicodeDecodeError as exc:
        field_status = StatusCode.M_FIELD_ERROR if where is None else StatusCode.P_FIELD_ERROR
        msg = f"field {item.name} is not UTF-8"
        raise DecodeError(
            msg,
            status=field_status,
            parameter_type=where,
            field_num=field_num,
        ) from exc
