"""Response bodies of the trace API."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from coldtrace_cloud.items.schemas import ItemOut
from coldtrace_cloud.lots.schemas import LotOut
from coldtrace_cloud.movements.schemas import MovementOut
from coldtrace_cloud.trace.service import BackwardTrace, ForwardTrace, ItemHistory


class ShipmentTraceOut(BaseModel):
    """A shipment that carried the lot."""

    model_config = ConfigDict(from_attributes=True)

    shipment_id: int
    code: str
    status: str
    origin_site_id: int
    destination_site_id: int | None
    consignee_id: int | None
    consignee_code: str | None
    consignee_name: str | None
    actual_departure_at: datetime | None
    actual_arrival_at: datetime | None
    quantity: int
    serials: list[str]
    containers: list[str]


class ConsigneeTotalOut(BaseModel):
    """Units of the lot a consignee received (or has on the way)."""

    consignee_id: int
    consignee_code: str | None
    consignee_name: str | None
    quantity: int


class HeldOut(BaseModel):
    """Units of the lot still at one of our sites, by item status."""

    site_id: int
    status: str
    quantity: int


class ForwardTraceOut(BaseModel):
    """Where a lot went: shipments, consignees, serials, quantities; and what we still hold."""

    lot: LotOut
    shipped_quantity: int
    shipments: list[ShipmentTraceOut]
    consignees: list[ConsigneeTotalOut]
    held: list[HeldOut]

    @classmethod
    def of(cls, trace: ForwardTrace) -> "ForwardTraceOut":
        """Build from the service's result."""
        totals: dict[int, ConsigneeTotalOut] = {}
        for s in trace.shipments:
            if s.consignee_id is None:
                continue
            entry = totals.setdefault(
                s.consignee_id,
                ConsigneeTotalOut(
                    consignee_id=s.consignee_id,
                    consignee_code=s.consignee_code,
                    consignee_name=s.consignee_name,
                    quantity=0,
                ),
            )
            entry.quantity += s.quantity
        return cls(
            lot=LotOut.of(trace.lot, trace.product),
            shipped_quantity=trace.shipped_quantity,
            shipments=[ShipmentTraceOut.model_validate(s) for s in trace.shipments],
            consignees=list(totals.values()),
            held=[
                HeldOut(site_id=site, status=status, quantity=quantity)
                for site, by_status in sorted(trace.held_by_site.items())
                for status, quantity in sorted(by_status.items())
            ],
        )


class SourceTraceOut(BaseModel):
    """One way the lot came in."""

    model_config = ConfigDict(from_attributes=True)

    site_id: int
    source_consignee_id: int | None
    source_consignee_code: str | None
    shipment_id: int | None
    shipment_code: str | None
    origin_site_id: int | None
    container_sscc: str | None
    first_received_at: datetime
    quantity: int
    serials: list[str]


class BackwardTraceOut(BaseModel):
    """Where a lot came from."""

    lot: LotOut
    received_quantity: int
    sources: list[SourceTraceOut]

    @classmethod
    def of(cls, trace: BackwardTrace) -> "BackwardTraceOut":
        """Build from the service's result."""
        return cls(
            lot=LotOut.of(trace.lot, trace.product),
            received_quantity=sum(s.quantity for s in trace.sources),
            sources=[SourceTraceOut.model_validate(s) for s in trace.sources],
        )


class ReceiptOut(BaseModel):
    """A receipt of the item."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    site_id: int
    location_id: int
    shipment_id: int | None
    source_consignee_id: int | None
    received_at: datetime
    received_by: str


class ResidencyOut(BaseModel):
    """Where the item was over ``[valid_from, valid_to)``."""

    model_config = ConfigDict(from_attributes=True)

    location_id: int | None
    shipment_id: int | None
    valid_from: datetime
    valid_to: datetime | None


class ContainerSpellOut(BaseModel):
    """A container the item was in, from when to when."""

    sscc: str
    valid_from: datetime
    valid_to: datetime | None


class ItemShipmentOut(BaseModel):
    """A shipment that carried the item."""

    code: str
    status: str
    actual_departure_at: datetime | None
    actual_arrival_at: datetime | None


class ItemHistoryOut(BaseModel):
    """Everything recorded about one item, oldest first."""

    item: ItemOut
    receipts: list[ReceiptOut]
    movements: list[MovementOut]
    residency: list[ResidencyOut]
    containers: list[ContainerSpellOut]
    shipments: list[ItemShipmentOut]

    @classmethod
    def of(cls, history: ItemHistory) -> "ItemHistoryOut":
        """Build from the service's result."""
        return cls(
            item=ItemOut.of(history.item, history.lot),
            receipts=[ReceiptOut.model_validate(r) for r in history.receipts],
            movements=[MovementOut.model_validate(m) for m in history.movements],
            residency=[ResidencyOut.model_validate(r) for r in history.residency],
            containers=[
                ContainerSpellOut(sscc=s, valid_from=a, valid_to=b)
                for s, a, b in history.containers
            ],
            shipments=[
                ItemShipmentOut(code=c, status=st, actual_departure_at=d, actual_arrival_at=a)
                for c, st, d, a in history.shipments
            ],
        )
