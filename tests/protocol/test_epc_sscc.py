"""SSCC-96 against the TDS example and the SSCC-18 it carries."""

import pytest

from coldtrace_protocol.identifiers import (
    EpcScheme,
    IdentifierError,
    RawEpc,
    Sscc96,
    decode_epc,
    encode_sscc96,
    parse_pure_uri,
    parse_tag_uri,
)

# TDS example values for SSCC-96 (filter 3, company prefix 0614141, extension digit 1, serial
# reference 234567890), as reproduced in the GS1 TDT engines' conformance tests; SSCC
# 106141412345678908.
TDS_HEX = "3174257BF4499602D2000000"
TDS_TAG_URI = "urn:epc:tag:sscc-96:3.0614141.1234567890"
TDS_PURE_URI = "urn:epc:id:sscc:0614141.1234567890"
TDS_SSCC = "106141412345678908"


def test_tds_example_decodes() -> None:
    epc = decode_epc(TDS_HEX)
    assert isinstance(epc, Sscc96)
    assert epc.scheme is EpcScheme.SSCC_96
    assert (epc.company_prefix, epc.serial_reference, epc.filter_value) == (
        "0614141",
        "1234567890",
        3,
    )
    assert epc.extension_digit == "1"
    assert epc.tag_uri == TDS_TAG_URI
    assert epc.pure_uri == TDS_PURE_URI
    assert epc.sscc == TDS_SSCC


def test_tds_example_encodes_and_parses_back() -> None:
    assert encode_sscc96("0614141", "1234567890", filter_value=3).hex().upper() == TDS_HEX
    assert parse_tag_uri(TDS_TAG_URI).hex == TDS_HEX
    assert parse_pure_uri(TDS_PURE_URI, filter_value=3).hex == TDS_HEX
    assert Sscc96.from_sscc(TDS_SSCC, company_prefix_length=7, filter_value=3).hex == TDS_HEX


def test_default_filter_is_logistic_unit() -> None:
    assert Sscc96("0614141", "1234567890").filter_value == 2
    assert parse_pure_uri(TDS_PURE_URI).filter_value == 2


def test_from_sscc_checks_the_check_digit() -> None:
    with pytest.raises(IdentifierError, match="check digit should be 8"):
        Sscc96.from_sscc("106141412345678909", company_prefix_length=7)


def test_serial_reference_must_fill_the_partition() -> None:
    with pytest.raises(IdentifierError, match="10 digits"):
        encode_sscc96("0614141", "123456789")


def test_nonzero_unallocated_bits_stay_raw() -> None:
    # TDS §14.5.2.1: the last 24 bits are unallocated and zero; re-encoding would lose them.
    epc = decode_epc(TDS_HEX[:-1] + "1")
    assert isinstance(epc, RawEpc)
    assert "unallocated" in epc.reason
