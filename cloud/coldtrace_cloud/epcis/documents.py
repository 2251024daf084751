"""EPCIS 2.0 JSON-LD envelopes: events with their hash ids, documents and query documents.

EPCIS 2.0 §9 (JSON/JSON-LD binding): a document carries the 2.0 ``@context``, ``type``,
``schemaVersion`` "2.0", ``creationDate`` and ``epcisBody.eventList``; a query result is an
``EPCISQueryDocument`` whose body holds ``queryResults.resultsBody.eventList`` (§12.5).
"""

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Final

from coldtrace_cloud.epcis.event_hash import event_hash
from coldtrace_cloud.epcis.vocabulary import EPCIS_CONTEXT

SCHEMA_VERSION: Final = "2.0"
QUERY_NAME: Final = "SimpleEventQuery"


def epcis_time(moment: datetime) -> str:
    """A timestamp as EPCIS writes it: UTC, milliseconds, ``Z``."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def new_event(event_type: str, at: datetime, action: str | None = "OBSERVE") -> dict[str, Any]:
    """The common part of an event (EPCIS 2.0 §7.4.1): type, time in UTC, action."""
    event: dict[str, Any] = {
        "type": event_type,
        "eventTime": epcis_time(at),
        "eventTimeZoneOffset": "+00:00",
    }
    if action is not None:
        event["action"] = action
    return event


def identified(event: Mapping[str, Any]) -> dict[str, Any]:
    """The event with ``eventID`` set to its CBV 2.0 event hash (kept if it has one)."""
    if event.get("eventID"):
        return dict(event)
    return {"eventID": event_hash(event), **event}


def epcis_document(
    events: Iterable[Mapping[str, Any]], *, created_at: datetime | None = None
) -> dict[str, Any]:
    """An EPCISDocument holding ``events`` (each given its hash id)."""
    return {
        "@context": [EPCIS_CONTEXT],
        "type": "EPCISDocument",
        "schemaVersion": SCHEMA_VERSION,
        "creationDate": epcis_time(created_at or datetime.now(UTC)),
        "epcisBody": {"eventList": [identified(e) for e in events]},
    }


def query_document(
    events: Iterable[Mapping[str, Any]], *, created_at: datetime | None = None
) -> dict[str, Any]:
    """An EPCISQueryDocument with the results of a SimpleEventQuery."""
    return {
        "@context": [EPCIS_CONTEXT],
        "type": "EPCISQueryDocument",
        "schemaVersion": SCHEMA_VERSION,
        "creationDate": epcis_time(created_at or datetime.now(UTC)),
        "epcisBody": {
            "queryResults": {
                "queryName": QUERY_NAME,
                "resultsBody": {"eventList": list(events)},
            }
        },
    }
