"""SGLN-96 against the TDS example and the GLN-13 it carries."""

import pytest

from coldtrace_protocol.identifiers import (
    EpcScheme,
    IdentifierError,
    Sgln96,
    decode_epc,
    encode_sgln96,
    parse_pure_uri,
    parse_tag_uri,
)

# TDS example values for SGLN-96 (filter 3, company prefix 0614141, location reference 12345,
# extension 5678), as reproduced in the GS1 TDT engines' conformance tests; GLN 0614141123452
# with AI (254) 5678.
TDS_HEX = "3274257BF46072000000162E"
TDS_TAG_URI = "urn:epc:tag:sgln-96:3.0614141.12345.5678"
TDS_PURE_URI = "urn:epc:id:sgln:0614141.12345.5678"
TDS_GLN = "0614141123452"


def test_tds_example_decodes() -> None:
    epc = decode_epc(TDS_HEX)
    assert isinstance(epc, Sgln96)
    assert epc.scheme is EpcScheme.SGLN_96
    assert (epc.company_prefix, epc.location_reference, epc.extension) == (
        "0614141",
        "12345",
        5678,
    )
    assert epc.filter_value == 3
    assert epc.tag_uri == TDS_TAG_URI
    assert epc.pure_uri == TDS_PURE_URI
    assert epc.gln == TDS_GLN
    assert epc.gln_extension == "5678"


def test_tds_example_encodes_and_parses_back() -> None:
    data = encode_sgln96("0614141", "12345", extension=5678, filter_value=3)
    assert data.hex().upper() == TDS_HEX
    assert parse_tag_uri(TDS_TAG_URI).hex == TDS_HEX
    assert parse_pure_uri(TDS_PURE_URI, filter_value=3).hex == TDS_HEX
    from_gln = Sgln96.from_gln(TDS_GLN, company_prefix_length=7, extension=5678, filter_value=3)
    assert from_gln.hex == TDS_HEX


def test_extension_zero_is_the_plain_gln() -> None:
    # TDS §7.3: a GLN without extension is the SGLN with extension 0.
    epc = Sgln96("0614141", "12345")
    assert epc.pure_uri == "urn:epc:id:sgln:0614141.12345.0"
    assert epc.gln_extension is None
    assert epc.filter_value == 0


def test_twelve_digit_prefix_has_an_empty_location_reference() -> None:
    epc = Sgln96("061414112345", "", 7)
    assert epc.partition == 0
    assert epc.pure_uri == "urn:epc:id:sgln:061414112345..7"
    assert epc.gln == TDS_GLN
    assert decode_epc(epc.hex) == epc
    assert parse_pure_uri(epc.pure_uri) == epc


@pytest.mark.parametrize("extension_text", ["05678", "A", str(1 << 41)])
def test_extensions_that_need_sgln_195_are_refused(extension_text: str) -> None:
    with pytest.raises(IdentifierError, match="SGLN-96 extension"):
        parse_pure_uri(f"urn:epc:id:sgln:0614141.12345.{extension_text}")
