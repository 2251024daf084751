"""GS1 scans: the three forms, dates with day 00, check digits, and garbage that never crashes."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coldtrace_cloud.receiving.gs1 import GS, ScanError, parse_scan

DIGITAL_LINK = "https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=180426"


def test_digital_link_vector_from_the_issue() -> None:
    parsed = parse_scan(DIGITAL_LINK)
    assert parsed.form == "digital_link"
    assert parsed.gtin == "09520123456788"
    assert parsed.lot_number == "ABC1"
    assert parsed.serial == "12345"
    assert parsed.expiry_date == date(2018, 4, 26)


def test_element_string_with_fnc1_separators_and_symbology_identifier() -> None:
    # ]d2 = GS1 DataMatrix; GS ends the variable-length lot (AI 10) before AI 21.
    parsed = parse_scan(f"]d2010952012345678817251200101234{GS}21SN-77")
    assert parsed.form == "element_string"
    assert parsed.gtin == "09520123456788"
    assert parsed.lot_number == "1234"
    assert parsed.serial == "SN-77"
    # AI 17 day 00 means the last day of the month (GS1 General Specifications §3.4.7).
    assert parsed.expiry_date == date(2025, 12, 31)


def test_element_string_with_leading_fnc1_and_production_date() -> None:
    parsed = parse_scan(f"{GS}01095201234567881124021517260228{GS}10LOT-9")
    assert parsed.production_date == date(2024, 2, 15)
    assert parsed.expiry_date == date(2026, 2, 28)
    assert parsed.lot_number == "LOT-9"


def test_bracketed_human_readable_form() -> None:
    parsed = parse_scan("(01)09520123456788(17)240200(10)ABC1(21)12345")
    assert parsed.form == "bracketed"
    assert parsed.expiry_date == date(2024, 2, 29)  # day 00 in a leap February
    assert (parsed.gtin, parsed.lot_number, parsed.serial) == ("09520123456788", "ABC1", "12345")


def test_sscc_scan() -> None:
    parsed = parse_scan("(00)106141411234567897")
    assert parsed.sscc == "106141411234567897"
    assert parsed.gtin is None


@pytest.mark.parametrize(
    ("scan", "ai"),
    [
        ("(01)09520123456789(17)251231(10)ABC1", "01"),  # GTIN check digit should be 8
        ("https://id.gs1.org/01/09520123456789/10/ABC1", "01"),
        ("010952012345678917251231", "01"),
        ("(00)106141411234567890", "00"),  # SSCC check digit should be 7
        ("0109520123456788172513311012345", "17"),  # month 13
        ("0109520123456788172502301012345", "17"),  # 30 February
        ("(01)09520123456788(11)250101(17)240101", "11"),  # produced after expiry
        ("(10)ABC1(21)1", "01"),  # neither GTIN nor SSCC
    ],
)
def test_bad_scans_name_the_faulty_ai(scan: str, ai: str) -> None:
    with pytest.raises(ScanError) as caught:
        parse_scan(scan)
    assert caught.value.ai == ai
    assert caught.value.status == 422


def test_empty_and_non_gs1_text() -> None:
    with pytest.raises(ScanError):
        parse_scan("   ")
    with pytest.raises(ScanError):
        parse_scan("hello world")


@given(st.text(max_size=80))
def test_any_text_parses_or_raises_a_scan_error(text: str) -> None:
    try:
        parsed = parse_scan(text)
    except ScanError:
        return  # a 422 naming the AI (or "unknown"), never another exception
    assert parsed.gtin is not None or parsed.sscc is not None


@given(
    lot=st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=20),
    serial=st.integers(min_value=1, max_value=10**12),
    year=st.integers(min_value=0, max_value=49),
    month=st.integers(min_value=1, max_value=12),
)
def test_three_forms_agree(lot: str, serial: int, year: int, month: int) -> None:
    expiry = f"{year:02d}{month:02d}00"
    gtin = "09520123456788"
    forms = [
        f"01{gtin}17{expiry}10{lot}{GS}21{serial}",
        f"(01){gtin}(17){expiry}(10){lot}(21){serial}",
        f"https://id.gs1.org/01/{gtin}/10/{lot}/21/{serial}?17={expiry}",
    ]
    parsed = [parse_scan(f) for f in forms]
    keys = {(p.gtin, p.lot_number, p.serial, p.expiry_date) for p in parsed}
    assert len(keys) == 1
    assert parsed[0].expiry_date is not None
    assert parsed[0].expiry_date.month == month
