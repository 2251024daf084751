"""GIAI-96 against the TDS example and the numeric-only rule for 96-bit asset references."""

import pytest

from coldtrace_protocol.identifiers import (
    EpcScheme,
    Giai96,
    IdentifierError,
    decode_epc,
    encode_giai96,
    parse_pure_uri,
    parse_tag_uri,
)

# TDS example values for GIAI-96 (filter 3, company prefix 0614141, asset reference 5678), as
# reproduced in the GS1 TDT engines' conformance tests; element string (8004)06141415678.
TDS_HEX = "3474257BF40000000000162E"
TDS_TAG_URI = "urn:epc:tag:giai-96:3.0614141.5678"
TDS_PURE_URI = "urn:epc:id:giai:0614141.5678"


def test_tds_example_decodes() -> None:
    epc = decode_epc(TDS_HEX)
    assert isinstance(epc, Giai96)
    assert epc.scheme is EpcScheme.GIAI_96
    assert (epc.company_prefix, epc.asset_reference, epc.filter_value) == ("0614141", 5678, 3)
    assert epc.tag_uri == TDS_TAG_URI
    assert epc.pure_uri == TDS_PURE_URI
    assert epc.giai == "06141415678"


def test_tds_example_encodes_and_parses_back() -> None:
    assert encode_giai96("0614141", 5678, filter_value=3).hex().upper() == TDS_HEX
    assert parse_tag_uri(TDS_TAG_URI).hex == TDS_HEX
    assert parse_pure_uri(TDS_PURE_URI, filter_value=3).hex == TDS_HEX


def test_six_digit_prefix_vector() -> None:
    # Derived by hand from the TDS §14.5.5.1 layout, partition 6 (20-bit prefix, 62-bit asset):
    # header 00110100, filter 000, partition 110, prefix 0...01 (20 bits), asset 0...01 (62 bits)
    # -> 34 18 00 00 40 00 00 00 00 00 00 01.
    assert encode_giai96("000001", 1).hex().upper() == "341800004000000000000001"
    assert Giai96("000001", 1).tag_uri == "urn:epc:tag:giai-96:0.000001.1"


@pytest.mark.parametrize(
    ("company_prefix", "largest_asset"),
    [("061414112345", (1 << 42) - 1), ("061414", (1 << 62) - 1)],
)
def test_asset_reference_is_bounded_by_the_partition_bits(
    company_prefix: str, largest_asset: int
) -> None:
    assert decode_epc(encode_giai96(company_prefix, largest_asset)) == Giai96(
        company_prefix, largest_asset
    )
    with pytest.raises(IdentifierError, match="to fit"):
        encode_giai96(company_prefix, largest_asset + 1)


@pytest.mark.parametrize(
    ("asset_text", "message"), [("05678", "leading zeros"), ("X-1", "not numeric")]
)
def test_asset_references_that_need_giai_202_are_refused(asset_text: str, message: str) -> None:
    with pytest.raises(IdentifierError, match=message):
        parse_pure_uri(f"urn:epc:id:giai:0614141.{asset_text}")


def test_asset_reference_zero_is_allowed() -> None:
    assert parse_pure_uri("urn:epc:id:giai:0614141.0") == Giai96("0614141", 0)
