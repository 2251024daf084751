"""The CBV 2.0 EPCIS event hash: a canonical pre-hash string, SHA-256, and an RFC 6920 ni URI.

CBV 2.0 §8.9 (EPCIS Event Hash ID): the event's values are taken in the canonical property
order, each ``key=value`` with no separators, lists sorted lexically, vocabulary and CURIEs
expanded to Web URIs, EPC URNs turned into canonical GS1 Digital Links, timestamps in UTC with
milliseconds, numbers without trailing zeros, ILMD and user extensions as ``{namespace}name=value``
sorted. The result is the same for any key order or whitespace of the JSON and changes when any
hashed value changes. ``recordTime``, ``eventID``, ``certificationInfo`` and ``errorDeclaration``
are not part of the canonical order and are not hashed.
"""

import hashlib
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, Final

from coldtrace_cloud.epcis.digital_link import canonical_uri
from coldtrace_cloud.epcis.vocabulary import expand_curie, expand_term

HASH_VERSION: Final = "CBV2.0"

_EPC_LISTS: Final = ("epcList", "parentID", "inputEPCList", "childEPCs")
_QUANTITY_LISTS: Final = ("quantityList", "childQuantityList", "inputQuantityList")
_AFTER_QUANTITIES: Final = ("outputEPCList", "outputQuantityList")
_PARTY_LISTS: Final = (
    ("bizTransactionList", "bizTransaction", "bizTransaction"),
    ("sourceList", "source", "sourceDest"),
    ("destinationList", "destination", "sourceDest"),
)
_METADATA_ORDER: Final = (
    "time",
    "startTime",
    "endTime",
    "deviceID",
    "deviceMetadata",
    "rawData",
    "dataProcessingMethod",
    "bizRules",
)
_REPORT_ORDER: Final = (
    "type",
    "exception",
    "deviceID",
    "deviceMetadata",
    "rawData",
    "dataProcessingMethod",
    "time",
    "microorganism",
    "chemicalSubstance",
    "value",
    "component",
    "stringValue",
    "booleanValue",
    "hexBinaryValue",
    "uriValue",
    "minValue",
    "maxValue",
    "meanValue",
    "sDev",
    "percRank",
    "percValue",
    "uom",
    "coordinateReferenceSystem",
)
_TIMES: Final = frozenset({"eventTime", "time", "startTime", "endTime"})
_IDS: Final = frozenset(
    {"deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules", "uriValue"}
)
_VOCAB_OF_REPORT: Final = {
    "type": "measurementType",
    "exception": "sensorAlert",
    "component": "component",
}
_STANDARD: Final = frozenset(
    {
        "@context",
        "type",
        "eventTime",
        "eventTimeZoneOffset",
        "recordTime",
        "eventID",
        "certificationInfo",
        "errorDeclaration",
        "action",
        "transformationID",
        "bizStep",
        "disposition",
        "persistentDisposition",
        "readPoint",
        "bizLocation",
        "sensorElementList",
        "ilmd",
        "quantityList",
        "childQuantityList",
        "inputQuantityList",
        "id",
        *_EPC_LISTS,
        *_AFTER_QUANTITIES,
        *(name for name, _, _ in _PARTY_LISTS),
    }
)


