"""SGTIN-96 against the TDS worked example and the rules for 96-bit serials."""

import pytest

from coldtrace_protocol.identifiers import (
    EpcScheme,
    IdentifierError,
    RawEpc,
    Sgtin96,
    decode_epc,
    encode_sgtin96,
    parse_pure_uri,
    parse_tag_uri,
)

# TDS worked example (SGTIN-96 decoding illustration): filter 3, company prefix 0614141,
# indicator 8, item reference 12345, serial 6789; GTIN 80614141123458.
TDS_HEX = "3074257BF7194E4000001A85"
TDS_TAG_URI = "urn:epc:tag:sgtin-96:3.0614141.812345.6789"
TDS_PURE_URI = "urn:epc:id:sgtin:0614141.812345.6789"
TDS_GTIN = "80614141123458"


def test_tds_example_decodes() -> None:
    epc = decode_epc(TDS_HEX)
    assert isinstance(epc, Sgtin96)
    assert epc.scheme is EpcScheme.SGTIN_96
    assert epc.is_gs1
    assert (epc.company_prefix, epc.item_reference, epc.serial) == ("0614141", "812345", 6789)
    assert epc.filter_value == 3
    assert epc.partition == 5
    assert epc.indicator_digit == "8"
    assert epc.tag_uri == TDS_TAG_URI
    assert epc.pure_uri == TDS_PURE_URI
    assert epc.gtin == TDS_GTIN


def test_tds_example_encodes() -> None:
    data = encode_sgtin96("0614141", "812345", 6789, filter_value=3)
    assert data == bytes.fromhex(TDS_HEX)
    assert Sgtin96("0614141", "812345", 6789, 3).hex == TDS_HEX


def test_tds_example_uris_parse_back() -> None:
    assert parse_tag_uri(TDS_TAG_URI).hex == TDS_HEX
    assert parse_pure_uri(TDS_PURE_URI, filter_value=3).hex == TDS_HEX
    # Without a filter value the usual one for a trade item (1, point of sale) is used.
    assert parse_pure_uri(TDS_PURE_URI).filter_value == 1


def test_from_gtin_matches_the_uri_form() -> None:
    epc = Sgtin96.from_gtin(TDS_GTIN, company_prefix_length=7, serial=6789, filter_value=3)
    assert epc.hex == TDS_HEX
    # A GTIN-13 becomes a GTIN-14 with indicator 0.
    ean = Sgtin96.from_gtin("0614141123452", company_prefix_length=7, serial=1)
    assert ean.item_reference == "012345"
    assert ean.gtin == "00614141123452"


def test_default_filter_is_point_of_sale() -> None:
    assert decode_epc(encode_sgtin96("0614141", "812345", 1)).filter_value == 1


def test_twelve_digit_prefix_leaves_only_the_indicator() -> None:
    epc = Sgtin96("061414112345", "8", 1)
    assert epc.partition == 0
    assert epc.gtin == "80614141123458"
    assert decode_epc(epc.to_bytes()) == epc


def test_largest_serial_fits_and_the_next_does_not() -> None:
    largest = (1 << 38) - 1
    assert decode_epc(encode_sgtin96("0614141", "812345", largest)) == Sgtin96(
        "0614141", "812345", largest
    )
    with pytest.raises(IdentifierError, match="38 bits"):
        encode_sgtin96("0614141", "812345", largest + 1)


@pytest.mark.parametrize(
    ("serial_text", "message"),
    [
        ("06789", "leading zeros"),
        ("32a%2Fb", "not numeric"),
        ("274877906944", "38 bits"),
        ("", "not numeric"),
    ],
)
def test_uri_serials_that_need_sgtin_198_are_refused(serial_text: str, message: str) -> None:
    with pytest.raises(IdentifierError, match=message) as caught:
        parse_pure_uri(f"urn:epc:id:sgtin:0614141.812345.{serial_text}")
    assert caught.value.value.endswith(serial_text)


@pytest.mark.parametrize(
    ("company_prefix", "item_reference", "serial", "filter_value", "message"),
    [
        ("06141", "8123456", 1, 1, "6 to 12 digits"),
        ("0614141", "81234", 1, 1, "6 digits"),
        ("0614141", "81234x", 1, 1, "6 digits"),
        ("0614141", "812345", -1, 1, "between 0 and"),
        ("0614141", "812345", 1, 8, "filter value"),
        ("06141٤1", "812345", 1, 1, "7 digits"),
    ],
)
def test_encoder_refuses_invalid_components(
    company_prefix: str, item_reference: str, serial: int, filter_value: int, message: str
) -> None:
    with pytest.raises(IdentifierError, match=message):
        encode_sgtin96(company_prefix, item_reference, serial, filter_value)


def test_item_reference_overflowing_its_digits_stays_raw() -> None:
    # Partition 6 (6-digit prefix) gives the item reference 24 bits but only 7 digits:
    # 10_000_000 fits the bits, not the digits (TDS §14.4 decoding), so the tag is raw.
    bits = (0x30 << 88) | (1 << 85) | (6 << 82) | (614141 << 62) | (10_000_000 << 38) | 1
    epc = decode_epc(bits.to_bytes(12, "big"))
    assert isinstance(epc, RawEpc)
    assert "overflows" in epc.reason
