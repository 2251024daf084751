"""Decode whatever a reader reports from EPC memory into a typed identifier (TDS §14.2, §14.4).

``decode_epc`` never raises for hex text or bytes: GS1 encodings coldtrace knows become
``Sgtin96``, ``Sscc96``, ``Sgln96`` or ``Giai96``; everything else becomes a ``RawEpc`` flagged
``is_gs1=False`` with the reason, so a portal reports every tag it sees. Only input that is not
hex at all raises ``IdentifierError``.
"""

from collections.abc import Callable, Mapping
from typing import Final, TypeAlias

from coldtrace_protocol.errors import IdentifierError
from coldtrace_protocol.identifiers.bits import EPC96_BYTES, normalise_hex
from coldtrace_protocol.identifiers.giai import GIAI96_HEADER, Giai96
from coldtrace_protocol.identifiers.raw import RawEpc
from coldtrace_protocol.identifiers.sgln import SGLN96_HEADER, Sgln96
from coldtrace_protocol.identifiers.sgtin import SGTIN96_HEADER, Sgtin96
from coldtrace_protocol.identifiers.sscc import SSCC96_HEADER, Sscc96

GS1Epc: TypeAlias = Sgtin96 | Sscc96 | Sgln96 | Giai96
DecodedEpc: TypeAlias = GS1Epc | RawEpc

_DECODERS: Final[Mapping[int, Callable[[bytes], GS1Epc]]] = {
    SGTIN96_HEADER: Sgtin96.from_bytes,
    SSCC96_HEADER: Sscc96.from_bytes,
    SGLN96_HEADER: Sgln96.from_bytes,
    GIAI96_HEADER: Giai96.from_bytes,
}
# TDS §14.2 header values of GS1 encodings coldtrace recognises but does not decode, named in
# the reason so that an operator knows what the tag holds.
_OTHER_HEADERS: Final[Mapping[int, str]] = {
    0x2C: "GDTI-96",
    0x2D: "GSRN-96",
    0x33: "GRAI-96",
    0x35: "GID-96",
    0x36: "SGTIN-198",
    0x37: "GRAI-170",
    0x38: "GIAI-202",
    0x39: "SGLN-195",
    0x3C: "CPI-96",
}
_SCHEME_BY_HEADER: Final[Mapping[int, str]] = {
    SGTIN96_HEADER: "SGTIN-96",
    SSCC96_HEADER: "SSCC-96",
    SGLN96_HEADER: "SGLN-96",
    GIAI96_HEADER: "GIAI-96",
    **_OTHER_HEADERS,
}


def decode_epc(value: str | bytes | bytearray | memoryview) -> DecodedEpc:
    """Decode EPC hex text (``0x`` prefix and any case allowed) or the EPC's raw bytes.

    Note that bytes are the binary EPC: sllurp reports ``EPC-96`` as ASCII hex in a ``bytes``
    object, which must be decoded to ``str`` first.
    """
    if isinstance(value, str):
        hex_text = normalise_hex(value)
        if len(hex_text) % 2:
            return RawEpc(hex=hex_text, reason="odd number of hex digits")
        return decode_epc_bytes(bytes.fromhex(hex_text))
    if isinstance(value, bytes | bytearray | memoryview):
        return decode_epc_bytes(bytes(value))
    raise IdentifierError("an EPC is hex text or bytes", value=repr(value))


def decode_epc_bytes(data: bytes) -> DecodedEpc:
    """Decode the binary EPC (no PC word, no CRC); never raises."""
    hex_text = data.hex().upper()
    if not data:
        return RawEpc(hex=hex_text, reason="empty EPC")
    header = data[0]
    name = _SCHEME_BY_HEADER.get(header)
    if name is None:
        return RawEpc(hex=hex_text, reason=f"header 0x{header:02X} is not a GS1 EPC header")
    decoder = _DECODERS.get(header)
    if decoder is None:
        return RawEpc(hex=hex_text, reason=f"{name} is not decoded by coldtrace")
    if len(data) != EPC96_BYTES:
        return RawEpc(
            hex=hex_text, reason=f"{name} header on a {len(data) * 8}-bit EPC, expected 96 bits"
        )
    try:
        return decoder(data)
    except IdentifierError as exc:
        return RawEpc(hex=hex_text, reason=str(exc))
