"""Capture (EPCIS 2.0 §8.2, REST binding §12.3): validate a document, store its events once.

A document that breaks the official schema is refused whole, with every violation named. Each
event is stored by its ``eventID`` (the CBV 2.0 hash when absent), so a capture repeated by a
partner stores nothing twice. What an event means to us is applied where it applies: a
partner's shipping, receiving or arriving event that names one of our items or lots is a hop of
that lot's forward trace (``epcis_trace_hops``).
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final
from urllib.parse import unquote

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.epcis.digital_link import DL_ROOT, canonical_uri
from coldtrace_cloud.epcis.event_hash import context_prefixes, event_hash
from coldtrace_cloud.epcis.models import (
    EpcisCapture,
    EpcisEvent,
    EpcisEventEpc,
    EpcisSensorReport,
    EpcisTraceHop,
)
from coldtrace_cloud.epcis.schema import SchemaViolation, violations
from coldtrace_cloud.epcis.vocabulary import BizStep, expand_term
from coldtrace_cloud.errors import ValidationFailedError
from coldtrace_cloud.items.models import Item
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.products.models import Product

logger = logging.getLogger(__name__)

EPC_ROLES: Final = {
    "epcList": "epc",
    "childEPCs": "child",
    "inputEPCList": "input",
    "outputEPCList": "output",
}
QUANTITY_LISTS: Final = ("quantityList", "childQuantityList", "inputQuantityList")
TRACE_STEPS: Final = frozenset(
    expand_term("bizStep", s)
    for s in (BizStep.SHIPPING, BizStep.RECEIVING, BizStep.ARRIVING, BizStep.DEPARTING)
)


class EpcisDocumentError(ValidationFailedError):
    """The document is not a valid EPCIS 2.0 document; ``violations`` says where and why."""

    def __init__(self, message: str, found: list[SchemaViolation]) -> None:
        super().__init__(message, errors=len(found))
        self.violations = found


@dataclass
class CaptureResult:
    """What a capture stored."""

    capture_id: int
    event_ids: list[str] = field(default_factory=list)
    stored: int = 0
    trace_hops: int = 0


def parse_time(value: str) -> datetime:
    """An EPCIS timestamp as an aware datetime (the schema has checked its form)."""
    parsed = datetime.fromisoformat(value.strip().upper().replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def event_keys(body: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(canonical EPC, role) of every identifier an event names."""
    keys = [
        (canonical_uri(str(epc)), role)
        for name, role in EPC_ROLES.items()
        for epc in body.get(name) or []
    ]
    if body.get("parentID"):
        keys.append((canonical_uri(str(body["parentID"])), "parent"))
    for name in (*QUANTITY_LISTS, "outputQuantityList"):
        for element in body.get(name) or []:
            if isinstance(element, Mapping) and element.get("epcClass"):
                keys.append((canonical_uri(str(element["epcClass"])), "class"))
    return keys


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def sensor_rows(body: Mapping[str, Any], prefixes: Mapping[str, str]) -> list[dict[str, Any]]:
    """One row per sensor report, with the measurement type expanded."""
    rows = []
    for element in body.get("sensorElementList") or []:
        for report in element.get("sensorReport") or []:
            kind = _expand_with(str(report.get("type", "")), prefixes)
            rows.append(
                {
                    "measurement_type": expand_term("measurementType", kind)[:500],
                    "uom": str(report["uom"])[:16] if report.get("uom") else None,
                    "value": _number(report.get("value")),
                    "min_value": _number(report.get("minValue")),
                    "max_value": _number(report.get("maxValue")),
                    "mean_value": _number(report.get("meanValue")),
                }
            )
    return rows


def _expand_with(value: str, prefixes: Mapping[str, str]) -> str:
    prefix, _, rest = value.partition(":")
    return prefixes[prefix] + rest if prefix in prefixes else value


def _place(body: Mapping[str, Any], key: str) -> str | None:
    place = body.get(key)
    if isinstance(place, Mapping) and place.get("id"):
        return canonical_uri(str(place["id"]))[:500]
    return None


