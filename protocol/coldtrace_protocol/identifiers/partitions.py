"""Partition tables: how a 96-bit EPC splits bits and digits between company prefix and reference.

The 3-bit partition value says how long the GS1 Company Prefix is (12 digits at partition 0 down
to 6 digits at partition 6); the reference field takes the remaining bits and digits. Values come
from the TDS §14.5 coding tables (SGTIN §14.5.1, SSCC §14.5.2, SGLN §14.5.3, GIAI §14.5.5).
"""

from dataclasses import dataclass
from typing import Final

from coldtrace_protocol.errors import IdentifierError
from coldtrace_protocol.identifiers.fields import check_digits

MIN_COMPANY_DIGITS: Final = 6
MAX_COMPANY_DIGITS: Final = 12


@dataclass(frozen=True, slots=True)
class Partition:
    """One row of a partition table."""

    value: int
    company_bits: int
    company_digits: int
    reference_bits: int
    reference_digits: int


@dataclass(frozen=True, slots=True)
class PartitionTable:
    """The seven rows (partition values 0-6) of one scheme; value 7 is reserved in every table."""

    name: str
    rows: tuple[Partition, ...]

    def by_value(self, value: int) -> Partition:
        """Row for a partition value read off a tag (TDS §14.4: 7 means "cannot be decoded")."""
        if not 0 <= value < len(self.rows):
            msg = f"{self.name}: partition value {value} is reserved"
            raise IdentifierError(msg, value=str(value))
        return self.rows[value]

    def by_company_digits(self, digits: int) -> Partition:
        """Row for a GS1 Company Prefix of ``digits`` digits (6 to 12)."""
        for row in self.rows:
            if row.company_digits == digits:
                return row
        msg = f"{self.name}: a GS1 Company Prefix has 6 to 12 digits, got {digits}"
        raise IdentifierError(
            msg,
            value=str(digits),
        )

    def for_company_prefix(self, company_prefix: str) -> Partition:
        """Row for ``company_prefix``, which must be 6 to 12 ASCII digits."""
        if not isinstance(company_prefix, str):
            raise IdentifierError("GS1 Company Prefix must be a string", value=repr(company_prefix))
        row = self.by_company_digits(len(company_prefix))
        check_digits(company_prefix, what="GS1 Company Prefix", length=row.company_digits)
        return row


def _table(name: str, reference: tuple[tuple[int, int], ...]) -> PartitionTable:
    """Build a table from (reference bits, reference digits) per partition value 0-6.

    The company prefix column is the same for every scheme (TDS §14.5): 40/37/34/30/27/24/20 bits
    for 12/11/10/9/8/7/6 digits.
    """
    company = ((40, 12), (37, 11), (34, 10), (30, 9), (27, 8), (24, 7), (20, 6))
    rows = tuple(
        Partition(value, company_bits, company_digits, reference_bits, reference_digits)
        for value, ((company_bits, company_digits), (reference_bits, reference_digits)) in (
            enumerate(zip(company, reference, strict=True))
        )
    )
    return PartitionTable(name, rows)


# TDS §14.5.1, SGTIN partition table: indicator digit + item reference, 13 - L digits.
SGTIN_PARTITIONS: Final = _table(
    "SGTIN", ((4, 1), (7, 2), (10, 3), (14, 4), (17, 5), (20, 6), (24, 7))
)
# TDS §14.5.2, SSCC partition table: extension digit + serial reference, 17 - L digits.
SSCC_PARTITIONS: Final = _table(
    "SSCC", ((18, 5), (21, 6), (24, 7), (28, 8), (31, 9), (34, 10), (38, 11))
)
# TDS §14.5.3, SGLN partition table: location reference, 12 - L digits (none at partition 0).
SGLN_PARTITIONS: Final = _table(
    "SGLN", ((1, 0), (4, 1), (7, 2), (11, 3), (14, 4), (17, 5), (21, 6))
)
# TDS §14.5.5, GIAI-96 partition table: individual asset reference, an integer of up to K digits.
GIAI96_PARTITIONS: Final = _table(
    "GIAI-96", ((42, 13), (45, 14), (48, 15), (52, 16), (55, 17), (58, 18), (62, 19))
)
