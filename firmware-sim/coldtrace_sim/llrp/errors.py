"""Exceptions of the LLRP reader simulator, each carrying the LLRP status it maps to.

LlrpError                 root of everything coldtrace_sim.llrp raises
 +-- StatusError          a fault the reader answers with an LLRPStatus (LLRP 1.0.1 §14.2.2)
 |    +-- DecodeError     well-framed bytes whose content breaks the spec
 |    |    +-- FrameError bytes that cannot be framed at all: the connection is closed afterwards
 |    +-- SpecError       a valid request the reader refuses (unknown ROSpecID, wrong state, ...)
 +-- EncodeError          a model that cannot be put on the wire (a bug in the caller)
"""

from coldtrace_sim.llrp.enums import StatusCode


class LlrpError(Exception):
    """Root of the exceptions raised by coldtrace_sim.llrp."""


class StatusError(LlrpError):
    """A fault with the LLRPStatus it is answered with.

    ``status`` is the StatusCode of the LLRPStatus; ``parameter_type`` and ``field_num`` locate
    the fault for its ParameterError / FieldError sub-parameters, and ``detail`` is the error
    code those carry (e.g. A_OutOfRange for a field value the reader cannot use).
    """

    def __init__(
        self,
        message: str,
        *,
        status: StatusCode,
        parameter_type: int | None = None,
        field_num: int | None = None,
        detail: StatusCode | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.parameter_type = parameter_type
        self.field_num = field_num
        self.detail = detail


class DecodeError(StatusError):
    """Bytes that do not decode into the message or parameter the spec describes."""


class FrameError(DecodeError):
    """A frame or parameter whose lengths do not hold together: nothing after it can be trusted."""


class SpecError(StatusError):
    """A well-formed request the reader refuses."""


class EncodeError(LlrpError):
    """A model value that does not fit its wire field (out of range, wrong length)."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field
