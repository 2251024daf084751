"""EPCs that coldtrace keeps but does not decode: other schemes, other lengths, invalid fields.

A portal still reports such a tag (a blank tag's factory EPC, a customer's private numbering,
an SGTIN-198), so nothing read off a tag is dropped; ``is_gs1`` is False and ``reason`` says why.
"""

from dataclasses import dataclass
from typing import ClassVar, Literal

from coldtrace_protocol.identifiers.bits import normalise_hex
from coldtrace_protocol.identifiers.scheme import EpcScheme


@dataclass(frozen=True, slots=True)
class RawEpc:
    """An EPC memory bank content kept as hex (upper case) with the reason it did not decode."""

    scheme: ClassVar[Literal[EpcScheme.RAW]] = EpcScheme.RAW

    hex: str
    is_gs1: Literal[False] = False
    reason: str = ""

    def __post_init__(self) -> None:
        # Normalise so that equal EPCs compare and hash equal whatever case the reader used.
        object.__setattr__(self, "hex", normalise_hex(self.hex))

    @property
    def filter_value(self) -> None:
        """Raw EPCs have no filter value."""
        return None

    @property
    def bit_length(self) -> int:
        """Length of the EPC in bits."""
        return len(self.hex) * 4

    @property
    def tag_uri(self) -> str:
        """EPC raw URI (TDS §12.1): ``urn:epc:raw:<bits>.x<hex>``, or ``urn:epc:raw:0`` if empty."""
        if not self.hex:
            return "urn:epc:raw:0"
        return f"urn:epc:raw:{self.bit_length}.x{self.hex}"

    @property
    def pure_uri(self) -> str:
        """A raw EPC has no pure identity; its raw URI is the only name it has (TDS §12.1)."""
        return self.tag_uri