async def _trace_hops(session: AsyncSession, event: EpcisEvent, keys: list[tuple[str, str]]) -> int:
    """Hops of our lots' forward traces named by a shipping / receiving / arriving event."""
    if event.biz_step not in TRACE_STEPS:
        return 0
    destinations = event.body.get("destinationList") or []
    destination = next(
        (canonical_uri(str(d["destination"])) for d in destinations if d.get("destination")), None
    )
    hops = 0
    for epc, _ in keys:
        path = epc.removeprefix(DL_ROOT).split("/")
        if not epc.startswith(DL_ROOT + "/01/") or len(path) != 5:
            continue
        gtin, qualifier, value = path[2], path[3], unquote(path[4])
        lot_id: int | None
        item_id = None
        if qualifier == "21":
            found = (
                await session.execute(
                    select(Item.id, Item.lot_id).where(Item.gtin == gtin, Item.serial == value)
                )
            ).first()
            item_id, lot_id = (found[0], found[1]) if found else (None, None)
        else:
            lot_id = await session.scalar(
                select(Lot.id)
                .join(Product, Product.id == Lot.product_id)
                .where(Product.gtin == gtin, Lot.lot_number == value)
            )
        if lot_id is None:
            continue
        session.add(
            EpcisTraceHop(
                event_pk=event.id,
                lot_id=lot_id,
                item_id=item_id,
                biz_step=event.biz_step,
                occurred_at=event.event_time,
                destination=destination,
            )
        )
        hops += 1
    return hops


async def _store(
    session: AsyncSession, capture_id: int, body: dict[str, Any], prefixes: Mapping[str, str]
) -> EpcisEvent | None:
    """Insert one event (None if its id is known already) with its query keys."""
    values = {
        "event_id": body["eventID"],
        "event_type": body["type"],
        "event_time": parse_time(str(body["eventTime"])),
        "action": body.get("action"),
        "biz_step": expand_term("bizStep", str(body["bizStep"])) if body.get("bizStep") else None,
        "disposition": (
            expand_term("disposition", str(body["disposition"]))
            if body.get("disposition")
            else None
        ),
        "read_point": _place(body, "readPoint"),
        "biz_location": _place(body, "bizLocation"),
        "capture_id": capture_id,
        "body": body,
    }
    pk = await session.scalar(
        pg_insert(EpcisEvent)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(EpcisEvent.id)
    )
    if pk is None:
        return None
    event = await session.get_one(EpcisEvent, pk)
    keys = event_keys(body)
    session.add_all(EpcisEventEpc(event_pk=pk, epc=epc[:500], role=role) for epc, role in keys)
    session.add_all(EpcisSensorReport(event_pk=pk, **row) for row in sensor_rows(body, prefixes))
    return event


async def capture(session: AsyncSession, captured_by: str, document: object) -> CaptureResult:
    """Validate ``document`` and store its events; the caller commits."""
    if not isinstance(document, Mapping) or document.get("type") != "EPCISDocument":
        found = [SchemaViolation("/type", "an EPCISDocument is expected")]
        raise EpcisDocumentError("the body is not an EPCISDocument", found)
    found = violations(document)
    if found:
        raise EpcisDocumentError("the document does not validate against EPCIS 2.0", found)
    prefixes = context_prefixes(document.get("@context"))
    events = document["epcisBody"]["eventList"]
    record = EpcisCapture(
        captured_by=captured_by, event_count=len(events), stored_count=0, trace_hops=0
    )
    session.add(record)
    await session.flush()
    result = CaptureResult(record.id)
    for raw in events:
        if raw.get("eventTime") is None:
            found = [SchemaViolation("/epcisBody/eventList", "every event needs an eventTime")]
            raise EpcisDocumentError("an event has no eventTime", found)
        body = {"eventID": raw.get("eventID") or event_hash(raw, prefixes), **raw}
        result.event_ids.append(body["eventID"])
        stored = await _store(session, record.id, body, prefixes)
        if stored is None:
            continue
        result.stored += 1
        await session.flush()
        result.trace_hops += await _trace_hops(session, stored, event_keys(body))
    record.stored_count, record.trace_hops = result.stored, result.trace_hops
    await session.flush()
    logger.info("EPCIS capture %s: %s events, %s new", record.id, len(events), result.stored)
    return result
