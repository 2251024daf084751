"""GS1 keys carried by EPCs: the mod-10 check digit and GTIN, SSCC and GLN validation.

The check digit (GS1 General Specifications §7.9.1) weights the digits 3, 1, 3, 1, ... from the
right-hand end of the key without its check digit, and picks the digit that brings the weighted sum
to a multiple of ten. Barcode parsing uses the same helpers, so they accept keys on their own.
"""

from typing import Final

from coldtrace_protocol.errors import IdentifierError
from coldtrace_protocol.identifiers.fields import is_ascii_digits

GTIN_LENGTHS: Final = frozenset({8, 12, 13, 14})
GTIN14_LENGTH: Final = 14
SSCC_LENGTH: Final = 18
GLN_LENGTH: Final = 13


def gs1_check_digit(digits: str) -> int:
    """Check digit for a GS1 key body (the key without its last digit), any length."""
    if not is_ascii_digits(digits):
        raise IdentifierError("a GS1 key body must be ASCII digits", value=digits)
    total = sum(
        int(digit) * (3 if position % 2 == 0 else 1)
        for position, digit in enumerate(reversed(digits))
    )
    return (10 - total % 10) % 10


def with_check_digit(body: str) -> str:
    """Append the GS1 check digit to ``body``."""
    return f"{body}{gs1_check_digit(body)}"


def has_valid_check_digit(key: str) -> bool:
    """True if ``key`` is digits whose last digit is the GS1 check digit of the others."""
    if len(key) < 2 or not is_ascii_digits(key):
        return False
    return gs1_check_digit(key[:-1]) == int(key[-1])


def _validate_key(key: str, *, what: str, lengths: frozenset[int]) -> str:
    """Raise ``IdentifierError`` unless ``key`` has an allowed length, digits and check digit."""
    if not isinstance(key, str) or not is_ascii_digits(key):
        msg = f"{what} must be ASCII digits"
        raise IdentifierError(msg, value=repr(key))
    if len(key) not in lengths:
        allowed = ", ".join(str(length) for length in sorted(lengths))
        msg = f"{what} must have {allowed} digits, got {len(key)}"
        raise IdentifierError(msg, value=key)
    expected = gs1_check_digit(key[:-1])
    if int(key[-1]) != expected:
        msg = f"{what} check digit should be {expected}"
        raise IdentifierError(msg, value=key)
    return key


def validate_gtin(gtin: str) -> str:
    """Return a GTIN-8/12/13/14 as GTIN-14 (zero-padded left), or raise ``IdentifierError``."""
    return _validate_key(gtin, what="GTIN", lengths=GTIN_LENGTHS).zfill(GTIN14_LENGTH)


def validate_sscc(sscc: str) -> str:
    """Return an 18-digit SSCC unchanged if its check digit is right, or raise."""
    return _validate_key(sscc, what="SSCC", lengths=frozenset({SSCC_LENGTH}))


def validate_gln(gln: str) -> str:
    """Return a 13-digit GLN unchanged if its check digit is right, or raise."""
    return _validate_key(gln, what="GLN", lengths=frozenset({GLN_LENGTH}))


def gtin14_from_sgtin(company_prefix: str, item_reference: str) -> str:
    """GTIN-14 of an SGTIN (TDS §7.1): indicator digit, company prefix, item reference, check."""
    body = f"{item_reference[:1]}{company_prefix}{item_reference[1:]}"
    return with_check_digit(body)


def sscc18_from_sscc(company_prefix: str, serial_reference: str) -> str:
    """SSCC-18 of an SSCC EPC (TDS §7.2): extension digit, company prefix, serial, check."""
    body = f"{serial_reference[:1]}{company_prefix}{serial_reference[1:]}"
    return with_check_digit(body)


def gln13_from_sgln(company_prefix: str, location_reference: str) -> str:
    """GLN-13 of an SGLN (TDS §7.3): company prefix, location reference, check digit."""
    return with_check_digit(f"{company_prefix}{location_reference}")
