"""Request and response bodies of the lots API."""

from datetime import date, datetime
from typing import Self

from pydantic import BaseModel, model_validator

from coldtrace_cloud.lots.flows import LotStatus
from coldtrace_cloud.lots.models import Lot
from coldtrace_cloud.products.models import Product
from coldtrace_cloud.products.schemas import CheckedGtin
from coldtrace_cloud.schemas.fields import LotNumber, Reason


class LotIn(BaseModel):
    """A new lot of a known product."""

    gtin: CheckedGtin
    lot_number: LotNumber
    expiry_date: date
    production_date: date | None = None
    status: LotStatus = LotStatus.QUARANTINED

    @model_validator(mode="after")
    def _produced_before_expiry(self) -> Self:
        if self.production_date is not None and self.production_date > self.expiry_date:
            raise ValueError("production date is after the expiry date")
        return self


class LotTransitionIn(BaseModel):
    """A status change; the reason is mandatory (EU GMP Annex 11 §9)."""

    status: LotStatus
    reason: Reason


class LotOut(BaseModel):
    """A lot with its product's GTIN and category; dates as YYYY-MM-DD (FDA UDI display)."""

    id: int
    product_id: int
    gtin: str
    category: str
    lot_number: str
    expiry_date: date
    production_date: date | None
    status: LotStatus
    status_reason: str | None
    status_changed_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, lot: Lot, product: Product) -> "LotOut":
        """Build from the lot and its product."""
        return cls(
            id=lot.id,
            product_id=product.id,
            gtin=product.gtin,
            category=product.category,
            lot_number=lot.lot_number,
            expiry_date=lot.expiry_date,
            production_date=lot.production_date,
            status=LotStatus(lot.status),
            status_reason=lot.status_reason,
            status_changed_at=lot.status_changed_at,
            created_at=lot.created_at,
        )
