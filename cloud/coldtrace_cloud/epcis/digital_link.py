"""EPC URNs and GS1 Digital Link URIs reduced to one canonical spelling.

CBV 2.0 §8.9 rules 17-18: EPC URIs become canonical GS1 Digital Link URIs on ``id.gs1.org``
(GS1 Digital Link 1.2 §4.11), custom domains and query strings are dropped, and only the most
fine-grained key qualifier is kept. The same canonical form keys our stored EPCs, read points and
locations, so a query for ``urn:epc:id:sgtin:...`` finds an event captured with a Digital Link.
"""

import re
from collections.abc import Callable
from typing import Final

from coldtrace_protocol.identifiers import gs1_check_digit

DL_ROOT: Final = "https://id.gs1.org"
# Primary keys and the qualifiers kept with them, most fine-grained first (CBV 2.0 §8.9 r. 18).
_QUALIFIERS: Final[dict[str, tuple[str, ...]]] = {
    "00": (),
    "01": ("21", "235", "10"),
    "253": (),
    "255": (),
    "401": (),
    "402": (),
    "414": ("254",),
    "417": (),
    "8003": (),
    "8004": (),
    "8006": ("21", "10"),
    "8010": ("8011",),
    "8017": (),
    "8018": (),
}
_URN: Final = re.compile(r"^urn:epc:(id|class|idpat):([a-z0-9]+):(.+)$")


def _check(body: str) -> str:
    return f"{body}{gs1_check_digit(body)}"


def _gtin(company_prefix: str, item_reference: str) -> str:
    # TDS 2.0 §7.1.2: the indicator digit leads the item reference in the EPC.
    return _check(item_reference[:1] + company_prefix + item_reference[1:])


_Builder = Callable[[list[str]], str]


def _sgln(fields: list[str]) -> str:
    gln = _check(fields[0] + fields[1])
    return f"/414/{gln}" if fields[2] == "0" else f"/414/{gln}/254/{fields[2]}"


# Scheme -> (number of fields, builder); TDS 2.0 §7 gives the fields of each EPC scheme.
_SCHEMES: Final[dict[str, tuple[int, _Builder]]] = {
    "sgtin": (3, lambda f: f"/01/{_gtin(f[0], f[1])}/21/{f[2]}"),
    "lgtin": (3, lambda f: f"/01/{_gtin(f[0], f[1])}/10/{f[2]}"),
    "sscc": (2, lambda f: f"/00/{_check(f[1][:1] + f[0] + f[1][1:])}"),
    "sgln": (3, _sgln),
    "pgln": (2, lambda f: f"/417/{_check(f[0] + f[1])}"),
    "grai": (3, lambda f: f"/8003/0{_check(f[0] + f[1])}{f[2]}"),
    "giai": (2, lambda f: f"/8004/{f[0]}{f[1]}"),
    "gsrn": (2, lambda f: f"/8018/{_check(f[0] + f[1])}"),
    "gdti": (3, lambda f: f"/253/{_check(f[0] + f[1])}{f[2]}"),
}


def _urn_to_path(scheme: str, fields: list[str]) -> str | None:
    """The Digital Link path of an EPC URN's fields, or None if not a GS1 key we know."""
    known = _SCHEMES.get(scheme)
    if known is None or len(fields) != known[0] or not fields[0].isdigit() or not fields[1]:
        return None
    if scheme != "giai" and not fields[1].isdigit():
        return None
    return known[1](fields)


def _constrain(path_parts: list[str]) -> str | None:
    """The canonical path from the first primary key on, keeping one qualifier at most."""
    for start, part in enumerate(path_parts):
        if part in _QUALIFIERS and start + 1 < len(path_parts):
            pairs = dict(zip(path_parts[start::2], path_parts[start + 1 :: 2], strict=False))
            key = pairs[part]
            if part == "01" and key.isdigit():
                key = key.zfill(14)
            path = f"/{part}/{key}"
            for qualifier in _QUALIFIERS[part]:
                if qualifier in pairs:
                    return f"{path}/{qualifier}/{pairs[qualifier]}"
            return path
    return None


def canonical_uri(value: str) -> str:
    """The canonical Digital Link of an EPC URN or a Digital Link; other URIs unchanged."""
    value = value.strip()
    match = _URN.match(value)
    if match is not None and match.group(1) != "idpat":
        path = _urn_to_path(match.group(2), match.group(3).split("."))
        return DL_ROOT + path if path else value
    if value.startswith(("http://", "https://")):
        without_query = value.split("?", 1)[0].split("#", 1)[0]
        parts = [p for p in without_query.split("/", 3)[-1].split("/") if p]
        path = _constrain(parts)
        return DL_ROOT + path if path else value
    return value


def pattern_prefix(pattern: str) -> str | None:
    """The canonical prefix an EPC pattern (``urn:epc:idpat:sgtin:CP.IR.*``) stands for."""
    match = _URN.match(pattern.strip())
    if match is None or match.group(1) != "idpat":
        return None
    fields = match.group(3).split(".")
    if match.group(2) == "sgtin" and len(fields) == 3 and fields[2] == "*":
        path = _urn_to_path("sgtin", [fields[0], fields[1], "x"])
        return DL_ROOT + path[: -len("x")] if path else None
    return None
