"""Request and response bodies of the products API."""

from datetime import datetime
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, model_validator

from coldtrace_cloud.schemas.fields import (
    Category,
    Code,
    Gtin14,
    Name,
    Percent,
    Reason,
    Temperature,
)
from coldtrace_protocol.identifiers import validate_gtin

# A GTIN-14 whose check digit is right (GS1 General Specifications §7.9.1).
CheckedGtin = Annotated[Gtin14, AfterValidator(validate_gtin)]


class ProfileIn(BaseModel):
    """A new storage profile."""

    code: Code
    name: Name
    temperature_min_c: Temperature | None = None
    temperature_max_c: Temperature | None = None
    humidity_min_pct: Percent | None = None
    humidity_max_pct: Percent | None = None

    @model_validator(mode="after")
    def _bands_ordered(self) -> Self:
        for low, high in (
            (self.temperature_min_c, self.temperature_max_c),
            (self.humidity_min_pct, self.humidity_max_pct),
        ):
            if low is not None and high is not None and low >= high:
                raise ValueError("a band's minimum is below its maximum")
        return self


class ProfileOut(BaseModel):
    """A storage profile."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name: str
    temperature_min_c: float | None
    temperature_max_c: float | None
    humidity_min_pct: float | None
    humidity_max_pct: float | None
    excursion_rules: dict[str, Any]


class ProductIn(BaseModel):
    """A new product."""

    gtin: CheckedGtin
    description: Name
    category: Category
    storage_profile: Code


class ProductPatch(BaseModel):
    """A change of a product; the reason is audited."""

    description: Name | None = None
    category: Category | None = None
    storage_profile: Code | None = None
    reason: Reason


class ProductOut(BaseModel):
    """A product."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    gtin: str
    description: str
    category: str
    storage_profile_id: int
    created_at: datetime