def canonical_time(value: str) -> str:
    """A timestamp in UTC with millisecond precision and ``Z`` (CBV 2.0 §8.9 rules 8-9)."""
    parsed = datetime.fromisoformat(value.strip().replace("z", "Z").replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    parsed = parsed.astimezone(UTC)
    # Sub-millisecond digits round half up to the millisecond.
    millis, rest = divmod(parsed.microsecond, 1000)
    parsed = parsed.replace(microsecond=millis * 1000)
    if rest >= 500:
        parsed += timedelta(milliseconds=1)
    return parsed.strftime("%Y-%m-%dT%H:%M:%S.") + f"{parsed.microsecond // 1000:03d}Z"


def canonical_number(value: float | int | Decimal) -> str:
    """A number without trailing zeros or exponent (CBV 2.0 §8.9 rule 6): 26.0 -> ``26``."""
    return format(Decimal(repr(value) if isinstance(value, float) else value).normalize(), "f")


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return canonical_number(value)
    return str(value).strip()


class _Canon:
    """One event's pre-hash, with the document's prefixes for CURIEs and extension names."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.prefixes = dict(prefixes)

    def name(self, key: str) -> str:
        """An extension key as ``{namespace}local``."""
        prefix, sep, local = key.partition(":")
        if sep and not local.startswith("//"):
            namespace = expand_curie(f"{prefix}:", self.prefixes)
            if namespace != f"{prefix}:":
                # XML namespaces carry no trailing colon (urn:epcglobal:cbv:mda).
                return "{" + namespace.removesuffix(":") + "}" + local
        return key

    def extension(self, key: str, value: Any) -> str:
        """A user extension or ILMD element: ``{ns}name=value``, nested ones sorted inside."""
        if isinstance(value, Mapping):
            inner = sorted(self.extension(k, v) for k, v in value.items() if k != "@xmlns")
            return self.name(key) + "".join(inner)
        if isinstance(value, list):
            return "".join(sorted(self.extension(key, v) for v in value))
        return f"{self.name(key)}={_scalar(value)}"

    def extensions(self, obj: Mapping[str, Any], known: Sequence[str] | frozenset[str]) -> str:
        """Every key of ``obj`` that the standard does not define, sorted."""
        return "".join(
            sorted(self.extension(k, v) for k, v in obj.items() if k not in known and ":" in k)
        )

    def fields(
        self, obj: Mapping[str, Any], order: Sequence[str], convert: Callable[[str, Any], str]
    ) -> str:
        """``key=value`` of ``obj`` in ``order``, then its extensions."""
        parts = [f"{k}={convert(k, obj[k])}" for k in order if obj.get(k) is not None]
        return "".join(parts) + self.extensions(obj, order)

    def report_value(self, key: str, value: Any) -> str:
        if key in _VOCAB_OF_REPORT:
            return expand_term(_VOCAB_OF_REPORT[key], _scalar(value))
        if key in _TIMES:
            return canonical_time(str(value))
        if key in _IDS:
            return canonical_uri(_scalar(value))
        return _scalar(value)

    def sensor_element(self, element: Mapping[str, Any]) -> str:
        text = "sensorElement"
        metadata = element.get("sensorMetadata")
        if isinstance(metadata, Mapping):
            text += "sensorMetadata" + self.fields(metadata, _METADATA_ORDER, self.report_value)
        reports = element.get("sensorReport") or []
        text += "".join(
            sorted(
                "sensorReport" + self.fields(r, _REPORT_ORDER, self.report_value)
                for r in reports
                if isinstance(r, Mapping)
            )
        )
        return text + self.extensions(element, ("sensorMetadata", "sensorReport"))

    def quantity(self, element: Mapping[str, Any]) -> str:
        parts = ["quantityElement", f"epcClass={canonical_uri(_scalar(element['epcClass']))}"]
        if element.get("quantity") is not None:
            parts.append(f"quantity={_scalar(element['quantity'])}")
        if element.get("uom") is not None:
            parts.append(f"uom={_scalar(element['uom'])}")
        return "".join(parts)

    def event(self, event: Mapping[str, Any]) -> str:
        out = [f"eventType={_scalar(event['type'])}"]
        if event.get("eventTime") is not None:
            out.append(f"eventTime={canonical_time(str(event['eventTime']))}")
        if event.get("eventTimeZoneOffset") is not None:
            out.append(f"eventTimeZoneOffset={_scalar(event['eventTimeZoneOffset'])}")
        for name in _EPC_LISTS:
            self._epcs(out, event, name)
        for name in _QUANTITY_LISTS:
            self._quantities(out, event, name)
        self._epcs(out, event, "outputEPCList")
        self._quantities(out, event, "outputQuantityList")
        self._what_and_why(out, event)
        self._persistent(out, event.get("persistentDisposition"))
        for key in ("readPoint", "bizLocation"):
            place = event.get(key)
            if isinstance(place, Mapping) and place.get("id") is not None:
                ids = f"id={canonical_uri(_scalar(place['id']))}"
                out.append(key + ids + self.extensions(place, ("id",)))
        for list_name, item_key, kind in _PARTY_LISTS:
            self._parties(out, event, list_name, item_key, kind)
        elements = [e for e in event.get("sensorElementList") or [] if isinstance(e, Mapping)]
        if elements:
            out.append("sensorElementList" + "".join(sorted(map(self.sensor_element, elements))))
        ilmd = event.get("ilmd")
        if isinstance(ilmd, Mapping) and ilmd:
            out.append("ilmd" + "".join(sorted(self.extension(k, v) for k, v in ilmd.items())))
        out.append(self.extensions(event, _STANDARD))
        return "".join(out)

    def _what_and_why(self, out: list[str], event: Mapping[str, Any]) -> None:
        if event.get("action") is not None:
            out.append(f"action={_scalar(event['action'])}")
        if event.get("transformationID") is not None:
            out.append(f"transformationID={canonical_uri(_scalar(event['transformationID']))}")
        for key in ("bizStep", "disposition"):
            if event.get(key) is not None:
                out.append(f"{key}={expand_term(key, _scalar(event[key]))}")

    def _epcs(self, out: list[str], event: Mapping[str, Any], name: str) -> None:
        value = event.get(name)
        if name == "parentID":
            if value is not None:
                out.append(f"parentID={canonical_uri(_scalar(value))}")
            return
        if value:
            out.append(name + "".join(sorted(f"epc={canonical_uri(_scalar(e))}" for e in value)))

    def _quantities(self, out: list[str], event: Mapping[str, Any], name: str) -> None:
        elements = [e for e in event.get(name) or [] if isinstance(e, Mapping) and "epcClass" in e]
        if elements:
            out.append(name + "".join(sorted(map(self.quantity, elements))))

    def _persistent(self, out: list[str], value: Any) -> None:
        if not isinstance(value, Mapping):
            return
        parts = [
            f"{key}={expand_term('disposition', _scalar(v))}"
            for key in ("set", "unset")
            for v in sorted(value.get(key) or [])
        ]
        if parts:
            out.append("persistentDisposition" + "".join(parts))

    def _parties(
        self, out: list[str], event: Mapping[str, Any], list_name: str, item_key: str, kind: str
    ) -> None:
        entries = [e for e in event.get(list_name) or [] if isinstance(e, Mapping)]
        texts = []
        for entry in entries:
            if entry.get(item_key) is None:
                continue
            value = _scalar(entry[item_key])
            text = f"{item_key}={value if kind == 'bizTransaction' else canonical_uri(value)}"
            # CBV 2.0 §8.9 rule 13: the type follows its value, before sorting.
            if entry.get("type") is not None:
                text += f"type={expand_term(kind, _scalar(entry['type']))}"
            texts.append(text)
        if texts:
            out.append(list_name + "".join(sorted(texts)))


def context_prefixes(context: Any) -> dict[str, str]:
    """The prefix definitions of a JSON-LD ``@context`` (objects inside it; URLs ignored)."""
    items = context if isinstance(context, list) else [context]
    found: dict[str, str] = {}
    for item in items:
        if isinstance(item, Mapping):
            found.update({k: v for k, v in item.items() if isinstance(v, str)})
    return found


def prehash(event: Mapping[str, Any], prefixes: Mapping[str, str] | None = None) -> str:
    """The canonical pre-hash string of one event (CBV 2.0 §8.9)."""
    own = context_prefixes(event.get("@context"))
    return _Canon({**(prefixes or {}), **own}).event(event)


def event_hash(event: Mapping[str, Any], prefixes: Mapping[str, str] | None = None) -> str:
    """The event hash id: ``ni:///sha-256;<hex>?ver=CBV2.0`` (RFC 6920 ni URI)."""
    digest = hashlib.sha256(prehash(event, prefixes).encode("utf-8")).hexdigest()
    return f"ni:///sha-256;{digest}?ver={HASH_VERSION}"
