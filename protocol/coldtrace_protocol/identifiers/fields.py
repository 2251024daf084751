"""Checks on the components of an EPC (digit strings, filter values, integer serials).

Each check raises ``IdentifierError`` naming the component, so an operator sees which part of a
company prefix, item reference or serial is wrong. TDS §12.3.1 and §14.3 define the rules.
"""

from typing import Final

from coldtrace_protocol.errors import IdentifierError

FILTER_VALUE_MAX: Final = 7


def is_ascii_digits(text: str) -> bool:
    """True for ``0``-``9`` only: ``str.isdigit`` also accepts superscripts and other scripts."""
    return text.isascii() and text.isdigit()


def check_digits(value: object, *, what: str, length: int) -> str:
    """Return ``value`` if it is exactly ``length`` ASCII digits (leading zeros are significant)."""
    if not isinstance(value, str):
        msg = f"{what} must be a string of digits"
        raise IdentifierError(msg, value=repr(value))
    if len(value) != length or not (value == "" or is_ascii_digits(value)):
        msg = f"{what} must be {length} digits, got {value!r}"
        raise IdentifierError(msg, value=value)
    return value


def check_filter(value: object) -> int:
    """Return ``value`` if it is a 3-bit filter value (TDS §10: 0-7; meaning differs by scheme)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= FILTER_VALUE_MAX:
        msg = f"filter value must be 0-7, got {value!r}"
        raise IdentifierError(msg, value=repr(value))
    return value


def check_integer(value: object, *, what: str, bits: int) -> int:
    """Return ``value`` if it is a non-negative integer below ``2**bits``."""
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"{what} must be an integer"
        raise IdentifierError(msg, value=repr(value))
    if not 0 <= value < 1 << bits:
        msg = f"{what} must be between 0 and {(1 << bits) - 1} to fit {bits} bits, got {value}"
        raise IdentifierError(
            msg,
            value=str(value),
        )
    return value


def parse_integer_component(text: str, *, what: str, bits: int, wider_scheme: str) -> int:
    """Parse a URI component that a 96-bit encoding stores as an integer (TDS §14.3.2).

    Only digits without leading zeros (``0`` itself is fine) fit: anything else, such as
    ``007`` or ``A1`` or a %-escaped character, needs the wider alphanumeric encoding.
    """
    if not is_ascii_digits(text):
        msg = f"{what} {text!r} is not numeric; only {wider_scheme} encodes it"
        raise IdentifierError(msg, value=text)
    if len(text) > len(str(1 << bits)):
        msg = f"{what} {text!r} does not fit {bits} bits"
        raise IdentifierError(msg, value=text)
    if len(text) > 1 and text[0] == "0":
        msg = f"{what} {text!r} has leading zeros; only {wider_scheme} keeps them"
        raise IdentifierError(msg, value=text)
    return check_integer(int(text), what=what, bits=bits)
