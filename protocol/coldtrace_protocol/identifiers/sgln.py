"""SGLN-96: a location such as a dock door or cold room (TDS §6.3.3, §7.3, §14.5.3).

Layout: header 0x32 (8 bits), filter (3), partition (3), GS1 Company Prefix (20-40), location
reference (21-1), extension (41-bit integer). Extension 0 means "the GLN itself, no extension"
(TDS §7.3), so ``urn:epc:id:sgln:0614141.12345.0`` is GLN 0614141123452.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Final, Literal, Self

from coldtrace_protocol.errors import IdentifierError
from coldtrace_protocol.identifiers.fields import (
    check_digits,
    check_filter,
    check_integer,
    parse_integer_component,
)
from coldtrace_protocol.identifiers.gs1_keys import GLN_LENGTH, gln13_from_sgln, validate_gln
from coldtrace_protocol.identifiers.partitioned import pack_partitioned, unpack_partitioned
from coldtrace_protocol.identifiers.partitions import SGLN_PARTITIONS, Partition
from coldtrace_protocol.identifiers.scheme import EpcScheme

SGLN96_HEADER: Final = 0x32
SGLN96_DEFAULT_FILTER: Final = 0  # TDS §10.1: all others (3 is an internal sub-location)
SGLN96_EXTENSION_BITS: Final = 41
SGLN_DIGITS: Final = 12  # company prefix + location reference (GLN-13 less check)
_EXTENSION = "SGLN-96 extension"


@dataclass(frozen=True, slots=True)
class Sgln96:
    """A decoded or to-be-encoded SGLN-96; construction validates every component."""

    scheme: ClassVar[Literal[EpcScheme.SGLN_96]] = EpcScheme.SGLN_96
    is_gs1: ClassVar[Literal[True]] = True

    company_prefix: str
    location_reference: str
    extension: int = 0
    filter_value: int = SGLN96_DEFAULT_FILTER

    def __post_init__(self) -> None:
        check_filter(self.filter_value)
        row = self._row()
        check_digits(
            self.location_reference, what="SGLN location reference", length=row.reference_digits
        )
        check_integer(self.extension, what=_EXTENSION, bits=SGLN96_EXTENSION_BITS)

    def _row(self) -> Partition:
        """Partition row for the company prefix length (validates the prefix too)."""
        return SGLN_PARTITIONS.for_company_prefix(self.company_prefix)

    @property
    def partition(self) -> int:
        """Partition value written on the tag."""
        return self._row().value

    @property
    def gln(self) -> str:
        """The 13-digit GLN with its check digit."""
        return gln13_from_sgln(self.company_prefix, self.location_reference)

    @property
    def gln_extension(self) -> str | None:
        """GLN extension component (AI 254), or None when the extension is 0 (TDS §7.3)."""
        return str(self.extension) if self.extension else None

    @property
    def pure_uri(self) -> str:
        """EPC pure identity URI (TDS §6.3.3)."""
        return f"urn:epc:id:sgln:{self.company_prefix}.{self.location_reference}.{self.extension}"

    @property
    def tag_uri(self) -> str:
        """EPC tag URI (TDS §12.1)."""
        return (
            f"urn:epc:tag:sgln-96:{self.filter_value}."
            f"{self.company_prefix}.{self.location_reference}.{self.extension}"
        )

    def to_bytes(self) -> bytes:
        """The 96-bit EPC binary encoding (TDS §14.5.3.1)."""
        return pack_partitioned(
            SGLN96_HEADER,
            self.filter_value,
            self._row(),
            int(self.company_prefix),
            int(self.location_reference or "0"),
            tail=(self.extension, SGLN96_EXTENSION_BITS),
        )

    @property
    def hex(self) -> str:
        """Upper-case hex of the binary encoding, as readers report it."""
        return self.to_bytes().hex().upper()

    @classmethod
    def from_bytes(cls, data: bytes) -> Self:
        """Decode a 96-bit SGLN-96 (TDS §14.4); raise ``IdentifierError`` if it does not decode."""
        filter_value, row, company, location, extension = unpack_partitioned(
            data,
            header=SGLN96_HEADER,
            table=SGLN_PARTITIONS,
            scheme="SGLN-96",
            tail_bits=SGLN96_EXTENSION_BITS,
        )
        # At partition 0 the location reference has no digits, so its single bit must be 0.
        if company >= 10**row.company_digits or location >= 10**row.reference_digits:
            raise IdentifierError(
                "SGLN-96 company prefix or location reference overflows its digits",
                value=data.hex().upper(),
            )
        location_reference = str(location).zfill(row.reference_digits)
        return cls(
            company_prefix=str(company).zfill(row.company_digits),
            location_reference=location_reference if row.reference_digits else "",
            extension=extension,
            filter_value=filter_value,
        )

    @classmethod
    def from_uri_components(cls, components: Sequence[str], filter_value: int) -> Self:
        """Build from ``CompanyPrefix.LocationReference.Extension`` out of either URI form."""
        if len(components) != 3:
            raise IdentifierError("an SGLN URI has three components", value=".".join(components))
        company_prefix, location_reference, extension_text = components
        if len(company_prefix) + len(location_reference) != SGLN_DIGITS:
            raise IdentifierError(
                "SGLN company prefix and location reference must total 12 digits",
                value=".".join(components),
            )
        extension = parse_integer_component(
            extension_text, what=_EXTENSION, bits=SGLN96_EXTENSION_BITS, wider_scheme="SGLN-195"
        )
        return cls(company_prefix, location_reference, extension, filter_value)

    @classmethod
    def from_gln(
        cls,
        gln: str,
        *,
        company_prefix_length: int,
        extension: int = 0,
        filter_value: int = SGLN96_DEFAULT_FILTER,
    ) -> Self:
        """Build from a 13-digit GLN (checked) whose company prefix length is known."""
        key = validate_gln(gln)
        company_prefix = key[:company_prefix_length]
        location_reference = key[company_prefix_length : GLN_LENGTH - 1]
        return cls(company_prefix, location_reference, extension, filter_value)


def encode_sgln96(
    company_prefix: str,
    location_reference: str,
    extension: int = 0,
    filter_value: int = SGLN96_DEFAULT_FILTER,
) -> bytes:
    """SGLN-96 bytes for a location tag (a dock door, a cold room, a vehicle)."""
    return Sgln96(company_prefix, location_reference, extension, filter_value).to_bytes()
