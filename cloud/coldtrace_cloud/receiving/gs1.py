"""Parse what a barcode scanner reads into GS1 keys and attributes (GS1 General Specs §3, §7).

Three forms arrive at receiving: the element string of a GS1-128 / DataMatrix symbol (with its
symbology identifier such as ``]d2`` and FNC1 sent as the GS character, 0x1D, after every
variable-length field), the bracketed human-readable form ``(01)...(17)...(10)...(21)...``, and
GS1 Digital Link URIs (``https://id.gs1.org/01/.../10/...?17=...``). The parsing itself is biip's
(a maintained GS1 parser that knows every AI's format and the YYMMDD rules, including day 00 =
last day of the month for AI 11-17); here each failure is turned into an error naming the
application identifier at fault, and keys are checked once more against our own check digit.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from biip import ParseError
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_element_strings import GS1ElementString
from biip.gs1_messages import GS1Message

from coldtrace_cloud.errors import ValidationFailedError
from coldtrace_protocol.identifiers import IdentifierError, validate_gtin, validate_sscc

GS: Final = "\x1d"
# ISO/IEC 15424 symbology identifiers of GS1 symbols: GS1-128, DataMatrix, QR, DataBar.
_SYMBOLOGY = re.compile(r"^\](C1|d2|Q3|e0|J1)")
_AI_IN_MESSAGE = re.compile(r"AI \((\d{2,4})\)")
ScanForm = Literal["element_string", "bracketed", "digital_link"]


class ScanError(ValidationFailedError):
    """A scan that is not valid GS1; ``ai`` names the application identifier at fault."""

    def __init__(self, message: str, *, ai: str | None) -> None:
        super().__init__(message, ai=ai or "unknown")
        self.ai = ai


@dataclass(frozen=True)
class ParsedScan:
    """The GS1 data of one scan (dates are calendar dates, shown as YYYY-MM-DD)."""

    form: ScanForm
    gtin: str | None = None
    sscc: str | None = None
    lot_number: str | None = None
    serial: str | None = None
    expiry_date: date | None = None
    production_date: date | None = None
    company_prefix: str | None = None


def _elements(text: str) -> tuple[ScanForm, list[GS1ElementString]]:
    try:
        if text.startswith(("https://", "http://")):
            return "digital_link", GS1DigitalLinkURI.parse(text).element_strings
        if text.startswith("("):
            return "bracketed", GS1Message.parse_hri(text).element_strings
        body = _SYMBOLOGY.sub("", text).lstrip(GS)
        return "element_string", GS1Message.parse(body).element_strings
    except ParseError as exc:
        found = _AI_IN_MESSAGE.search(str(exc))
        raise ScanError(
            f"not a valid GS1 scan: {exc}", ai=found.group(1) if found else None
        ) from exc


def _checked_key(element: GS1ElementString) -> str:
    """The GTIN or SSCC of an element, refusing a wrong check digit (GS1 GS §7.9.1)."""
    ai = element.ai.ai
    error = element.gtin_error if ai in {"01", "02"} else element.sscc_error
    if error:
        raise ScanError(f"AI ({ai}): {error}", ai=ai)
    try:
        return validate_gtin(element.value) if ai in {"01", "02"} else validate_sscc(element.value)
    except IdentifierError as exc:
        raise ScanError(f"AI ({ai}): {exc}", ai=ai) from exc


def parse_scan(text: str) -> ParsedScan:
    """Parse a scan in any of the three forms; ``ScanError`` names the faulty AI."""
    stripped = text.strip()
    if not stripped:
        raise ScanError("the scan is empty", ai=None)
    form, elements = _elements(stripped)
    fields: dict[str, str | date | None] = {}
    for element in elements:
        ai = element.ai.ai
        if ai in {"00", "01", "02"}:
            fields["sscc" if ai == "00" else "gtin"] = _checked_key(element)
            if ai != "00" and element.gtin is not None and element.gtin.company_prefix is not None:
                fields["company_prefix"] = element.gtin.company_prefix.value
        elif ai == "10":
            fields["lot_number"] = element.value
        elif ai == "21":
            fields["serial"] = element.value
        elif ai in {"11", "17"}:
            if element.date is None:
                raise ScanError(f"AI ({ai}) is not a date", ai=ai)
            fields["production_date" if ai == "11" else "expiry_date"] = element.date
    if "gtin" not in fields and "sscc" not in fields:
        raise ScanError("the scan carries no GTIN (01) and no SSCC (00)", ai="01")
    parsed = ParsedScan(form=form, **fields)  # type: ignore[arg-type]
    if (
        parsed.production_date is not None
        and parsed.expiry_date is not None
        and parsed.production_date > parsed.expiry_date
    ):
        raise ScanError("production date (11) is after the expiry date (17)", ai="11")
    return parsed
