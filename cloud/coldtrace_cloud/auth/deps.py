"""FastAPI dependencies: the bearer token's principal, and a role check per operation.

Usage in a router: ``user: Annotated[Principal, Depends(require(Permission.SHIP))]``. A missing
or bad token is a 401 with ``WWW-Authenticate: Bearer`` (RFC 6750 §3); a role without the
permission is a 403. The web UI sends the same session token in an HttpOnly, SameSite=Strict
cookie set by the login route (a bearer header wins when both are present). Site and category
grants are checked by the services, which see the data.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from coldtrace_cloud.api.deps import SessionDep
from coldtrace_cloud.auth.roles import Permission
from coldtrace_cloud.auth.scope import Principal
from coldtrace_cloud.auth.service import authenticate
from coldtrace_cloud.errors import AuthenticationError

SESSION_COOKIE = "coldtrace_session"
_bearer = HTTPBearer(auto_error=False, description="a coldtrace token (ct_...)")
_cookie = APIKeyCookie(
    name=SESSION_COOKIE, auto_error=False, description="the web UI's session (set by login)"
)


async def current_principal(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    cookie_token: Annotated[str | None, Depends(_cookie)],
) -> Principal:
    """The caller behind the bearer token (or the UI's session cookie), or a 401 problem."""
    token = credentials.credentials if credentials is not None else cookie_token
    if not token:
        raise HTTPException(401, "a bearer token is required", {"WWW-Authenticate": "Bearer"})
    try:
        principal = await authenticate(session, token)
    except AuthenticationError as exc:
        header = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
        raise HTTPException(401, str(exc), header) from exc
    # The lookup opened a transaction; end it so the route starts its own.
    await session.commit()
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require(permission: Permission) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that passes the principal on if its role carries ``permission``."""

    async def check(principal: CurrentPrincipal) -> Principal:
        principal.require(permission)
        return principal

    check.__name__ = f"require_{permission.name.lower()}"
    return check


ReadSites = Annotated[Principal, Depends(require(Permission.READ_SITES))]
ReadInventory = Annotated[Principal, Depends(require(Permission.READ_INVENTORY))]
ReadAudit = Annotated[Principal, Depends(require(Permission.READ_AUDIT))]
ReadUsers = Annotated[Principal, Depends(require(Permission.READ_USERS))]
ManageUsers = Annotated[Principal, Depends(require(Permission.MANAGE_USERS))]
ManageSites = Annotated[Principal, Depends(require(Permission.MANAGE_SITES))]
ManageCatalog = Annotated[Principal, Depends(require(Permission.MANAGE_CATALOG))]
ManageConsignees = Annotated[Principal, Depends(require(Permission.MANAGE_CONSIGNEES))]
ChangeLotStatus = Annotated[Principal, Depends(require(Permission.LOT_STATUS))]
Receive = Annotated[Principal, Depends(require(Permission.RECEIVE))]
Move = Annotated[Principal, Depends(require(Permission.MOVE))]
Ship = Annotated[Principal, Depends(require(Permission.SHIP))]
