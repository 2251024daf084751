"""SSCC-96: one logistic unit such as a pallet or a case (TDS §6.3.2, §7.2, §14.5.2).

Layout: header 0x31 (8 bits), filter (3), partition (3), GS1 Company Prefix (20-40), extension
digit + serial reference (38-18), then 24 unallocated bits that are zero. The extension digit is
the first digit of the serial reference component, as in ``urn:epc:id:sscc:0614141.1234567890``.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Final, Literal, Self

from coldtrace_protocol.errors import IdentifierError
from coldtrace_protocol.identifiers.fields import check_digits, check_filter
from coldtrace_protocol.identifiers.gs1_keys import SSCC_LENGTH, sscc18_from_sscc, validate_sscc
from coldtrace_protocol.identifiers.partitioned import pack_partitioned, unpack_partitioned
from coldtrace_protocol.identifiers.partitions import SSCC_PARTITIONS, Partition
from coldtrace_protocol.identifiers.scheme import EpcScheme

SSCC96_HEADER: Final = 0x31
SSCC96_DEFAULT_FILTER: Final = 2  # TDS §10.1: logistic / shipping unit
SSCC96_UNALLOCATED_BITS: Final = 24
SSCC_DIGITS: Final = 17  # company prefix + extension + serial reference (SSCC-18 less check)


@dataclass(frozen=True, slots=True)
class Sscc96:
    """A decoded or to-be-encoded SSCC-96; construction validates every component."""

    scheme: ClassVar[Literal[EpcScheme.SSCC_96]] = EpcScheme.SSCC_96
    is_gs1: ClassVar[Literal[True]] = True

    company_prefix: str
    serial_reference: str
    filter_value: int = SSCC96_DEFAULT_FILTER

    def __post_init__(self) -> None:
        check_filter(self.filter_value)
        row = self._row()
        check_digits(
            self.serial_reference, what="SSCC serial reference", length=row.reference_digits
        )

    def _row(self) -> Partition:
        """Partition row for the company prefix length (validates the prefix too)."""
        return SSCC_PARTITIONS.for_company_prefix(self.company_prefix)

    @property
    def partition(self) -> int:
        """Partition value written on the tag."""
        return self._row().value

    @property
    def extension_digit(self) -> str:
        """Extension digit, the first digit of the SSCC."""
        return self.serial_reference[0]

    @property
    def sscc(self) -> str:
        """The 18-digit SSCC with its check digit, as printed under the pallet label's barcode."""
        return sscc18_from_sscc(self.company_prefix, self.serial_reference)

    @property
    def pure_uri(self) -> str:
        """EPC pure identity URI (TDS §6.3.2)."""
        return f"urn:epc:id:sscc:{self.company_prefix}.{self.serial_reference}"

    @property
    def tag_uri(self) -> str:
        """EPC tag URI (TDS §12.1)."""
        return (
            f"urn:epc:tag:sscc-96:{self.filter_value}.{self.company_prefix}.{self.serial_reference}"
        )

    def to_bytes(self) -> bytes:
        """The 96-bit EPC binary encoding (TDS §14.5.2.1); the last 24 bits stay zero."""
        return pack_partitioned(
            SSCC96_HEADER,
            self.filter_value,
            self._row(),
            int(self.company_prefix),
            int(self.serial_reference),
        )

    @property
    def hex(self) -> str:
        """Upper-case hex of the binary encoding, as readers report it."""
        return self.to_bytes().hex().upper()

    @classmethod
    def from_bytes(cls, data: bytes) -> Self:
        """Decode a 96-bit SSCC-96 (TDS §14.4); raise ``IdentifierError`` if it does not decode."""
        filter_value, row, company, serial, unallocated = unpack_partitioned(
            data,
            header=SSCC96_HEADER,
            table=SSCC_PARTITIONS,
            scheme="SSCC-96",
            tail_bits=SSCC96_UNALLOCATED_BITS,
        )
        if company >= 10**row.company_digits or serial >= 10**row.reference_digits:
            raise IdentifierError(
                "SSCC-96 company prefix or serial reference overflows its digits",
                value=data.hex().upper(),
            )
        # TDS §14.5.2.1 fixes the unallocated bits at zero; a tag with anything else there is
        # not an SSCC-96 we could write back identically, so it stays raw.
        if unallocated:
            raise IdentifierError("SSCC-96 unallocated bits are not zero", value=data.hex().upper())
        return cls(
            company_prefix=str(company).zfill(row.company_digits),
            serial_reference=str(serial).zfill(row.reference_digits),
            filter_value=filter_value,
        )

    @classmethod
    def from_uri_components(cls, components: Sequence[str], filter_value: int) -> Self:
        """Build from ``CompanyPrefix.SerialReference`` taken out of either URI form."""
        if len(components) != 2:
            raise IdentifierError("an SSCC URI has two components", value=".".join(components))
        company_prefix, serial_reference = components
        if len(company_prefix) + len(serial_reference) != SSCC_DIGITS:
            raise IdentifierError(
                "SSCC company prefix and serial reference must total 17 digits",
                value=".".join(components),
            )
        return cls(company_prefix, serial_reference, filter_value)

    @classmethod
    def from_sscc(
        cls, sscc: str, *, company_prefix_length: int, filter_value: int = SSCC96_DEFAULT_FILTER
    ) -> Self:
        """Build from an 18-digit SSCC (checked) whose company prefix length is known."""
        key = validate_sscc(sscc)
        company_prefix = key[1 : 1 + company_prefix_length]
        serial_reference = key[0] + key[1 + company_prefix_length : SSCC_LENGTH - 1]
        return cls(company_prefix, serial_reference, filter_value)


def encode_sscc96(
    company_prefix: str, serial_reference: str, filter_value: int = SSCC96_DEFAULT_FILTER
) -> bytes:
    """SSCC-96 bytes for a tag; ``serial_reference`` begins with the extension digit, as in URIs."""
    return Sscc96(company_prefix, serial_reference, filter_value).to_bytes()
