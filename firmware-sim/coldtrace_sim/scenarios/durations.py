"""Durations as people write them in scenario files and on command lines: ``90s``, ``1h30m``.

Plain numbers are seconds. Units: ``ms``, ``s``, ``m`` (minutes), ``h``, ``d``; parts add up and
may carry decimals (``1.5h``).
"""

import math
import re
from typing import Final

_UNIT_S: Final = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)")


def parse_duration_s(value: str | float) -> float:
    """Seconds in ``value``; raise ``ValueError`` naming the input when it is not a duration."""
    if isinstance(value, bool):  # bool is an int subclass; True is not "1 second"
        msg = f"{value!r} is not a duration"
        raise ValueError(msg)  # noqa: TRY004 (pydantic turns ValueError into a field error)
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        text = value.strip().replace(" ", "")
        try:
            seconds = float(text)
        except ValueError:
            seconds = _parse_units(text, original=value)
    if not math.isfinite(seconds) or seconds < 0:
        msg = f"duration {value!r} must be a finite number of seconds >= 0"
        raise ValueError(msg)
    return seconds


def _parse_units(text: str, *, original: str) -> float:
    position = 0
    total_s = 0.0
    for match in _PART.finditer(text):
        if match.start() != position:
            break
        total_s += float(match.group(1)) * _UNIT_S[match.group(2)]
        position = match.end()
    if position != len(text) or not text:
        msg = (
            f"{original!r} is not a duration (examples: 90, 90s, 15m, 1h30m, 2d; units ms s m h d)"
        )
        raise ValueError(msg)
    return total_s


def format_duration(seconds: float) -> str:
    """A short human rendering (``1h30m``, ``45s``) for log lines and error messages."""
    whole = round(seconds)
    if whole != seconds or whole == 0:
        return f"{seconds:g}s"
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, whole = divmod(whole, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)
