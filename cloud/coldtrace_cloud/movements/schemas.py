"""Request and response bodies of the movements API."""

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict

from coldtrace_cloud.movements.models import Direction
from coldtrace_cloud.schemas.fields import Id


class MovementIn(BaseModel):
    """A manual or scanned move of an item; ``event_id`` makes a retry harmless."""

    item_id: Id
    to_location_id: Id
    occurred_at: AwareDatetime | None = None
    event_id: UUID | None = None
    source: Literal["manual", "scan"] = "manual"
    direction: Direction | None = None
    portal_id: Id | None = None


class MovementOut(BaseModel):
    """A movement."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    event_id: UUID
    item_id: int | None
    container_id: int | None
    from_location_id: int | None
    to_location_id: int | None
    shipment_id: int | None
    portal_id: int | None
    direction: Direction | None
    source: str
    occurred_at: datetime
    recorded_at: datetime
    gateway_id: str | None
    parent_movement_id: int | None


class MovementResultOut(BaseModel):
    """The outcome of recording: the movement id, or a repeat of an event seen before."""

    movement_id: int | None
    duplicate: bool
    became_current: bool
