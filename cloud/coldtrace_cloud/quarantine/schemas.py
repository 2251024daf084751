"""Response bodies of the exposure ledger API."""

from datetime import datetime

from pydantic import BaseModel

from coldtrace_cloud.quarantine.ledger import (
    ExposedLot,
    ItemExposureRow,
    LotExcursion,
    LotExposure,
)


class SerialExposureOut(BaseModel):
    """One serial's total exposure within a lot."""

    item_id: int
    serial: str
    excursions: int
    exposed_s: float
    out_of_range_s: float


class LotExcursionOut(BaseModel):
    """One excursion the lot sat through: serials inside, the worst serial and its exposure."""

    excursion_id: int
    kind: str
    severity: str
    exposed_from: datetime
    exposed_to: datetime
    serials: int
    worst_serial: str
    exposed_s: float
    out_of_range_s: float


class LotExposureOut(BaseModel):
    """A lot's ledger: its serials, its excursions, the worst consumption, the budget and what
    is left."""

    lot_id: int
    serials: list[SerialExposureOut]
    excursions: list[LotExcursionOut]
    consumed_s: float
    budget_s: float | None
    remaining_s: float | None
    spent: bool

    @classmethod
    def of(cls, ledger: LotExposure, excursions: list[LotExcursion]) -> "LotExposureOut":
        """From the ledger and its excursions."""
        return cls(
            lot_id=ledger.lot_id,
            serials=[
                SerialExposureOut.model_validate(s, from_attributes=True) for s in ledger.serials
            ],
            excursions=[
                LotExcursionOut.model_validate(e, from_attributes=True) for e in excursions
            ],
            consumed_s=ledger.consumed_s,
            budget_s=ledger.budget_s,
            remaining_s=ledger.remaining_s,
            spent=ledger.spent,
        )


class ExposureRowOut(BaseModel):
    """One excursion a serial sat through."""

    excursion_id: int
    kind: str
    severity: str
    exposed_from: datetime
    exposed_to: datetime
    exposed_s: float
    out_of_range_s: float


class ItemExposureOut(BaseModel):
    """A serial's ledger."""

    item_id: int
    serial: str
    lot_id: int
    exposures: list[ExposureRowOut]
    exposed_s: float
    out_of_range_s: float

    @classmethod
    def of(
        cls, item_id: int, serial: str, lot_id: int, rows: list[ItemExposureRow]
    ) -> "ItemExposureOut":
        """From the ledger rows."""
        return cls(
            item_id=item_id,
            serial=serial,
            lot_id=lot_id,
            exposures=[ExposureRowOut.model_validate(r, from_attributes=True) for r in rows],
            exposed_s=sum(r.exposed_s for r in rows),
            out_of_range_s=sum(r.out_of_range_s for r in rows),
        )


class ExposedLotOut(BaseModel):
    """A lot an excursion exposed: serials inside, the worst serial's exposure."""

    lot_id: int
    lot_number: str
    gtin: str
    status: str
    serials: int
    exposed_s: float
    out_of_range_s: float


class ExcursionExposureOut(BaseModel):
    """What one excursion exposed, lot by lot."""

    excursion_id: int
    lots: list[ExposedLotOut]

    @classmethod
    def of(cls, excursion_id: int, lots: list[ExposedLot]) -> "ExcursionExposureOut":
        """From the ledger."""
        return cls(
            excursion_id=excursion_id,
            lots=[ExposedLotOut.model_validate(lot, from_attributes=True) for lot in lots],
        )
