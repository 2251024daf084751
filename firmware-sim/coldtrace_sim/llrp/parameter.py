"""The parameter model: TLV and TV framing, ordered sub-parameters, and the Custom parameter.

A parameter class declares its wire layout as data: ``TYPE``, ``FIELDS`` (see ``fields``) and
``SUBS``, the sub-parameters in the order LLRP 1.0.1 fixes, each with its repeat count. One
generic codec encodes and decodes every declared class, so the order, the counts and the
reserved bits are enforced in a single place.
"""

import struct
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar, Final, Self

from coldtrace_sim.llrp.enums import StatusCode
from coldtrace_sim.llrp.errors import DecodeError, EncodeError, FrameError
from coldtrace_sim.llrp.fields import Field, Layout, decode_fields, encode_fields

CUSTOM_TYPE: Final = 1023
# Deeper than any message of the spec nests (ADD_ROSPEC reaches 8); a bound keeps hostile
# input from exhausting the stack.
MAX_NESTING: Final = 16
_TLV_HEADER: Final = struct.Struct(">HH")
_CUSTOM_HEADER: Final = struct.Struct(">HHII")
_FIXED_SIZES: Final = {"u8": 1, "s8": 1, "u16": 2, "s16": 2, "u32": 4, "u64": 8, "u96": 12}

TLV_CLASSES: dict[int, type["Param"]] = {}
TV_CLASSES: dict[int, type["Param"]] = {}
TV_SIZES: dict[int, int] = {}


class Repeat(Enum):
    """How often a sub-parameter may occur (the spec's 1, 0-1, 0-N, 1-N)."""

    ONE = "1"
    OPTIONAL = "0-1"
    MANY = "0-N"
    SOME = "1-N"


@dataclass(frozen=True)
class Sub:
    """One sub-parameter slot: the attribute name, the accepted classes and the repeat count."""

    name: str
    choices: tuple[type["Param"], ...]
    repeat: Repeat


def status_at(depth: int, message_code: StatusCode, parameter_code: StatusCode) -> StatusCode:
    """M_* codes for faults in a message's own parameters, P_* codes deeper (LLRP §14.2.2)."""
    return message_code if depth == 0 else parameter_code


