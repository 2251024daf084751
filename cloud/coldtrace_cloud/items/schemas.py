"""Response bodies of the items API."""

from datetime import date, datetime

from pydantic import BaseModel

from coldtrace_cloud.items.models import Item, ItemStatus
from coldtrace_cloud.lots.models import Lot


class ItemOut(BaseModel):
    """A serialized item, its lot and where it is now."""

    id: int
    lot_id: int
    lot_number: str
    expiry_date: date
    gtin: str
    serial: str
    epc_uri: str | None
    status: ItemStatus
    current_location_id: int | None
    current_site_id: int | None
    current_shipment_id: int | None
    container_id: int | None
    current_since: datetime | None

    @classmethod
    def of(cls, item: Item, lot: Lot) -> "ItemOut":
        """Build from the item and its lot."""
        return cls(
            id=item.id,
            lot_id=lot.id,
            lot_number=lot.lot_number,
            expiry_date=lot.expiry_date,
            gtin=item.gtin,
            serial=item.serial,
            epc_uri=item.epc_uri,
            status=ItemStatus(item.status),
            current_location_id=item.current_location_id,
            current_site_id=item.current_site_id,
            current_shipment_id=item.current_shipment_id,
            container_id=item.container_id,
            current_since=item.current_since,
        )
