"""Parsing EPC URIs: both forms, every scheme, and clear errors for the rest."""

import pytest

from coldtrace_protocol.identifiers import (
    Giai96,
    IdentifierError,
    Sgln96,
    Sgtin96,
    Sscc96,
    parse_epc_uri,
    parse_pure_uri,
    parse_tag_uri,
)

EXAMPLES = [
    Sgtin96("0614141", "812345", 6789, 3),
    Sscc96("0614141", "1234567890", 3),
    Sgln96("0614141", "12345", 5678, 3),
    Giai96("0614141", 5678, 3),
]


@pytest.mark.parametrize("epc", EXAMPLES, ids=lambda epc: epc.scheme)
def test_both_forms_parse_back(epc: Sgtin96 | Sscc96 | Sgln96 | Giai96) -> None:
    assert parse_tag_uri(epc.tag_uri) == epc
    assert parse_pure_uri(epc.pure_uri, filter_value=3) == epc
    assert parse_epc_uri(epc.tag_uri) == epc
    assert parse_epc_uri(epc.pure_uri, filter_value=3) == epc


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("urn:epc:tag:sgtin-198:3.0614141.812345.6789", "not one of sgtin-96"),
        ("urn:epc:id:grai:0614141.12345.400", "not one of sgtin"),
        ("urn:epc:id:sgtin", "no scheme"),
        ("urn:epc:tag:sgtin-96:3", "three components"),
        ("urn:epc:tag:sgtin-96:.0614141.812345.6789", "filter value"),
        ("urn:epc:tag:sgtin-96:33.0614141.812345.6789", "filter value"),
        ("urn:epc:tag:sscc-96:3.0614141.1234567890.1", "two components"),
        ("urn:epc:id:sscc:0614141.123456789", "17 digits"),
        ("urn:epc:id:sgln:0614141.1234.0", "12 digits"),
        ("urn:epc:id:giai:06141.1", "6 to 12 digits"),
        ("URN:EPC:ID:SGTIN:0614141.812345.6789", "must start with"),
        ("http://id.gs1.org/01/80614141123458/21/6789", "must start with"),
        ("", "must start with"),
    ],
)
def test_bad_uris_raise_with_the_uri(uri: str, message: str) -> None:
    with pytest.raises(IdentifierError, match=message) as caught:
        parse_epc_uri(uri)
    assert uri in caught.value.value


def test_pure_uri_filter_must_be_a_filter_value() -> None:
    with pytest.raises(IdentifierError, match="filter value"):
        parse_pure_uri("urn:epc:id:sgtin:0614141.812345.6789", filter_value=9)


def test_error_chains_to_the_component_error() -> None:
    with pytest.raises(IdentifierError) as caught:
        parse_pure_uri("urn:epc:id:sgtin:0614141.812345.007")
    assert isinstance(caught.value.__cause__, IdentifierError)
    assert caught.value.__cause__.value == "007"
