"""SGTIN-96: one serialised trade item (TDS §6.3.1 URI, §7.1 GTIN, §14.5.1 binary layout).

Layout: header 0x30 (8 bits), filter (3), partition (3), GS1 Company Prefix (20-40), indicator
digit + item reference (24-4), serial (38). The indicator digit is the first digit of the item
reference component, as in ``urn:epc:id:sgtin:0614141.812345.6789`` (indicator 8).
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
from coldtrace_protocol.identifiers.gs1_keys import GTIN14_LENGTH, gtin14_from_sgtin, validate_gtin
from coldtrace_protocol.identifiers.partitioned import pack_partitioned, unpack_partitioned
from coldtrace_protocol.identifiers.partitions import SGTIN_PARTITIONS, Partition
from coldtrace_protocol.identifiers.scheme import EpcScheme

SGTIN96_HEADER: Final = 0x30
SGTIN96_DEFAULT_FILTER: Final = 1  # TDS §10.1: point-of-sale trade item (2 case, 6 unit load)
SGTIN96_SERIAL_BITS: Final = 38
SGTIN_DIGITS: Final = 13  # company prefix + indicator + item reference (GTIN-14 less check)
_SERIAL = "SGTIN-96 serial"


@dataclass(frozen=True, slots=True)
class Sgtin96:
    """A decoded or to-be-encoded SGTIN-96; construction validates every component."""

    scheme: ClassVar[Literal[EpcScheme.SGTIN_96]] = EpcScheme.SGTIN_96
    is_gs1: ClassVar[Literal[True]] = True

    company_prefix: str
    item_reference: str
    serial: int
    filter_value: int = SGTIN96_DEFAULT_FILTER

    def __post_init__(self) -> None:
        check_filter(self.filter_value)
        row = self._row()
        check_digits(self.item_reference, what="SGTIN item reference", length=row.reference_digits)
        check_integer(self.serial, what=_SERIAL, bits=SGTIN96_SERIAL_BITS)

    def _row(self) -> Partition:
        """Partition row for the company prefix length (validates the prefix too)."""
        return SGTIN_PARTITIONS.for_company_prefix(self.company_prefix)

    @property
    def partition(self) -> int:
        """Partition value written on the tag."""
        return self._row().value

    @property
    def indicator_digit(self) -> str:
        """Indicator digit (packaging level; 0 for GTIN-12/13 derived SGTINs)."""
        return self.item_reference[0]

    @property
    def gtin(self) -> str:
        """The GTIN-14 this serial is an instance of."""
        return gtin14_from_sgtin(self.company_prefix, self.item_reference)

    @property
    def pure_uri(self) -> str:
        """EPC pure identity URI (TDS §6.3.1), what business data and EPCIS events use."""
        return f"urn:epc:id:sgtin:{self.company_prefix}.{self.item_reference}.{self.serial}"

    @property
    def tag_uri(self) -> str:
        """EPC tag URI (TDS §12.1), which also names the encoding and the filter value."""
        return (
            f"urn:epc:tag:sgtin-96:{self.filter_value}."
            f"{self.company_prefix}.{self.item_reference}.{self.serial}"
        )

    def to_bytes(self) -> bytes:
        """The 96-bit EPC binary encoding (TDS §14.5.1.1)."""
        return pack_partitioned(
            SGTIN96_HEADER,
            self.filter_value,
            self._row(),
            int(self.company_prefix),
            int(self.item_reference),
            tail=(self.serial, SGTIN96_SERIAL_BITS),
        )

    @property
    def hex(self) -> str:
        """Upper-case hex of the binary encoding, as readers report it."""
        return self.to_bytes().hex().upper()

    @classmethod
    def from_bytes(cls, data: bytes) -> Self:
        """Decode a 96-bit SGTIN-96 (TDS §14.4); raise ``IdentifierError`` if it does not decode."""
        filter_value, row, company, item, serial = unpack_partitioned(
            data,
            header=SGTIN96_HEADER,
            table=SGTIN_PARTITIONS,
            scheme="SGTIN-96",
            tail_bits=SGTIN96_SERIAL_BITS,
        )
        # TDS §14.4 (decoding a partition table field): a value with more decimal digits than
        # the partition allows cannot be decoded.
        if company >= 10**row.company_digits or item >= 10**row.reference_digits:
            raise IdentifierError(
                "SGTIN-96 company prefix or item reference overflows its digits",
                value=data.hex().upper(),
            )
        return cls(
            company_prefix=str(company).zfill(row.company_digits),
            item_reference=str(item).zfill(row.reference_digits),
            serial=serial,
            filter_value=filter_value,
        )

    @classmethod
    def from_uri_components(cls, components: Sequence[str], filter_value: int) -> Self:
        """Build from ``CompanyPrefix.ItemReference.Serial`` taken out of either URI form."""
        if len(components) != 3:
            raise IdentifierError("an SGTIN URI has three components", value=".".join(components))
        company_prefix, item_reference, serial_text = components
        if len(company_prefix) + len(item_reference) != SGTIN_DIGITS:
            raise IdentifierError(
                "SGTIN company prefix and item reference must total 13 digits",
                value=".".join(components),
            )
        serial = parse_integer_component(
            serial_text, what=_SERIAL, bits=SGTIN96_SERIAL_BITS, wider_scheme="SGTIN-198"
        )
        return cls(company_prefix, item_reference, serial, filter_value)

    @classmethod
    def from_gtin(
        cls,
        gtin: str,
        *,
        company_prefix_length: int,
        serial: int,
        filter_value: int = SGTIN96_DEFAULT_FILTER,
    ) -> Self:
        """Serialise a GTIN (8/12/13/14 digits, checked) whose company prefix length is known."""
        gtin14 = validate_gtin(gtin)
        company_prefix = gtin14[1 : 1 + company_prefix_length]
        item_reference = gtin14[0] + gtin14[1 + company_prefix_length : GTIN14_LENGTH - 1]
        return cls(company_prefix, item_reference, serial, filter_value)


def encode_sgtin96(
    company_prefix: str,
    item_reference: str,
    serial: int,
    filter_value: int = SGTIN96_DEFAULT_FILTER,
) -> bytes:
    """SGTIN-96 bytes for a tag; ``item_reference`` starts with the indicator digit (as in URIs)."""
    return Sgtin96(company_prefix, item_reference, serial, filter_value).to_bytes()
