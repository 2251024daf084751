"""EPC binary encodings as bit fields: hex normalisation, MSB-first packing (TDS §14.3, §14.4)."""

import re
from collections.abc import Iterable, Sequence
from typing import Final

from coldtrace_protocol.errors import IdentifierError

EPC96_BYTES: Final = 12
HEADER_BITS: Final = 8
FILTER_BITS: Final = 3
PARTITION_BITS: Final = 3

_HEX: Final = re.compile(r"[0-9A-Fa-f]*")


def normalise_hex(text: str) -> str:
    """Return ``text`` as upper-case hex digits; readers differ in case, ``0x`` and spaces."""
    stripped = text.strip()
    if stripped[:2] in {"0x", "0X"}:
        stripped = stripped[2:]
    if not _HEX.fullmatch(stripped):
        raise IdentifierError("EPC is not a hexadecimal string", value=text)
    return stripped.upper()


def pack_fields(fields: Iterable[tuple[int, int]], *, total_bits: int) -> bytes:
    """Concatenate ``(value, width)`` fields MSB first and right-pad to ``total_bits`` with zeros.

    TDS §14.3: every field is a big-endian unsigned integer of a fixed width; the header comes
    first. A value that does not fit its width is a bug in the caller's validation, so it raises.
    """
    accumulated = 0
    used_bits = 0
    for value, width in fields:
        if value < 0 or value >> width:
            msg = f"value does not fit in {width} bits"
            raise IdentifierError(msg, value=str(value))
        accumulated = (accumulated << width) | value
        used_bits += width
    if used_bits > total_bits:
        msg = f"{used_bits} bits do not fit in {total_bits}"
        raise IdentifierError(msg, value=str(accumulated))
    accumulated <<= total_bits - used_bits
    return accumulated.to_bytes(total_bits // 8, "big")


def unpack_fields(data: bytes, widths: Sequence[int], *, start_bit: int = 0) -> list[int]:
    """Split ``data`` into unsigned integers of the given widths, starting at ``start_bit``."""
    total_bits = len(data) * 8
    if start_bit + sum(widths) > total_bits:
        raise IdentifierError("bit fields run past the end of the EPC", value=data.hex().upper())
    whole = int.from_bytes(data, "big")
    values: list[int] = []
    position = start_bit
    for width in widths:
        shift = total_bits - position - width
        values.append((whole >> shift) & ((1 << width) - 1))
        position += width
    return values
