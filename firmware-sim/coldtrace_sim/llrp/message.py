"""The message model: a declared layout per message type, and the registry of known types."""

from dataclasses import dataclass
from typing import Any, ClassVar, Self

from coldtrace_sim.llrp.enums import StatusCode
from coldtrace_sim.llrp.fields import Field, Layout, decode_fields, encode_fields
from coldtrace_sim.llrp.parameter import Sub, decode_subs, encode_subs, one
from coldtrace_sim.llrp.params_common import LLRPStatus

MESSAGE_CLASSES: dict[int, type["Message"]] = {}


class Message:
    """Base of every message model: frozen dataclasses with ``TYPE``, ``FIELDS`` and ``SUBS``."""

    TYPE: ClassVar[int]
    FIELDS: ClassVar[Layout] = ()
    SUBS: ClassVar[tuple[Sub, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "TYPE" in cls.__dict__:
            MESSAGE_CLASSES[cls.TYPE] = cls

    def encode_body(self) -> bytes:
        """The message value: everything after the 10-byte header."""
        return encode_fields(self, self.FIELDS) + encode_subs(self, self.SUBS)

    @classmethod
    def from_body(cls, data: bytes, offset: int, end: int) -> Self:
        """Decode the message value at ``data[offset:end]``."""
        values, offset = decode_fields(
            data, offset, end, cls.FIELDS, where=None, status=StatusCode.M_FIELD_ERROR
        )
        values.update(decode_subs(data, offset, end, cls.SUBS, parent=None, depth=0))
        return cls(**values)


@dataclass(frozen=True)
class StatusResponse(Message):
    """A response that carries only an LLRPStatus (most *_RESPONSE messages)."""

    SUBS: ClassVar[tuple[Sub, ...]] = (one(LLRPStatus, "status"),)

    status: LLRPStatus


@dataclass(frozen=True)
class ROSpecRequest(Message):
    """A ROSpec operation naming one ROSpecID, 0 meaning all of them (LLRP 1.0.1 §10.1)."""

    FIELDS: ClassVar[Layout] = (Field("rospec_id", "u32"),)

    rospec_id: int


@dataclass(frozen=True)
class AccessSpecRequest(Message):
    """An AccessSpec operation naming one AccessSpecID, 0 meaning all of them (§11.1)."""

    FIELDS: ClassVar[Layout] = (Field("access_spec_id", "u32"),)

    access_spec_id: int


@dataclass(frozen=True)
class EmptyMessage(Message):
    """A message without a value (KEEPALIVE, CLOSE_CONNECTION, ...)."""
