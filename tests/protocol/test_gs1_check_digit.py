"""GS1 mod-10 check digit and the GTIN / SSCC / GLN validators built on it."""

import pytest

from coldtrace_protocol.identifiers import (
    IdentifierError,
    gs1_check_digit,
    has_valid_check_digit,
    validate_gln,
    validate_gtin,
    validate_sscc,
    with_check_digit,
)


@pytest.mark.parametrize(
    ("body", "check"),
    [
        ("8061414112345", 8),  # GTIN-14 of the TDS SGTIN example
        ("10614141234567890", 8),  # SSCC of the TDS SSCC example
        ("061414112345", 2),  # GLN of the TDS SGLN example
        ("400638133393", 1),  # GS1 General Specifications §7.9.1 example GTIN-13 4006381333931
        ("9638507", 4),  # GTIN-8 96385074
        ("0000000000000", 0),
    ],
)
def test_check_digit(body: str, check: int) -> None:
    assert gs1_check_digit(body) == check
    assert has_valid_check_digit(with_check_digit(body))


@pytest.mark.parametrize("body", ["", "12a", "١٢٣", "12 3"])
def test_check_digit_needs_ascii_digits(body: str) -> None:
    with pytest.raises(IdentifierError):
        gs1_check_digit(body)


def test_has_valid_check_digit_rejects_every_wrong_digit() -> None:
    wrong = [f"8061414112345{digit}" for digit in "012345679"]
    assert not any(has_valid_check_digit(key) for key in wrong)
    assert not has_valid_check_digit("8")
    assert not has_valid_check_digit("80614141x23458")


@pytest.mark.parametrize(
    ("gtin", "gtin14"),
    [
        ("80614141123458", "80614141123458"),
        ("4006381333931", "04006381333931"),
        ("614141123452", "00614141123452"),
        ("96385074", "00000096385074"),
    ],
)
def test_validate_gtin_pads_to_14(gtin: str, gtin14: str) -> None:
    assert validate_gtin(gtin) == gtin14


@pytest.mark.parametrize(
    ("gtin", "message"),
    [
        ("80614141123459", "check digit should be 8"),
        ("8061414112345", "check digit"),
        ("806141411234", "check digit"),
        ("1234567890", "8, 12, 13, 14 digits"),
        ("8061414112345X", "ASCII digits"),
    ],
)
def test_validate_gtin_errors(gtin: str, message: str) -> None:
    with pytest.raises(IdentifierError, match=message) as caught:
        validate_gtin(gtin)
    assert gtin in caught.value.value


def test_validate_sscc_and_gln() -> None:
    assert validate_sscc("106141412345678908") == "106141412345678908"
    assert validate_gln("0614141123452") == "0614141123452"
    with pytest.raises(IdentifierError, match="18 digits"):
        validate_sscc("0614141123452")
    with pytest.raises(IdentifierError, match="check digit should be 2"):
        validate_gln("0614141123453")
