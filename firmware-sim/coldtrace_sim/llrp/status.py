"""LLRPStatus values for successes and for the faults the reader answers (LLRP 1.0.1 §14.2.2)."""

from typing import Final

from coldtrace_sim.llrp.enums import StatusCode
from coldtrace_sim.llrp.errors import SpecError, StatusError
from coldtrace_sim.llrp.params_common import FieldError, LLRPStatus, ParameterError

SUCCESS: Final = LLRPStatus(StatusCode.M_SUCCESS)


def status_of(error: StatusError) -> LLRPStatus:
    """The LLRPStatus describing ``error``, with ParameterError / FieldError where known.

    A P_* code says what is wrong inside a parameter; the message-level code is then
    M_ParameterError and the P_* code travels in the ParameterError (§14.2.2.2).
    """
    code = error.status
    field = None
    if error.field_num is not None:
        field = FieldError(error.field_num, error.detail or code)
    if error.parameter_type is None:
        return LLRPStatus(code, str(error), field_error=field)
    top = StatusCode.M_PARAMETER_ERROR if 200 <= code < 300 else code
    inner = code if 200 <= code < 300 else (error.detail or code)
    return LLRPStatus(
        top, str(error), parameter_error=ParameterError(error.parameter_type, inner, field)
    )


def field_out_of_range(message: str, parameter_type: int, field_num: int) -> SpecError:
    """A parameter field whose value the reader cannot use (P_FieldError, A_OutOfRange)."""
    return SpecError(
        message,
        status=StatusCode.P_FIELD_ERROR,
        parameter_type=parameter_type,
        field_num=field_num,
        detail=StatusCode.A_OUT_OF_RANGE,
    )


def unknown_spec(message: str) -> SpecError:
    """A ROSpecID or AccessSpecID the reader does not hold (M_FieldError on field 0, A_Invalid)."""
    return SpecError(
        message, status=StatusCode.M_FIELD_ERROR, field_num=0, detail=StatusCode.A_INVALID
    )


def invalid_state(message: str) -> SpecError:
    """A request that the spec's current state forbids (A_Invalid)."""
    return SpecError(message, status=StatusCode.A_INVALID)
