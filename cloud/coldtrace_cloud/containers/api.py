"""Routes of containers: create, read with contents, pack, unpack, move (thin)."""

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Path, Query
from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from coldtrace_cloud.api.deps import SessionDep
from coldtrace_cloud.auth.deps import Move, ReadInventory
from coldtrace_cloud.containers import service
from coldtrace_cloud.containers.models import Container, ContainerKind
from coldtrace_cloud.items.service import get_item
from coldtrace_cloud.locations.service import location_by_id
from coldtrace_cloud.schemas.fields import Id, Limit, Sscc18
from coldtrace_cloud.schemas.page import Page, to_page
from coldtrace_cloud.schemas.problems import AUTHED
from coldtrace_protocol.identifiers import validate_sscc

router = APIRouter(prefix="/containers", tags=["containers"], responses=AUTHED)
CheckedSscc = Annotated[Sscc18, AfterValidator(validate_sscc)]
SsccPath = Annotated[Sscc18, Path()]


class ContainerIn(BaseModel):
    """A new container."""

    sscc: CheckedSscc
    kind: ContainerKind
    location_id: Id | None = None


class ContainerOut(BaseModel):
    """A container and where it is."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    sscc: str
    kind: ContainerKind
    current_location_id: int | None
    current_site_id: int | None
    current_since: datetime | None


class ContainerDetailOut(ContainerOut):
    """A container with what it holds now."""

    item_ids: list[int]
    container_ssccs: list[str]


class ContentsIn(BaseModel):
    """Items (by id) and child containers (by SSCC) to pack or unpack."""

    item_ids: list[Id] = Field(default_factory=list, max_length=5000)
    container_ssccs: list[Sscc18] = Field(default_factory=list, max_length=500)
    at: AwareDatetime | None = None


class ContainerMoveIn(BaseModel):
    """Move a container (and its contents) to a location."""

    to_location_id: Id
    occurred_at: AwareDatetime | None = None
    event_id: UUID | None = None


class MoveOut(BaseModel):
    """How many item movements the move recorded (0 for a repeated event)."""

    item_movements: int


async def _detail(session: SessionDep, container: Container) -> ContainerDetailOut:
    items, children = await service.contents_at(session, container.id)
    child_rows = [await session.get(Container, c) for c in children]
    return ContainerDetailOut(
        **ContainerOut.model_validate(container).model_dump(),
        item_ids=items,
        container_ssccs=[c.sscc for c in child_rows if c is not None],
    )


@router.get("")
async def get_containers(
    principal: ReadInventory,
    session: SessionDep,
    location_id: Id | None = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
) -> Page[ContainerOut]:
    """Containers visible to the caller."""
    found = await service.list_containers(
        session, principal.scope, location_id=location_id, cursor=cursor, limit=limit
    )
    return to_page(found, ContainerOut)


@router.post("", status_code=201)
async def post_container(body: ContainerIn, principal: Move, session: SessionDep) -> ContainerOut:
    """Register a container (SSCC check digit verified)."""
    if body.location_id is not None:
        await location_by_id(session, principal.scope, body.location_id)
    container = await service.create_container(
        session, principal.actor, sscc=body.sscc, kind=body.kind, location_id=body.location_id
    )
    await session.commit()
    return ContainerOut.model_validate(container)


@router.get("/{sscc}")
async def get_container(
    sscc: SsccPath, principal: ReadInventory, session: SessionDep
) -> ContainerDetailOut:
    """A container and its current contents."""
    return await _detail(session, await service.get_container(session, principal.scope, sscc))


async def _contents(
    session: SessionDep, principal: Move, body: ContentsIn
) -> tuple[list[int], list[Container]]:
    for item_id in body.item_ids:
        await get_item(session, principal.scope, item_id)
    children = [
        await service.get_container(session, principal.scope, s) for s in body.container_ssccs
    ]
    return list(body.item_ids), children


@router.post("/{sscc}/pack")
async def post_pack(
    sscc: SsccPath, body: ContentsIn, principal: Move, session: SessionDep
) -> ContainerDetailOut:
    """Pack items and containers into this container."""
    container = await service.get_container(session, principal.scope, sscc, for_update=True)
    item_ids, children = await _contents(session, principal, body)
    at = body.at or datetime.now(UTC)
    await service.pack(
        session, principal.actor, container, item_ids=item_ids, children=children, at=at
    )
    await session.commit()
    return await _detail(session, container)


@router.post("/{sscc}/unpack")
async def post_unpack(
    sscc: SsccPath, body: ContentsIn, principal: Move, session: SessionDep
) -> ContainerDetailOut:
    """Take items and containers out of this container."""
    container = await service.get_container(session, principal.scope, sscc, for_update=True)
    item_ids, children = await _contents(session, principal, body)
    at = body.at or datetime.now(UTC)
    await service.unpack(
        session, principal.actor, container, item_ids=item_ids, children=children, at=at
    )
    await session.commit()
    return await _detail(session, container)


@router.post("/{sscc}/moves")
async def post_move(
    sscc: SsccPath, body: ContainerMoveIn, principal: Move, session: SessionDep
) -> MoveOut:
    """Move the container and everything in it (idempotent by ``event_id``)."""
    container = await service.get_container(session, principal.scope, sscc, for_update=True)
    target = await location_by_id(session, principal.scope, body.to_location_id)
    moved = await service.relocate(
        session,
        principal.actor,
        container,
        to_location_id=target.id,
        event_id=body.event_id or uuid4(),
        at=body.occurred_at or datetime.now(UTC),
    )
    await session.commit()
    return MoveOut(item_movements=moved)
