"""The 96-bit layout every partitioned GS1 scheme shares (TDS §14.5): header, filter, partition,
company prefix, a reference whose width the partition decides, then a scheme-specific tail.

SGTIN-96 (tail: serial), SSCC-96 (tail: 24 unallocated bits), SGLN-96 (tail: extension) and
GIAI-96 (no tail) differ only in those widths, so the bit work lives here once.
"""

from typing import NamedTuple

from coldtrace_protocol.errors import IdentifierError
from coldtrace_protocol.identifiers.bits import (
    EPC96_BYTES,
    FILTER_BITS,
    HEADER_BITS,
    PARTITION_BITS,
    pack_fields,
    unpack_fields,
)
from coldtrace_protocol.identifiers.partitions import Partition, PartitionTable

_FIELDS_START = HEADER_BITS + FILTER_BITS + PARTITION_BITS


class Unpacked(NamedTuple):
    """The fields of a decoded 96-bit partitioned EPC."""

    filter_value: int
    row: Partition
    company: int
    reference: int
    tail: int


def pack_partitioned(
    header: int,
    filter_value: int,
    row: Partition,
    company: int,
    reference: int,
    *,
    tail: tuple[int, int] | None = None,
) -> bytes:
    """The 96 bits; ``tail`` is ``(value, width)`` after the reference, the rest stays zero."""
    fields = [
        (header, HEADER_BITS),
        (filter_value, FILTER_BITS),
        (row.value, PARTITION_BITS),
        (company, row.company_bits),
        (reference, row.reference_bits),
    ]
    if tail is not None:
        fields.append(tail)
    return pack_fields(fields, total_bits=EPC96_BYTES * 8)


def unpack_partitioned(
    data: bytes, *, header: int, table: PartitionTable, scheme: str, tail_bits: int = 0
) -> Unpacked:
    """Split a 96-bit EPC of ``scheme``; raise ``IdentifierError`` if it is not one."""
    if len(data) != EPC96_BYTES or data[0] != header:
        raise IdentifierError(f"not an {scheme} encoding", value=data.hex().upper())
    filter_value, partition = unpack_fields(
        data, (FILTER_BITS, PARTITION_BITS), start_bit=HEADER_BITS
    )
    row = table.by_value(partition)
    company, reference, *tail = unpack_fields(
        data,
        (row.company_bits, row.reference_bits, *((tail_bits,) if tail_bits else ())),
        start_bit=_FIELDS_START,
    )
    return Unpacked(filter_value, row, company, reference, tail[0] if tail else 0)
