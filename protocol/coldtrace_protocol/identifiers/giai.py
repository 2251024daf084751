"""GIAI-96: one individual asset such as a reusable crate or a data logger (TDS §6.3.5, §7.5).

Layout (TDS §14.5.5.1): header 0x34 (8 bits), filter (3), partition (3), GS1 Company Prefix
(20-40), individual asset reference (62-42 bits). GIAI-96 stores the asset reference as an
integer, so only numeric references without leading zeros fit; the rest need GIAI-202.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Final, Literal, Self

from coldtrace_protocol.errors import IdentifierError
from coldtrace_protocol.identifiers.fields import (
    check_filter,
    check_integer,
    parse_integer_component,
)
from coldtrace_protocol.identifiers.partitioned import pack_partitioned, unpack_partitioned
from coldtrace_protocol.identifiers.partitions import GIAI96_PARTITIONS, Partition
from coldtrace_protocol.identifiers.scheme import EpcScheme

GIAI96_HEADER: Final = 0x34
GIAI96_DEFAULT_FILTER: Final = 0  # TDS §10.1: all others
_ASSET = "GIAI-96 asset reference"


@dataclass(frozen=True, slots=True)
class Giai96:
    """A decoded or to-be-encoded GIAI-96; construction validates every component."""

    scheme: ClassVar[Literal[EpcScheme.GIAI_96]] = EpcScheme.GIAI_96
    is_gs1: ClassVar[Literal[True]] = True

    company_prefix: str
    asset_reference: int
    filter_value: int = GIAI96_DEFAULT_FILTER

    def __post_init__(self) -> None:
        check_filter(self.filter_value)
        row = self._row()
        check_integer(self.asset_reference, what=_ASSET, bits=row.reference_bits)

    def _row(self) -> Partition:
        """Partition row for the company prefix length (validates the prefix too)."""
        return GIAI96_PARTITIONS.for_company_prefix(self.company_prefix)

    @property
    def partition(self) -> int:
        """Partition value written on the tag."""
        return self._row().value

    @property
    def giai(self) -> str:
        """The GIAI as in a barcode's AI (8004): company prefix then asset reference."""
        return f"{self.company_prefix}{self.asset_reference}"

    @property
    def pure_uri(self) -> str:
        """EPC pure identity URI (TDS §6.3.5)."""
        return f"urn:epc:id:giai:{self.company_prefix}.{self.asset_reference}"

    @property
    def tag_uri(self) -> str:
        """EPC tag URI (TDS §12.1)."""
        return (
            f"urn:epc:tag:giai-96:{self.filter_value}.{self.company_prefix}.{self.asset_reference}"
        )

    def to_bytes(self) -> bytes:
        """The 96-bit EPC binary encoding (TDS §14.5.5.1)."""
        return pack_partitioned(
            GIAI96_HEADER,
            self.filter_value,
            self._row(),
            int(self.company_prefix),
            self.asset_reference,
        )

    @property
    def hex(self) -> str:
        """Upper-case hex of the binary encoding, as readers report it."""
        return self.to_bytes().hex().upper()

    @classmethod
    def from_bytes(cls, data: bytes) -> Self:
        """Decode a 96-bit GIAI-96 (TDS §14.4); raise ``IdentifierError`` if it does not decode."""
        filter_value, row, company, asset, _ = unpack_partitioned(
            data, header=GIAI96_HEADER, table=GIAI96_PARTITIONS, scheme="GIAI-96"
        )
        # The asset reference is an unpadded integer (any value of its bits is legal); only the
        # company prefix can overflow its digits.
        if company >= 10**row.company_digits:
            raise IdentifierError(
                "GIAI-96 company prefix overflows its digits", value=data.hex().upper()
            )
        return cls(
            company_prefix=str(company).zfill(row.company_digits),
            asset_reference=asset,
            filter_value=filter_value,
        )

    @classmethod
    def from_uri_components(cls, components: Sequence[str], filter_value: int) -> Self:
        """Build from ``CompanyPrefix.IndividualAssetReference`` out of either URI form."""
        if len(components) != 2:
            raise IdentifierError("a GIAI URI has two components", value=".".join(components))
        company_prefix, asset_text = components
        row = GIAI96_PARTITIONS.for_company_prefix(company_prefix)
        asset_reference = parse_integer_component(
            asset_text, what=_ASSET, bits=row.reference_bits, wider_scheme="GIAI-202"
        )
        return cls(company_prefix, asset_reference, filter_value)


def encode_giai96(
    company_prefix: str, asset_reference: int, filter_value: int = GIAI96_DEFAULT_FILTER
) -> bytes:
    """GIAI-96 bytes for an asset tag; the asset reference must fit the partition's bits."""
    return Giai96(company_prefix, asset_reference, filter_value).to_bytes()
