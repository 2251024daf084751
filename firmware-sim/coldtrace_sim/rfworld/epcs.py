"""The EPCs simulated tags carry: GS1 SGTIN-96 and SSCC-96 in the demo prefix range, and noise.

GS1 prefixes 952 are reserved for demonstrations (GS1 General Specifications §1.4.4), so the
simulator's company prefixes start with 952. Filter values follow GS1 TDS §10.1: SGTIN 1 for a
point-of-sale item, 2 for a full case; SSCC 6 for a unit load (a pallet).
"""

import random
from collections.abc import Sequence
from typing import Final

from coldtrace_protocol.identifiers import encode_sgtin96, encode_sscc96

DEMO_COMPANY_PREFIX: Final = "9521234"
SGTIN_FILTER_ITEM: Final = 1
SGTIN_FILTER_CASE: Final = 2
SSCC_FILTER_UNIT_LOAD: Final = 6
# Item references of demo products (indicator digit first): 0 for items, 1 for their cases.
DEMO_PRODUCTS: Final = ("012345", "023456", "034567", "045678")


def item_epc(company_prefix: str, item_reference: str, serial: int) -> bytes:
    """An item's SGTIN-96 (filter 1)."""
    return encode_sgtin96(company_prefix, item_reference, serial, SGTIN_FILTER_ITEM)


def case_epc(company_prefix: str, item_reference: str, serial: int) -> bytes:
    """A case's SGTIN-96 (filter 2); the case GTIN uses indicator digit 1."""
    return encode_sgtin96(company_prefix, "1" + item_reference[1:], serial, SGTIN_FILTER_CASE)


def pallet_epc(company_prefix: str, serial_reference: str) -> bytes:
    """A pallet's SSCC-96 (filter 6, unit load); the serial reference leads with the extension."""
    return encode_sscc96(company_prefix, serial_reference, SSCC_FILTER_UNIT_LOAD)


def raw_epc(rng: random.Random) -> bytes:
    """A non-GS1 96-bit EPC as found on unencoded tags: the chip's E2... TID-like number."""
    return bytes.fromhex("e28011") + rng.randbytes(9)


def steady_epcs(count: int, *, company_prefix: str = DEMO_COMPANY_PREFIX) -> Sequence[bytes]:
    """``count`` item EPCs over the demo products, serials from 1 (the CLI's steady field)."""
    return [
        item_epc(company_prefix, DEMO_PRODUCTS[i % len(DEMO_PRODUCTS)], i // len(DEMO_PRODUCTS) + 1)
        for i in range(count)
    ]
