"""InfluxDB line protocol rendering, with the escaping rules of the v1 write API.

``measurement,tag=value field=value timestamp``: measurements escape commas and spaces; tag keys,
tag values and field keys escape commas, equals signs and spaces; string field values are quoted
and escape double quotes and backslashes; integers carry an ``i`` suffix; booleans are
``true``/``false``. Newlines cannot be escaped anywhere and are refused.
"""

import math
from collections.abc import Mapping
from typing import Final

_MEASUREMENT: Final = str.maketrans({",": r"\,", " ": r"\ "})
_KEY: Final = str.maketrans({",": r"\,", "=": r"\=", " ": r"\ "})
FieldValue = float | int | bool | str


class LineProtocolError(ValueError):
    """A point that cannot be written (no fields, a newline, a non-finite float)."""


def _check(text: str) -> str:
    if "\n" in text or "\r" in text:
        raise LineProtocolError(f"newline in line protocol element {text!r}")
    return text


def escape_measurement(name: str) -> str:
    """Escape a measurement name."""
    return _check(name).translate(_MEASUREMENT)


def escape_key(text: str) -> str:
    """Escape a tag key, tag value or field key."""
    return _check(text).translate(_KEY)


def render_field(value: FieldValue) -> str:
    """Render one field value with its type marker."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value}i"
    if isinstance(value, float):
        if not math.isfinite(value):
            raise LineProtocolError(f"non-finite float {value!r}")
        return repr(value)
    escaped = _check(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def render_point(
    measurement: str,
    tags: Mapping[str, str],
    fields: Mapping[str, FieldValue | None],
    timestamp_ns: int,
) -> str:
    """One line; tags are sorted (InfluxDB's preferred order), ``None`` fields are left out."""
    present = {k: v for k, v in fields.items() if v is not None}
    if not present:
        raise LineProtocolError("a point needs at least one field")
    tag_text = "".join(
        f",{escape_key(k)}={escape_key(v)}" for k, v in sorted(tags.items()) if v != ""
    )
    field_text = ",".join(f"{escape_key(k)}={render_field(v)}" for k, v in present.items())
    return f"{escape_measurement(measurement)}{tag_text} {field_text} {timestamp_ns}"
