"""The SimpleEventQuery subset we answer (EPCIS 2.0 §8.2.7.1), with keyset pagination.

Values of one parameter are alternatives (``|``-separated or repeated); parameters combine with
AND. Vocabulary and identifiers are compared in their expanded / canonical form, so a bare term,
a CBV URN, an EPC URN or a Digital Link all match. ``GE_value_CEL`` / ``LT_value_CEL`` compare a
report's ``value``, or for a summary its ``maxValue`` (GE) / ``minValue`` (LT), so "transported
at or above 15.5 °C" finds summaries whose peak reached it; only reports in CEL are compared.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.epcis.digital_link import canonical_uri, pattern_prefix
from coldtrace_cloud.epcis.models import EpcisEvent, EpcisEventEpc, EpcisSensorReport
from coldtrace_cloud.epcis.vocabulary import expand_term
from coldtrace_cloud.errors import ValidationFailedError
from coldtrace_cloud.schemas.page import decode_cursor, encode_cursor

MATCH_EPC_ROLES: Final = ("epc", "child")
MATCH_ANY_ROLES: Final = ("epc", "child", "parent", "input", "output")
CELSIUS: Final = "CEL"


@dataclass(frozen=True)
class EventQuery:
    """The parameters of one query; empty lists mean no restriction."""

    event_types: Sequence[str] = ()
    ge_event_time: datetime | None = None
    lt_event_time: datetime | None = None
    biz_steps: Sequence[str] = ()
    dispositions: Sequence[str] = ()
    match_epc: Sequence[str] = ()
    match_any_epc: Sequence[str] = ()
    read_points: Sequence[str] = ()
    biz_locations: Sequence[str] = ()
    measurement_types: Sequence[str] = ()
    ge_value_c: float | None = None
    lt_value_c: float | None = None
    per_page: int = 100
    page_token: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def alternatives(values: Sequence[str] | None) -> list[str]:
    """Every alternative of a parameter: repeated, and ``|``-separated inside one value."""
    return [v.strip() for value in values or () for v in value.split("|") if v.strip()]


def _epc_filter(values: Sequence[str], roles: Sequence[str]) -> ColumnElement[bool]:
    conditions = []
    for value in values:
        prefix = pattern_prefix(value)
        if prefix is not None:
            conditions.append(EpcisEventEpc.epc.startswith(prefix, autoescape=True))
        else:
            conditions.append(EpcisEventEpc.epc == canonical_uri(value))
    return exists().where(
        EpcisEventEpc.event_pk == EpcisEvent.id,
        EpcisEventEpc.role.in_(roles),
        or_(*conditions),
    )


def _sensor_filter(query: EventQuery) -> ColumnElement[bool] | None:
    if not query.measurement_types and query.ge_value_c is None and query.lt_value_c is None:
        return None
    conditions: list[ColumnElement[bool]] = [EpcisSensorReport.event_pk == EpcisEvent.id]
    if query.measurement_types:
        types = [expand_term("measurementType", t) for t in query.measurement_types]
        conditions.append(EpcisSensorReport.measurement_type.in_(types))
    if query.ge_value_c is not None:
        high = func.coalesce(EpcisSensorReport.value, EpcisSensorReport.max_value)
        conditions += [EpcisSensorReport.uom == CELSIUS, high >= query.ge_value_c]
    if query.lt_value_c is not None:
        low = func.coalesce(EpcisSensorReport.value, EpcisSensorReport.min_value)
        conditions += [EpcisSensorReport.uom == CELSIUS, low < query.lt_value_c]
    return exists().where(and_(*conditions))


def _statement(query: EventQuery) -> Select[EpcisEvent]:
    statement = select(EpcisEvent)
    if query.event_types:
        statement = statement.where(EpcisEvent.event_type.in_(query.event_types))
    if query.ge_event_time is not None:
        statement = statement.where(EpcisEvent.event_time >= query.ge_event_time)
    if query.lt_event_time is not None:
        statement = statement.where(EpcisEvent.event_time < query.lt_event_time)
    if query.biz_steps:
        steps = [expand_term("bizStep", s) for s in query.biz_steps]
        statement = statement.where(EpcisEvent.biz_step.in_(steps))
    if query.dispositions:
        found = [expand_term("disposition", d) for d in query.dispositions]
        statement = statement.where(EpcisEvent.disposition.in_(found))
    if query.read_points:
        points = [canonical_uri(p) for p in query.read_points]
        statement = statement.where(EpcisEvent.read_point.in_(points))
    if query.biz_locations:
        places = [canonical_uri(p) for p in query.biz_locations]
        statement = statement.where(EpcisEvent.biz_location.in_(places))
    if query.match_epc:
        statement = statement.where(_epc_filter(query.match_epc, MATCH_EPC_ROLES))
    if query.match_any_epc:
        statement = statement.where(_epc_filter(query.match_any_epc, MATCH_ANY_ROLES))
    sensors = _sensor_filter(query)
    if sensors is not None:
        statement = statement.where(sensors)
    return statement


def _after(token: str | None) -> tuple[datetime, int] | None:
    key = decode_cursor(token, size=2)
    if key is None:
        return None
    moment, pk = key
    invalid = ValidationFailedError("nextPageToken is not valid", field="nextPageToken")
    if not isinstance(moment, str) or not isinstance(pk, int) or not 0 <= pk < 2**63:
        raise invalid
    try:
        parsed = datetime.fromisoformat(moment)
    except ValueError as exc:
        raise invalid from exc
    if parsed.tzinfo is None:
        raise invalid
    return parsed, pk


async def query_events(
    session: AsyncSession, query: EventQuery
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of matching events (their captured bodies) and the token of the next page."""
    statement = _statement(query)
    after = _after(query.page_token)
    if after is not None:
        statement = statement.where(tuple_(EpcisEvent.event_time, EpcisEvent.id) > after)
    rows = (
        await session.scalars(
            statement.order_by(EpcisEvent.event_time, EpcisEvent.id).limit(query.per_page + 1)
        )
    ).all()
    token = None
    if len(rows) > query.per_page:
        rows = rows[: query.per_page]
        token = encode_cursor([rows[-1].event_time, rows[-1].id])
    return [row.body for row in rows], token


async def event_by_id(session: AsyncSession, event_id: str) -> dict[str, Any] | None:
    """The captured body of one event, or None."""
    row = await session.scalar(select(EpcisEvent).where(EpcisEvent.event_id == event_id))
    return None if row is None else row.body
