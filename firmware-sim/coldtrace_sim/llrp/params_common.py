"""Timestamps and status parameters shared by every message (LLRP 1.0.1 §7.1.3, §14.2.2)."""

from dataclasses import dataclass
from typing import ClassVar

from coldtrace_sim.llrp.fields import Field, Layout
from coldtrace_sim.llrp.parameter import Param, Sub, optional


@dataclass(frozen=True)
class UTCTimestamp(Param):
    """Microseconds since 1970-01-01 UTC (§7.1.3.1.1.1)."""

    TYPE: ClassVar[int] = 128
    FIELDS: ClassVar[Layout] = (Field("microseconds", "u64"),)

    microseconds: int


@dataclass(frozen=True)
class Uptime(Param):
    """Microseconds since the reader booted, for readers without a UTC clock (§7.1.3.1.1.2)."""

    TYPE: ClassVar[int] = 129
    FIELDS: ClassVar[Layout] = (Field("microseconds", "u64"),)

    microseconds: int


@dataclass(frozen=True)
class FieldError(Param):
    """Which field of a message or parameter was wrong, numbered from 0 (§14.2.2.1)."""

    TYPE: ClassVar[int] = 288
    FIELDS: ClassVar[Layout] = (Field("field_num", "u16"), Field("error_code", "u16"))

    field_num: int
    error_code: int


@dataclass(frozen=True)
class ParameterError(Param):
    """Which parameter was wrong, possibly nested down to the faulty field (§14.2.2.2)."""

    TYPE: ClassVar[int] = 289
    FIELDS: ClassVar[Layout] = (Field("parameter_type", "u16"), Field("error_code", "u16"))

    parameter_type: int
    error_code: int
    field_error: FieldError | None = None
    parameter_error: "ParameterError | None" = None


ParameterError.SUBS = (
    optional(FieldError, "field_error"),
    optional(ParameterError, "parameter_error"),
)


@dataclass(frozen=True)
class LLRPStatus(Param):
    """The outcome of a request: status code, description, and where the fault was (§14.2.2)."""

    TYPE: ClassVar[int] = 287
    FIELDS: ClassVar[Layout] = (Field("status_code", "u16"), Field("error_description", "utf8v"))
    SUBS: ClassVar[tuple[Sub, ...]] = (
        optional(FieldError, "field_error"),
        optional(ParameterError, "parameter_error"),
    )

    status_code: int
    error_description: str = ""
    field_error: FieldError | None = None
    parameter_error: ParameterError | None = None

    @property
    def ok(self) -> bool:
        """True for M_Success."""
        return self.status_code == 0
