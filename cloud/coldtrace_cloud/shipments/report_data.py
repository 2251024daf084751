"""What a shipment's temperature report shows, gathered once as plain data.

The report and its CSV use the same sources as the shipment page (the readings history per
sensor window, the goods' storage profiles, the shipment's excursions), so a printed report and
the screen never disagree. The result holds no ORM objects: rendering runs in a worker thread,
and the fingerprint is computed over exactly what the report prints.
"""

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.auth.scope import AccessScope
from coldtrace_cloud.consignees.models import Consignee
from coldtrace_cloud.excursions.service import ExcursionFilter, list_excursions
from coldtrace_cloud.locations.models import Site
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.products.models import Product, StorageProfile
from coldtrace_cloud.readings.service import SeriesHistory, histories, shipment_windows
from coldtrace_cloud.shipments.models import Shipment, ShipmentLine
from coldtrace_cloud.shipments.service import get_shipment, legs_of
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_cloud.timeseries.history import Bucket, auto_resolution_s


@dataclass(frozen=True)
class Band:
    """The tightest band over the goods' profiles; no limits when the profiles conflict."""

    min_c: float | None
    max_c: float | None
    profiles: tuple[str, ...]
    conflict: bool


@dataclass(frozen=True)
class ShipmentFacts:
    """Who, from where to where, and when."""

    code: str
    status: str
    origin: str
    destination: str
    carrier: str | None
    departed_at: datetime | None
    arrived_at: datetime | None


@dataclass(frozen=True)
class LegFacts:
    """One leg as the report lists it."""

    sequence: int
    mode: str
    carrier: str | None
    origin: str
    destination: str
    departed_at: datetime | None
    arrived_at: datetime | None


@dataclass(frozen=True)
class LotFacts:
    """One lot on board: product, expiry, quantity and its storage profile."""

    lot_number: str
    gtin: str
    product: str
    expiry: date
    quantity: int
    profile: str


@dataclass(frozen=True)
class ExcursionFacts:
    """One excursion of the shipment with where QA stands on it."""

    id: int
    sensor: str
    kind: str
    severity: str
    status: str
    started_at: datetime
    ended_at: datetime | None
    peak: float | None
    out_of_range_s: float
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    ack_comment: str | None
    closed_at: datetime | None
    closed_by: str | None
    root_cause: str | None
    capa_ref: str | None


@dataclass(frozen=True)
class ReportData:
    """Everything a shipment report prints; ``excursions`` is None when the caller may not
    read excursions (the report says so instead of claiming there were none)."""

    shipment: ShipmentFacts
    time_zone: str
    legs: tuple[LegFacts, ...]
    lots: tuple[LotFacts, ...]
    band: Band | None
    start: datetime
    end: datetime
    resolution_s: int
    series: tuple[SeriesHistory, ...]
    excursions: tuple[ExcursionFacts, ...] | None


def trip_range(shipment: Shipment, now: datetime) -> tuple[datetime, datetime]:
    """Departure (or plan, or creation) to arrival (or now), as the shipment page shows it."""
    start = shipment.actual_departure_at or shipment.planned_departure_at or shipment.created_at
    end = min(shipment.actual_arrival_at or now, now)
    if end <= start:
        end = start + timedelta(hours=1)
    return start, end


def tightest_band(profiles: list[tuple[str, float | None, float | None]]) -> Band | None:
    """The band every product on board keeps (highest minimum, lowest maximum)."""
    if not profiles:
        return None
    lows = [low for _, low, _ in profiles if low is not None]
    highs = [high for _, _, high in profiles if high is not None]
    low = max(lows) if lows else None
    high = min(highs) if highs else None
    names = tuple(sorted({name for name, _, _ in profiles}))
    # Goods with incompatible profiles (2-8 °C next to frozen): no band fits them all.
    if low is not None and high is not None and low > high:
        return Band(None, None, names, conflict=True)
    return Band(low, high, names, conflict=False)


async def _lots(
    session: AsyncSession, shipment_id: int
) -> list[tuple[LotFacts, float | None, float | None]]:
    rows = await session.execute(
        select(
            Lot.lot_number,
            Product.gtin,
            Product.description,
            Lot.expiry_date,
            func.sum(ShipmentLine.quantity),
            StorageProfile.code,
            StorageProfile.temperature_min_c,
            StorageProfile.temperature_max_c,
        )
        .join(Lot, Lot.id == ShipmentLine.lot_id)
        .join(Product, Product.id == Lot.product_id)
        .join(StorageProfile, StorageProfile.id == Product.storage_profile_id)
        .where(ShipmentLine.shipment_id == shipment_id)
        .group_by(Lot.id, Product.id, StorageProfile.id)
        .order_by(Lot.lot_number)
    )
    return [
        (LotFacts(number, gtin, product, expiry, int(quantity), profile), low, high)
        for number, gtin, product, expiry, quantity, profile, low, high in rows.all()
    ]


