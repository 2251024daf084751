"""Vendor extensions: which custom parameters a reader accepts, and the Impinj ones it honours.

LLRP 1.0.1 §8.2: a reader SHALL accept messages carrying custom parameters and SHALL return an
error for those it does not support. The plain reader supports none; the Impinj-like reader
supports the common Impinj parameters once IMPINJ_ENABLE_EXTENSIONS has been accepted.
"""

import random
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from coldtrace_sim.llrp.enums import IMPINJ_PEN, ImpinjParamSubtype, StatusCode
from coldtrace_sim.llrp.errors import DecodeError, FrameError
from coldtrace_sim.llrp.message import Message
from coldtrace_sim.llrp.parameter import Custom, Param, split_params, status_at
from coldtrace_sim.llrp.params_config import ROReportSpec

# Impinj parameters a client may send at top level of a message or inside standard parameters.
ACCEPTED_IMPINJ: Final = frozenset(
    {
        ImpinjParamSubtype.REQUESTED_DATA,
        ImpinjParamSubtype.INVENTORY_SEARCH_MODE,
        ImpinjParamSubtype.FIXED_FREQUENCY_LIST,
        ImpinjParamSubtype.TAG_REPORT_CONTENT_SELECTOR,
        ImpinjParamSubtype.ANTENNA_CONFIGURATION,
        72,  # ImpinjEnableTxPower, inside ImpinjTagReportContentSelector on newer firmware
    }
)
_IMPINJ_PHASE_ANGLE: Final = 56
_IMPINJ_DOPPLER: Final = 68
_U16: Final = struct.Struct(">H")
_S16: Final = struct.Struct(">h")


@dataclass(frozen=True, slots=True)
class ImpinjReportOptions:
    """Which Impinj fields each TagReportData carries (ImpinjTagReportContentSelector)."""

    peak_rssi: bool = False
    phase_angle: bool = False
    doppler: bool = False

    @property
    def any(self) -> bool:
        """True if at least one Impinj field is enabled."""
        return self.peak_rssi or self.phase_angle or self.doppler


def _customs(value: object, depth: int) -> Iterator[tuple[Custom, int]]:
    if isinstance(value, Custom):
        yield value, depth
    elif isinstance(value, tuple):
        for item in value:
            yield from _customs(item, depth)
    elif isinstance(value, Param | Message):
        child = depth + 1 if isinstance(value, Param) else depth
        for name in getattr(value, "__dataclass_fields__", {}):
            yield from _customs(getattr(value, name), child)


def check_customs(message: Message, *, impinj_enabled: bool) -> None:
    """Raise DecodeError (M/P_UnsupportedParameter) for a custom parameter the reader lacks."""
    for custom, depth in _customs(message, 0):
        if impinj_enabled and custom.vendor == IMPINJ_PEN and custom.subtype in ACCEPTED_IMPINJ:
            continue
        code = status_at(
            depth, StatusCode.M_UNSUPPORTED_PARAMETER, StatusCode.P_UNSUPPORTED_PARAMETER
        )
        raise DecodeError(
            f"custom parameter {custom.vendor}/{custom.subtype} is not supported",
            status=code,
            parameter_type=1023,
        )


def _nested(custom: Custom) -> list[Custom]:
    """Decode the custom parameters nested in an Impinj parameter's data."""
    found = split_params(custom.data, 0, len(custom.data), depth=2)
    return [Custom.from_body(custom.data, start, stop, 2) for cls, _, start, stop in found if cls]


def _mode(custom: Custom) -> int:
    return _U16.unpack_from(custom.data)[0] if len(custom.data) >= 2 else 0


def report_options(report_spec: ROReportSpec | None) -> ImpinjReportOptions:
    """The ImpinjTagReportContentSelector of a ROReportSpec: mode 1 enables a field."""
    if report_spec is None:
        return ImpinjReportOptions()
    for custom in report_spec.custom:
        if custom.vendor != IMPINJ_PEN:
            continue
        if custom.subtype != ImpinjParamSubtype.TAG_REPORT_CONTENT_SELECTOR:
            continue
        try:
            modes = {inner.subtype: _mode(inner) for inner in _nested(custom)}
        except FrameError as exc:
            raise DecodeError(
                "malformed ImpinjTagReportContentSelector",
                status=StatusCode.P_PARAMETER_ERROR,
                parameter_type=1023,
            ) from exc
        return ImpinjReportOptions(
            peak_rssi=modes.get(ImpinjParamSubtype.ENABLE_PEAK_RSSI) == 1,
            phase_angle=modes.get(ImpinjParamSubtype.ENABLE_RF_PHASE_ANGLE) == 1,
            doppler=modes.get(ImpinjParamSubtype.ENABLE_RF_DOPPLER_FREQUENCY) == 1,
        )
    return ImpinjReportOptions()


def report_params(
    options: ImpinjReportOptions, peak_rssi_dbm: float, rng: random.Random
) -> tuple[Custom, ...]:
    """The Impinj parameters of one TagReportData: phase (0-4095 = 0-360 deg), peak RSSI in
    dBm x100, Doppler in Hz."""
    params: list[Custom] = []
    if options.phase_angle:
        params.append(Custom(IMPINJ_PEN, _IMPINJ_PHASE_ANGLE, _U16.pack(rng.randrange(4096))))
    if options.peak_rssi:
        value = max(-32768, min(32767, round(peak_rssi_dbm * 100)))
        params.append(Custom(IMPINJ_PEN, ImpinjParamSubtype.PEAK_RSSI, _S16.pack(value)))
    if options.doppler:
        params.append(Custom(IMPINJ_PEN, _IMPINJ_DOPPLER, _S16.pack(rng.randint(-40, 40))))
    return tuple(params)
