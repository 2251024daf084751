"""Request and response bodies of the shipments API."""

from datetime import datetime
from typing import Literal, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from coldtrace_cloud.schemas.fields import Code, Id, Name, Reason, Serial, Sscc18
from coldtrace_cloud.shipments.flows import ShipmentStatus


class ShipmentIn(BaseModel):
    """A new shipment to a consignee or to another of our sites."""

    code: Code
    origin_site: Code
    destination_consignee: Code | None = None
    destination_site: Code | None = None
    carrier: Name | None = None
    vehicle_location_id: Id | None = None
    planned_departure_at: AwareDatetime | None = None
    planned_arrival_at: AwareDatetime | None = None

    @model_validator(mode="after")
    def _one_destination(self) -> Self:
        if (self.destination_consignee is None) == (self.destination_site is None):
            raise ValueError("give destination_consignee or destination_site, not both")
        return self


class ShipmentOut(BaseModel):
    """A shipment."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    status: ShipmentStatus
    origin_site_id: int
    destination_consignee_id: int | None
    destination_site_id: int | None
    carrier: str | None
    vehicle_location_id: int | None
    planned_departure_at: datetime | None
    planned_arrival_at: datetime | None
    actual_departure_at: datetime | None
    actual_arrival_at: datetime | None
    status_changed_at: datetime | None
    created_at: datetime


class LegIn(BaseModel):
    """A leg of a shipment."""

    mode: Literal["road", "air", "sea", "rail"]
    carrier: Name | None = None
    origin: Name
    destination: Name
    vehicle_location_id: Id | None = None
    planned_departure_at: AwareDatetime | None = None
    planned_arrival_at: AwareDatetime | None = None


class LegOut(LegIn):
    """A leg as stored."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    sequence: int
    actual_departure_at: datetime | None
    actual_arrival_at: datetime | None


class LegTimeIn(BaseModel):
    """A leg departed or arrived (a correction of a recorded time needs a reason)."""

    event: Literal["departed", "arrived"]
    at: AwareDatetime
    reason: str | None = Field(default=None, min_length=1, max_length=500)


class LotLineOut(BaseModel):
    """Contents per lot."""

    model_config = ConfigDict(from_attributes=True)

    lot_id: int
    lot_number: str
    gtin: str
    quantity: int
    serials: list[Serial]


class ShipmentDetailOut(ShipmentOut):
    """A shipment with legs and contents."""

    legs: list[LegOut]
    contents: list[LotLineOut]


class ContentsIn(BaseModel):
    """Load items by id, a container by SSCC, or a quantity of a lot (one of them)."""

    item_ids: list[Id] = Field(default_factory=list, max_length=5000)
    container_sscc: Sscc18 | None = None
    lot_id: Id | None = None
    quantity: int | None = Field(default=None, ge=1, le=100_000)

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        kinds = [bool(self.item_ids), self.container_sscc is not None, self.lot_id is not None]
        if sum(kinds) != 1:
            raise ValueError("give item_ids, container_sscc or lot_id (with quantity)")
        if (self.lot_id is None) != (self.quantity is None):
            raise ValueError("lot_id and quantity go together")
        return self


class ContentsOut(BaseModel):
    """How many items were loaded."""

    added: int


class ShipmentTransitionIn(BaseModel):
    """Move the shipment to its next status."""

    status: ShipmentStatus
    at: AwareDatetime | None = None
    receiving_location_id: Id | None = None
    reason: Reason | None = None