class Param:
    """Base of every parameter model: subclasses are frozen dataclasses with a declared layout."""

    TYPE: ClassVar[int]
    TV: ClassVar[bool] = False
    FIELDS: ClassVar[Layout] = ()
    SUBS: ClassVar[tuple[Sub, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "TYPE" not in cls.__dict__:
            return
        if cls.TV:
            TV_CLASSES[cls.TYPE] = cls
            TV_SIZES[cls.TYPE] = sum(
                _FIXED_SIZES[f.kind] for f in cls.FIELDS if isinstance(f, Field)
            )
        else:
            TLV_CLASSES[cls.TYPE] = cls

    def encode(self) -> bytes:
        """The whole parameter on the wire, header included."""
        body = encode_fields(self, self.FIELDS) + encode_subs(self, self.SUBS)
        if self.TV:
            return bytes([0x80 | self.TYPE]) + body
        return _TLV_HEADER.pack(self.TYPE, 4 + len(body)) + body

    @classmethod
    def from_body(cls, data: bytes, offset: int, end: int, depth: int) -> Self:
        """Decode the value (the bytes after the header) found at ``data[offset:end]``."""
        field_status = status_at(depth, StatusCode.M_FIELD_ERROR, StatusCode.P_FIELD_ERROR)
        values, offset = decode_fields(
            data, offset, end, cls.FIELDS, where=cls.TYPE, status=field_status
        )
        if cls.TV:
            return cls(**values)
        values.update(decode_subs(data, offset, end, cls.SUBS, parent=cls.TYPE, depth=depth + 1))
        return cls(**values)


@dataclass(frozen=True)
class Custom(Param):
    """A vendor parameter: TLV 1023, vendor PEN, subtype and opaque data (LLRP 1.0.1 §16.2.9)."""

    TYPE: ClassVar[int] = CUSTOM_TYPE
    FIELDS: ClassVar[Layout] = (
        Field("vendor", "u32"),
        Field("subtype", "u32"),
        Field("data", "bytes"),
    )

    vendor: int
    subtype: int
    data: bytes = b""


def encode_subs(obj: object, subs: tuple[Sub, ...]) -> bytes:
    """Encode the sub-parameters of ``obj`` in the declared order, checking counts and types."""
    parts: list[bytes] = []
    for sub in subs:
        value = getattr(obj, sub.name)
        items: tuple[Param, ...]
        if sub.repeat in (Repeat.ONE, Repeat.OPTIONAL):
            items = () if value is None else (value,)
        else:
            items = tuple(value)
        if not items and sub.repeat in (Repeat.ONE, Repeat.SOME):
            msg = f"{sub.name} is required"
            raise EncodeError(msg, field=sub.name)
        for item in items:
            if not isinstance(item, sub.choices):
                msg = f"{sub.name} cannot hold {type(item).__name__}"
                raise EncodeError(msg, field=sub.name)
            parts.append(item.encode())
    return b"".join(parts)


def split_params(
    data: bytes, offset: int, end: int, *, depth: int
) -> list[tuple[type[Param] | None, int, int, int]]:
    """Frame the parameters in ``data[offset:end]``: (class or None if unknown, type, start, end).

    A TV parameter of an unknown type cannot be skipped, and a TLV length that does not fit is a
    framing fault: both raise FrameError (LLRP 1.0.1 §15.2).
    """
    found: list[tuple[type[Param] | None, int, int, int]] = []
    error = status_at(depth, StatusCode.M_PARAMETER_ERROR, StatusCode.P_PARAMETER_ERROR)
    while offset < end:
        first = data[offset]
        if first & 0x80:
            ptype = first & 0x7F
            if ptype not in TV_SIZES:
                msg = f"unknown TV parameter {ptype}"
                raise FrameError(msg, status=error, parameter_type=ptype)
            stop = offset + 1 + TV_SIZES[ptype]
            if stop > end:
                msg = "TV parameter truncated"
                raise FrameError(msg, status=error, parameter_type=ptype)
            found.append((TV_CLASSES[ptype], ptype, offset + 1, stop))
            offset = stop
            continue
        if offset + 4 > end:
            msg = "parameter header truncated"
            raise FrameError(msg, status=error)
        word, length = _TLV_HEADER.unpack_from(data, offset)
        ptype = word & 0x3FF  # 6 reserved bits, then the 10-bit type
        stop = offset + length
        if length < 4 or stop > end or (ptype == CUSTOM_TYPE and length < 12):
            msg = f"parameter {ptype} length {length} does not fit"
            raise FrameError(msg, status=error)
        found.append((TLV_CLASSES.get(ptype), ptype, offset + 4, stop))
        offset = stop
    return found


def decode_subs(
    data: bytes, offset: int, end: int, subs: tuple[Sub, ...], *, parent: int | None, depth: int
) -> dict[str, Any]:
    """Decode the parameters in ``data[offset:end]`` against the ordered slots ``subs``."""
    if depth > MAX_NESTING:
        raise FrameError(
            "parameters nested too deep", status=StatusCode.P_PARAMETER_ERROR, parameter_type=parent
        )
    found = split_params(data, offset, end, depth=depth)
    counts = [0] * len(subs)
    values: dict[str, list[Param]] = {sub.name: [] for sub in subs}
    slot = 0
    for cls, ptype, start, stop in found:
        if cls is None:
            code = status_at(depth, StatusCode.M_UNKNOWN_PARAMETER, StatusCode.P_UNKNOWN_PARAMETER)
            msg = f"unknown parameter {ptype}"
            raise DecodeError(msg, status=code, parameter_type=ptype)
        while slot < len(subs) and not issubclass(cls, subs[slot].choices):
            slot += 1
        if slot == len(subs):
            code = status_at(
                depth, StatusCode.M_UNEXPECTED_PARAMETER, StatusCode.P_UNEXPECTED_PARAMETER
            )
            msg = f"parameter {ptype} not allowed here in {parent}"
            raise DecodeError(msg, status=code, parameter_type=ptype)
        if counts[slot] and subs[slot].repeat in (Repeat.ONE, Repeat.OPTIONAL):
            code = status_at(
                depth, StatusCode.M_DUPLICATE_PARAMETER, StatusCode.P_DUPLICATE_PARAMETER
            )
            msg = f"duplicate parameter {ptype}"
            raise DecodeError(msg, status=code, parameter_type=ptype)
        values[subs[slot].name].append(cls.from_body(data, start, stop, depth))
        counts[slot] += 1
    result: dict[str, Any] = {}
    for sub, count in zip(subs, counts, strict=True):
        if count == 0 and sub.repeat in (Repeat.ONE, Repeat.SOME):
            code = status_at(depth, StatusCode.M_MISSING_PARAMETER, StatusCode.P_MISSING_PARAMETER)
            msg = f"missing {sub.name}"
            raise DecodeError(msg, status=code, parameter_type=sub.choices[0].TYPE)
        items = values[sub.name]
        if sub.repeat in (Repeat.ONE, Repeat.OPTIONAL):
            result[sub.name] = items[0] if items else None
        else:
            result[sub.name] = tuple(items)
    return result


def one(cls: type[Param], name: str) -> Sub:
    """A slot holding exactly one ``cls``."""
    return Sub(name, (cls,), Repeat.ONE)


def optional(cls: type[Param], name: str) -> Sub:
    """A slot holding zero or one ``cls``."""
    return Sub(name, (cls,), Repeat.OPTIONAL)


def many(cls: type[Param], name: str) -> Sub:
    """A slot holding any number of ``cls``."""
    return Sub(name, (cls,), Repeat.MANY)


def some(cls: type[Param], name: str) -> Sub:
    """A slot holding at least one ``cls``."""
    return Sub(name, (cls,), Repeat.SOME)


CUSTOMS: Final = many(Custom, "custom")
