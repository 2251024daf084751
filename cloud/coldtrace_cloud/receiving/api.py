"""Routes of receiving: parse a scan, receive by scan (thin: the work is in ``service``)."""

from datetime import UTC, date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter
from pydantic import AwareDatetime, BaseModel, Field, StringConstraints

from coldtrace_cloud.api.deps import SessionDep
from coldtrace_cloud.auth.deps import Receive
from coldtrace_cloud.consignees.service import get_consignee
from coldtrace_cloud.items.schemas import ItemOut
from coldtrace_cloud.locations.service import get_location, get_site
from coldtrace_cloud.lots.flows import LotStatus
from coldtrace_cloud.lots.schemas import LotOut
from coldtrace_cloud.receiving import service
from coldtrace_cloud.receiving.gs1 import ParsedScan, parse_scan
from coldtrace_cloud.schemas.fields import Code
from coldtrace_cloud.schemas.problems import AUTHED

router = APIRouter(prefix="/receiving", tags=["receiving"], responses=AUTHED)
# Printable text plus GS (0x1D), the FNC1 separator of element strings.
ScanText = Annotated[
    str, StringConstraints(min_length=1, max_length=500, pattern=r"^[^\x00-\x1c\x1e\x1f\x7f]+$")
]


class ScanIn(BaseModel):
    """A scan as the scanner sent it: element string (GS = U+001D), bracketed, or Digital Link."""

    scan: ScanText


class ParsedScanOut(BaseModel):
    """GS1 data of a scan; dates as YYYY-MM-DD (FDA UDI display format)."""

    form: Literal["element_string", "bracketed", "digital_link"]
    gtin: str | None
    sscc: str | None
    lot_number: str | None
    serial: str | None
    expiry_date: date | None
    production_date: date | None

    @classmethod
    def of(cls, parsed: ParsedScan) -> "ParsedScanOut":
        """Build from the parser's result."""
        return cls(
            form=parsed.form,
            gtin=parsed.gtin,
            sscc=parsed.sscc,
            lot_number=parsed.lot_number,
            serial=parsed.serial,
            expiry_date=parsed.expiry_date,
            production_date=parsed.production_date,
        )


class ReceiveIn(ScanIn):
    """Receive what a scan names into a location of a site."""

    site: Code
    location: Code
    source_consignee: Code | None = None
    quantity: int = Field(default=1, ge=1, le=1_000_000, description="for scans without serial")
    received_at: AwareDatetime | None = None
    initial_lot_status: Literal["quarantined", "released"] = "quarantined"


class ReceiptOut(BaseModel):
    """What came in."""

    parsed: ParsedScanOut
    receipt_ids: list[int]
    lot: LotOut | None
    item: ItemOut | None
    container_sscc: str | None
    items_received: int


@router.post("/parse")
async def post_parse(body: ScanIn, _: Receive) -> ParsedScanOut:
    """Parse a scan without storing anything (422 naming the faulty AI if it is not valid)."""
    return ParsedScanOut.of(parse_scan(body.scan))


@router.post("/scans", status_code=201)
async def post_scan(body: ReceiveIn, principal: Receive, session: SessionDep) -> ReceiptOut:
    """Receive by scan: lot (created if new), item (if serialized) or a whole container."""
    site = await get_site(session, principal.scope, body.site)
    location = await get_location(session, site, body.location)
    source = await get_consignee(session, body.source_consignee) if body.source_consignee else None
    received = await service.receive_scan(
        session,
        principal.actor,
        principal.scope,
        scan=body.scan,
        point=service.ReceivingPoint(location=location, source=source),
        at=body.received_at or datetime.now(UTC),
        quantity=body.quantity,
        initial_lot_status=LotStatus(body.initial_lot_status),
    )
    await session.commit()
    lot, product, item = received.lot, received.product, received.item
    return ReceiptOut(
        parsed=ParsedScanOut.of(received.parsed),
        receipt_ids=[r.id for r in received.receipts],
        lot=LotOut.of(lot, product) if lot is not None and product is not None else None,
        item=ItemOut.of(item, lot) if item is not None and lot is not None else None,
        container_sscc=received.container.sscc if received.container else None,
        items_received=sum(1 for r in received.receipts if r.item_id is not None),
    )
