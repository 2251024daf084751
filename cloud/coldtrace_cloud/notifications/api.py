"""Routes of notification targets (webhooks, e-mail, escalation): list, add, deactivate."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field, SecretStr

from coldtrace_cloud.api.deps import SessionDep
from coldtrace_cloud.auth.deps import require
from coldtrace_cloud.auth.roles import Permission
from coldtrace_cloud.auth.scope import Principal
from coldtrace_cloud.notifications import service
from coldtrace_cloud.schemas.fields import Id
from coldtrace_cloud.schemas.problems import AUTHED

ManageNotifications = Annotated[Principal, Depends(require(Permission.NOTIFICATIONS_WRITE))]
Address = Annotated[str, Field(min_length=3, max_length=500, pattern=r"^(https?://|[^@\s]+@)\S+$")]

router = APIRouter(prefix="/notification-targets", tags=["notifications"], responses=AUTHED)


class TargetIn(BaseModel):
    """A webhook URL with its HMAC secret, or an e-mail address; ``escalation`` for the
    excursions nobody acknowledged in time."""

    channel: Literal["webhook", "email"]
    address: Address
    secret: Annotated[SecretStr, Field(max_length=200)] | None = None
    escalation: bool = False


class TargetOut(BaseModel):
    """A target (its secret is never returned)."""

    id: int
    channel: str
    address: str
    escalation: bool
    active: bool


@router.get("")
async def get_targets(
    principal: ManageNotifications,  # noqa: ARG001  # the permission check
    session: SessionDep,
) -> list[TargetOut]:
    """Every target."""
    return [
        TargetOut.model_validate(t, from_attributes=True)
        for t in await service.list_targets(session)
    ]


@router.post("", status_code=201)
async def post_target(
    body: TargetIn, principal: ManageNotifications, session: SessionDep
) -> TargetOut:
    """Add a target."""
    target = await service.add_target(
        session,
        principal.actor,
        channel=body.channel,
        address=body.address,
        secret=None if body.secret is None else body.secret.get_secret_value(),
        escalation=body.escalation,
    )
    await session.commit()
    return TargetOut.model_validate(target, from_attributes=True)


@router.delete("/{target_id}")
async def delete_target(
    target_id: Id, principal: ManageNotifications, session: SessionDep
) -> TargetOut:
    """Deactivate a target."""
    target = await service.deactivate(session, principal.actor, target_id)
    await session.commit()
    return TargetOut.model_validate(target, from_attributes=True)
