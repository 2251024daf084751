"""Parse EPC URIs back into identifiers: the tag URI (TDS §12.1) and the pure identity (TDS §6).

A pure identity URI carries no filter value and no encoding; TDS §12.3.1 has the caller supply
them, so ``parse_pure_uri`` takes the filter value (by default the scheme's usual one) and picks
the 96-bit encoding, refusing identities only the wider encodings can hold.
"""

from collections.abc import Callable, Mapping, Sequence
from typing import Final

from coldtrace_protocol.errors import IdentifierError
from coldtrace_protocol.identifiers.epc import GS1Epc
from coldtrace_protocol.identifiers.fields import FILTER_VALUE_MAX
from coldtrace_protocol.identifiers.giai import GIAI96_DEFAULT_FILTER, Giai96
from coldtrace_protocol.identifiers.sgln import SGLN96_DEFAULT_FILTER, Sgln96
from coldtrace_protocol.identifiers.sgtin import SGTIN96_DEFAULT_FILTER, Sgtin96
from coldtrace_protocol.identifiers.sscc import SSCC96_DEFAULT_FILTER, Sscc96

TAG_URI_PREFIX: Final = "urn:epc:tag:"
PURE_URI_PREFIX: Final = "urn:epc:id:"

_Builder = Callable[[Sequence[str], int], GS1Epc]

_TAG_SCHEMES: Final[Mapping[str, _Builder]] = {
    "sgtin-96": Sgtin96.from_uri_components,
    "sscc-96": Sscc96.from_uri_components,
    "sgln-96": Sgln96.from_uri_components,
    "giai-96": Giai96.from_uri_components,
}
_PURE_SCHEMES: Final[Mapping[str, tuple[_Builder, int]]] = {
    "sgtin": (Sgtin96.from_uri_components, SGTIN96_DEFAULT_FILTER),
    "sscc": (Sscc96.from_uri_components, SSCC96_DEFAULT_FILTER),
    "sgln": (Sgln96.from_uri_components, SGLN96_DEFAULT_FILTER),
    "giai": (Giai96.from_uri_components, GIAI96_DEFAULT_FILTER),
}


def parse_tag_uri(uri: str) -> GS1Epc:
    """Parse ``urn:epc:tag:<scheme>-96:<filter>.<components>``; raise ``IdentifierError``."""
    scheme, body = _split(uri, TAG_URI_PREFIX)
    builder = _TAG_SCHEMES.get(scheme)
    if builder is None:
        known = ", ".join(_TAG_SCHEMES)
        msg = f"tag URI scheme {scheme!r} is not one of {known}"
        raise IdentifierError(msg, value=uri)
    filter_text, _, identity = body.partition(".")
    if len(filter_text) != 1 or not "0" <= filter_text <= str(FILTER_VALUE_MAX):
        raise IdentifierError("tag URI filter value must be one digit 0-7", value=uri)
    return _build(builder, identity, int(filter_text), uri)


def parse_pure_uri(uri: str, *, filter_value: int | None = None) -> GS1Epc:
    """Parse ``urn:epc:id:<scheme>:<components>`` into its 96-bit encoding.

    ``filter_value`` is what the tag should carry; None takes the scheme's usual value.
    """
    scheme, body = _split(uri, PURE_URI_PREFIX)
    entry = _PURE_SCHEMES.get(scheme)
    if entry is None:
        known = ", ".join(_PURE_SCHEMES)
        msg = f"EPC scheme {scheme!r} is not one of {known}"
        raise IdentifierError(msg, value=uri)
    builder, default_filter = entry
    chosen = default_filter if filter_value is None else filter_value
    return _build(builder, body, chosen, uri)


def parse_epc_uri(uri: str, *, filter_value: int | None = None) -> GS1Epc:
    """Parse either URI form; ``filter_value`` applies to pure identity URIs only."""
    if isinstance(uri, str) and uri.startswith(TAG_URI_PREFIX):
        return parse_tag_uri(uri)
    return parse_pure_uri(uri, filter_value=filter_value)


def _split(uri: str, prefix: str) -> tuple[str, str]:
    """Return (scheme, body) of ``prefix<scheme>:<body>``."""
    if not isinstance(uri, str) or not uri.startswith(prefix):
        msg = f"EPC URI must start with {prefix!r}"
        raise IdentifierError(msg, value=repr(uri))
    scheme, separator, body = uri[len(prefix) :].partition(":")
    if not separator:
        raise IdentifierError("EPC URI has no scheme", value=uri)
    return scheme, body


def _build(builder: _Builder, identity: str, filter_value: int, uri: str) -> GS1Epc:
    """Run a scheme's builder, re-raising its error with the whole URI as the offending value."""
    try:
        return builder(identity.split("."), filter_value)
    except IdentifierError as exc:
        msg = f"{exc} (in {uri})"
        raise IdentifierError(msg, value=uri) from exc