async def _places(session: AsyncSession, shipment: Shipment) -> tuple[Site, str]:
    origin = await session.get_one(Site, shipment.origin_site_id)
    if shipment.destination_site_id is not None:
        site = await session.get_one(Site, shipment.destination_site_id)
        return origin, f"{site.name} ({site.code})"
    consignee = await session.get_one(Consignee, shipment.destination_consignee_id)
    return origin, f"{consignee.name} ({consignee.code})"


async def _excursions(session: AsyncSession, shipment_id: int) -> tuple[ExcursionFacts, ...]:
    # The caller may read the shipment (checked before), and a shipment's excursions are part
    # of its temperature record: a receiving site sees them too, as it sees the readings.
    where = ExcursionFilter(shipment_id=shipment_id)
    found: list[ExcursionFacts] = []
    cursor: str | None = None
    while True:
        page = await list_excursions(
            session, AccessScope.everything(), where, cursor=cursor, limit=500
        )
        for view in page.rows:
            e = view.excursion
            found.append(
                ExcursionFacts(
                    e.id,
                    view.sensor_code,
                    e.kind,
                    e.severity,
                    e.status,
                    e.started_at,
                    e.ended_at,
                    e.peak,
                    e.out_of_range_s,
                    e.acknowledged_at,
                    e.acknowledged_by,
                    e.ack_comment,
                    e.closed_at,
                    e.closed_by,
                    e.root_cause,
                    e.capa_ref,
                )
            )
        cursor = page.next_cursor
        if cursor is None:
            return tuple(sorted(found, key=lambda e: (e.started_at, e.id)))


async def gather_report(
    session: AsyncSession,
    influx: InfluxClient,
    scope: AccessScope,
    code: str,
    *,
    now: datetime,
    with_excursions: bool,
) -> ReportData:
    """The report data of shipment ``code`` (404 unknown, 403 no grant for either end)."""
    shipment = await get_shipment(session, scope, code)
    origin, destination = await _places(session, shipment)
    start, end = trip_range(shipment, now)
    resolution_s = auto_resolution_s(start, end)
    windows = await shipment_windows(session, shipment.id, start, end)
    lots = await _lots(session, shipment.id)
    legs = await legs_of(session, shipment)
    excursions = await _excursions(session, shipment.id) if with_excursions else None
    series = await histories(influx, session, windows, resolution_s)
    return ReportData(
        shipment=ShipmentFacts(
            code=shipment.code,
            status=shipment.status,
            origin=f"{origin.name} ({origin.code})",
            destination=destination,
            carrier=shipment.carrier,
            departed_at=shipment.actual_departure_at,
            arrived_at=shipment.actual_arrival_at,
        ),
        time_zone=origin.timezone,
        legs=tuple(
            LegFacts(
                leg.sequence,
                leg.mode,
                leg.carrier,
                leg.origin,
                leg.destination,
                leg.actual_departure_at,
                leg.actual_arrival_at,
            )
            for leg in legs
        ),
        lots=tuple(facts for facts, _, _ in lots),
        band=tightest_band([(facts.profile, low, high) for facts, low, high in lots]),
        start=start,
        end=end,
        resolution_s=resolution_s,
        series=tuple(series),
        excursions=excursions,
    )


def _bucket_row(bucket: Bucket) -> list[object]:
    t, rh = bucket.temperature_c, bucket.humidity_pct
    return [bucket.time, bucket.count, t.min, t.max, t.mean, rh.min, rh.max, rh.mean]


def fingerprint(data: ReportData) -> str:
    """SHA-256 of the report's data (not of when or by whom it was generated): two reports
    with the same fingerprint show the same evidence."""
    document = {
        "shipment": asdict(data.shipment),
        "time_zone": data.time_zone,
        "legs": [asdict(leg) for leg in data.legs],
        "lots": [asdict(lot) for lot in data.lots],
        "band": None if data.band is None else asdict(data.band),
        "range": [data.start, data.end, data.resolution_s],
        "series": [
            [s.window.sensor, s.window.start, s.window.end, [_bucket_row(b) for b in s.buckets]]
            for s in data.series
        ],
        "excursions": None if data.excursions is None else [asdict(e) for e in data.excursions],
    }
    text = json.dumps(document, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
