"""Routes of consignees (thin: the work is in ``service``)."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

from coldtrace_cloud.api.deps import SessionDep
from coldtrace_cloud.auth.deps import ManageConsignees, ReadInventory
from coldtrace_cloud.consignees import service
from coldtrace_cloud.consignees.models import ConsigneeKind
from coldtrace_cloud.schemas.fields import Code, Gln13, Limit, Name, Reason
from coldtrace_cloud.schemas.page import Page, to_page
from coldtrace_cloud.schemas.problems import AUTHED
from coldtrace_protocol.identifiers import validate_gln

router = APIRouter(prefix="/consignees", tags=["consignees"], responses=AUTHED)
Gln = Annotated[Gln13, AfterValidator(validate_gln)]
Address = Annotated[str, StringConstraints(min_length=1, max_length=500, pattern=r"^[^\x00]*$")]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Email = Annotated[str, StringConstraints(max_length=254, pattern=r"^[^@\s\x00]+@[^@\s\x00]+$")]


class ConsigneeIn(BaseModel):
    """A new consignee."""

    code: Code
    name: Name
    kind: ConsigneeKind
    gln: Gln | None = None
    address: Address | None = None
    country: Country | None = None
    contact_email: Email | None = None


class ConsigneePatch(BaseModel):
    """A change of a consignee; the reason is audited."""

    name: Name | None = None
    address: Address | None = None
    country: Country | None = None
    contact_email: Email | None = None
    reason: Reason


class ConsigneeOut(BaseModel):
    """A consignee."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name: str
    kind: ConsigneeKind
    gln: str | None
    address: str | None
    country: str | None
    contact_email: str | None
    created_at: datetime


@router.get("")
async def get_consignees(
    _: ReadInventory,
    session: SessionDep,
    kind: ConsigneeKind | None = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
) -> Page[ConsigneeOut]:
    """Consignees."""
    found = await service.list_consignees(session, kind=kind, cursor=cursor, limit=limit)
    return to_page(found, ConsigneeOut)


@router.post("", status_code=201)
async def post_consignee(
    body: ConsigneeIn, principal: ManageConsignees, session: SessionDep
) -> ConsigneeOut:
    """Create a consignee."""
    fields = body.model_dump(exclude={"code", "kind"})
    consignee = await service.create_consignee(
        session, principal.actor, code=body.code, kind=body.kind, **fields
    )
    await session.commit()
    return ConsigneeOut.model_validate(consignee)


@router.get("/{code}")
async def get_consignee(
    code: Annotated[Code, Path()], _: ReadInventory, session: SessionDep
) -> ConsigneeOut:
    """One consignee."""
    return ConsigneeOut.model_validate(await service.get_consignee(session, code))


@router.patch("/{code}")
async def patch_consignee(
    code: Annotated[Code, Path()],
    body: ConsigneePatch,
    principal: ManageConsignees,
    session: SessionDep,
) -> ConsigneeOut:
    """Change a consignee (with a reason)."""
    consignee = await service.get_consignee(session, code)
    changes = body.model_dump(exclude={"reason"})
    await service.update_consignee(
        session, principal.actor, consignee, reason=body.reason, **changes
    )
    await session.commit()
    return ConsigneeOut.model_validate(consignee)
