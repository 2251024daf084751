"""CBV 2.0 vocabulary: the bare JSON-LD terms we emit and the Web URIs they stand for.

In EPCIS 2.0 JSON-LD, standard vocabulary is written as bare terms (``"receiving"``), which the
2.0 context expands to CBV Web URIs (``https://ref.gs1.org/cbv/BizStep-receiving``, CBV 2.0 §8).
The event hash (CBV 2.0 §8.9) and our query parameters work on the expanded form, so both
spellings (and the CBV 1.x URNs) mean the same thing here.
"""

from enum import StrEnum
from typing import Final

EPCIS_CONTEXT: Final = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
CBV: Final = "https://ref.gs1.org/cbv/"
GS1_VOC: Final = "https://gs1.org/voc/"
# Prefixes the 2.0 context defines (CBV 2.0 §8.9 rule 15 expands CURIEs with them).
CONTEXT_PREFIXES: Final[dict[str, str]] = {
    "cbv": CBV,
    "gs1": GS1_VOC,
    "epcis": "https://ref.gs1.org/epcis/",
    "cbvmda": "urn:epcglobal:cbv:mda:",
}


class BizStep(StrEnum):
    """The CBV 2.0 business steps coldtrace emits."""

    ARRIVING = "arriving"
    COMMISSIONING = "commissioning"
    DEPARTING = "departing"
    HOLDING = "holding"
    INSPECTING = "inspecting"
    LOADING = "loading"
    PACKING = "packing"
    RECEIVING = "receiving"
    SENSOR_REPORTING = "sensor_reporting"
    SHIPPING = "shipping"
    STAGING_OUTBOUND = "staging_outbound"
    STORING = "storing"
    UNPACKING = "unpacking"


class Disposition(StrEnum):
    """The CBV 2.0 dispositions coldtrace emits."""

    ACTIVE = "active"
    CONTAINER_CLOSED = "container_closed"
    EXPIRED = "expired"
    IN_PROGRESS = "in_progress"
    IN_TRANSIT = "in_transit"
    NON_CONFORMANT = "non_conformant"
    RECALLED = "recalled"
    SELLABLE_ACCESSIBLE = "sellable_accessible"
    SELLABLE_NOT_ACCESSIBLE = "sellable_not_accessible"


# The CBV URI segment of each vocabulary kind (CBV 2.0 §7 and §8: BizStep-, Disp-, ...).
_SEGMENTS: Final[dict[str, str]] = {
    "bizStep": "BizStep-",
    "disposition": "Disp-",
    "bizTransaction": "BTT-",
    "sourceDest": "SDT-",
    "component": "Comp-",
}
# Where a bare term of each kind lives (CBV 2.0 §8; sensor terms are in the GS1 Web Vocabulary).
_BARE: Final[dict[str, str]] = {
    **{kind: CBV + segment for kind, segment in _SEGMENTS.items()},
    "measurementType": GS1_VOC,
    "sensorAlert": GS1_VOC + "SensorAlertType-",
}
_URN_KINDS: Final[dict[str, str]] = {
    "bizstep": "BizStep-",
    "disp": "Disp-",
    "btt": "BTT-",
    "sdt": "SDT-",
    "er": "ER-",
}


def expand_term(kind: str, value: str) -> str:
    """The Web URI of a bare CBV term, a CBV 1.x URN, a CURIE, or the value unchanged."""
    value = value.strip()
    if value.startswith("urn:epcglobal:cbv:"):
        # CBV 2.0 §8.9 rule 14: urn:epcglobal:cbv:bizstep:receiving -> .../BizStep-receiving
        parts = value.split(":")
        if len(parts) == 5 and parts[3] in _URN_KINDS:
            return f"{CBV}{_URN_KINDS[parts[3]]}{parts[4]}"
        return value
    if ":" not in value:
        return _BARE.get(kind, "") + value if kind in _BARE else value
    return expand_curie(value)


def expand_curie(value: str, prefixes: dict[str, str] | None = None) -> str:
    """A CURIE (``gs1:Temperature``) in full, using the document's and the 2.0 prefixes."""
    prefix, _, rest = value.partition(":")
    known = {**CONTEXT_PREFIXES, **(prefixes or {})}
    if prefix in known and not rest.startswith("//"):
        return known[prefix] + rest
    return value


def compact_term(kind: str, value: str) -> str:
    """The bare term of a CBV Web URI (the JSON-LD form), or the value unchanged."""
    expanded = expand_term(kind, value)
    segment = _SEGMENTS.get(kind)
    if segment and expanded.startswith(CBV + segment):
        return expanded.removeprefix(CBV + segment)
    return expanded if kind in _SEGMENTS else value
