"""How a shipment report writes values: Latin-1 safe text, local times with their UTC offset,
durations, temperatures and the profile band.

The report uses the PDF core fonts (no font files to ship, text extractable by any reader),
which encode Latin-1 only: "°" is there, "≤", an en dash or a lot comment in Cyrillic are not,
so every string goes through ``latin1`` before it reaches the page.
"""

import unicodedata
from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from coldtrace_cloud.shipments.report_data import Band

# Written as escapes: several of them look like ASCII in an editor.
_REPLACEMENTS: Final = str.maketrans(
    {
        "\u2264": "<=",  # less-than or equal to
        "\u2265": ">=",  # greater-than or equal to
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2212": "-",  # minus sign
        "\u2192": "->",  # rightwards arrow
        "\u2190": "<-",  # leftwards arrow
        "\u2026": "...",  # horizontal ellipsis
        "\u2018": "'",  # quotation marks
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2022": "*",  # bullet
        "\u20ac": "EUR",  # euro sign
        "\u0141": "L",  # letters with a stroke do not decompose: L, D, dotless i, ligatures
        "\u0142": "l",
        "\u0110": "D",
        "\u0111": "d",
        "\u0131": "i",
        "\u0152": "OE",
        "\u0153": "oe",
        "\u00a0": " ",  # no-break space
        "\t": " ",
    }
)
MISSING: Final = "-"


def latin1(text: str) -> str:
    """``text`` in Latin-1: known symbols spelled out, accents kept where Latin-1 has them,
    anything else stripped to its base letter or replaced by '?'."""
    text = text.translate(_REPLACEMENTS)
    if text.isascii():
        return text
    out = []
    for char in text:
        if ord(char) < 256:
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
        out.append(base or "?")
    return "".join(out)


def zone(name: str) -> ZoneInfo:
    """The site's time zone; UTC when the name is unknown to this system's tz database."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_time(at: datetime | None, tz: ZoneInfo) -> str:
    """``2026-01-05 14:03 +01:00``: the site's wall clock, with the offset that makes it UTC."""
    if at is None:
        return MISSING
    here = at.astimezone(tz)
    offset = here.strftime("%z")
    return f"{here:%Y-%m-%d %H:%M} {offset[:3]}:{offset[3:]}"


def utc_time(at: datetime) -> str:
    """``2026-01-05 13:03 UTC``."""
    return f"{at.astimezone(ZoneInfo('UTC')):%Y-%m-%d %H:%M:%S} UTC"


def duration(seconds: float | None) -> str:
    """``2 h 05 min``, ``40 min``, ``3 d 4 h``; '-' when unknown."""
    if seconds is None:
        return MISSING
    minutes = round(seconds / 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min"


def celsius(value: float | None) -> str:
    """``4.2 °C`` or '-'."""
    return MISSING if value is None else f"{value:.1f} °C"


def peak(kind: str, value: float | None) -> str:
    """An excursion's worst value in the unit of its rule."""
    if value is None:
        return MISSING
    unit = {"humidity": "% RH", "rate": "°C/h"}.get(kind, "°C")
    return f"{value:.1f} {unit}"


def band_label(band: Band | None) -> str:
    """``2 to 8 °C``, ``<= -20 °C``, ``>= 15 °C`` from the goods' profiles."""
    if band is None:
        return "no storage profile known"
    if band.conflict:
        return "conflicting storage profiles (" + ", ".join(band.profiles) + ")"
    low, high = band.min_c, band.max_c
    if low is not None and high is not None:
        text = f"{low:g} to {high:g} °C"
    elif high is not None:
        text = f"<= {high:g} °C"
    elif low is not None:
        text = f">= {low:g} °C"
    else:
        text = "no temperature limits"
    return f"{text} ({', '.join(band.profiles)})"
