"""Request and response bodies of the auth API."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from coldtrace_cloud.auth.roles import Permission, Role
from coldtrace_cloud.schemas.fields import Name, Reason

Username = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9._@-]*$")
]
Password = Annotated[str, StringConstraints(min_length=1, max_length=256, pattern=r"^[^\x00]*$")]
GrantValue = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64, pattern=r"^(\*|[A-Za-z0-9][A-Za-z0-9._:-]*)$"),
]


class LoginIn(BaseModel):
    """Username and password."""

    username: Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[^\x00]*$")]
    password: Password


class UserOut(BaseModel):
    """A user as the API shows it (never the password hash)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    created_at: datetime


class LoginOut(BaseModel):
    """A session token for the web UI (RFC 6750 bearer)."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105  # RFC 6750 token type
    expires_at: datetime | None
    user: UserOut


class ScopeOut(BaseModel):
    """What the caller may see."""

    all_sites: bool
    site_ids: list[int]
    all_categories: bool
    categories: list[str]


class MeOut(BaseModel):
    """The caller, its permissions and scope."""

    user: UserOut
    permissions: list[Permission]
    scope: ScopeOut


class UserIn(BaseModel):
    """A new user; gateways may have no password (tokens only)."""

    username: Username
    display_name: Name
    role: Role
    password: Password | None = None


class UserPatch(BaseModel):
    """A change of a user; the reason is audited."""

    display_name: Name | None = None
    role: Role | None = None
    active: bool | None = None
    password: Password | None = None
    reason: Reason


class GrantIn(BaseModel):
    """A site code, a region or a product category; ``*`` for all of a kind."""

    scope: Literal["site", "region", "category"]
    value: GrantValue


class GrantOut(BaseModel):
    """One grant."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    scope: str
    value: str


class UserDetailOut(UserOut):
    """A user with its grants."""

    grants: list[GrantOut]


class TokenIn(BaseModel):
    """A new API token (for gateways and integrations)."""

    name: Name
    valid_for_days: int | None = Field(default=None, ge=1, le=3650)


class TokenOut(BaseModel):
    """The token, shown once."""

    id: int
    name: str
    token: str
    expires_at: datetime | None
