"""Routes of authentication and user administration (thin: the work is in service / login)."""

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response

from coldtrace_cloud.api.deps import SessionDep
from coldtrace_cloud.auth import service
from coldtrace_cloud.auth.deps import SESSION_COOKIE, CurrentPrincipal, ManageUsers, ReadUsers
from coldtrace_cloud.auth.login import LoginPolicy, login
from coldtrace_cloud.auth.roles import ROLE_PERMISSIONS, Role
from coldtrace_cloud.auth.schemas import (
    GrantIn,
    GrantOut,
    LoginIn,
    LoginOut,
    MeOut,
    ScopeOut,
    TokenIn,
    TokenOut,
    UserDetailOut,
    UserIn,
    Username,
    UserOut,
    UserPatch,
)
from coldtrace_cloud.errors import AuthenticationError, RateLimitedError
from coldtrace_cloud.schemas.fields import Id, Limit
from coldtrace_cloud.schemas.page import Page, to_page
from coldtrace_cloud.schemas.problems import AUTHED, problem_response

router = APIRouter(tags=["auth"], responses=AUTHED)
UserPath = Annotated[Username, Path()]


@router.post("/auth/login", responses={429: problem_response("too many failed logins")})
async def post_login(
    body: LoginIn, request: Request, response: Response, session: SessionDep
) -> LoginOut:
    """Password login (web UI): a session token, also as a cookie; failures are rate limited.

    The cookie is HttpOnly (no script reads it) and SameSite=Strict (no cross-site request
    carries it, which is the UI's CSRF defence), scoped to the API's path.
    """
    policy: LoginPolicy = getattr(request.app.state, "login_policy", LoginPolicy())
    client = request.client.host if request.client else "unknown"
    try:
        row, token, user = await login(
            session,
            username=body.username,
            password=body.password,
            client_address=client,
            policy=policy,
        )
    except AuthenticationError:
        await session.commit()  # the failed attempt counts
        raise
    except RateLimitedError as exc:
        raise HTTPException(429, str(exc), {"Retry-After": str(exc.retry_after_s)}) from exc
    await session.commit()
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(policy.session_lifetime.total_seconds()),
        path="/api/",
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )
    return LoginOut(
        access_token=token, expires_at=row.expires_at, user=UserOut.model_validate(user)
    )


@router.post("/auth/logout", status_code=204)
async def post_logout(principal: CurrentPrincipal, session: SessionDep) -> Response:
    """Revoke the token of this request (and clear the UI's session cookie)."""
    if principal.token_id is not None:
        await service.revoke_token(session, principal.actor, principal.token_id)
        await session.commit()
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/api/", httponly=True, samesite="strict")
    return response


@router.get("/auth/me")
async def get_me(principal: CurrentPrincipal, session: SessionDep) -> MeOut:
    """Who am I, what may I do, where."""
    user = await service.get_user(session, principal.username)
    scope = principal.scope
    return MeOut(
        user=UserOut.model_validate(user),
        permissions=sorted(ROLE_PERMISSIONS[principal.role]),
        scope=ScopeOut(
            all_sites=scope.all_sites,
            site_ids=sorted(scope.site_ids),
            all_categories=scope.all_categories,
            categories=sorted(scope.categories),
        ),
    )


@router.get("/users")
async def get_users(
    _: ReadUsers,
    session: SessionDep,
    role: Role | None = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
) -> Page[UserOut]:
    """Users, by id."""
    return to_page(
        await service.list_users(session, role=role, cursor=cursor, limit=limit), UserOut
    )


@router.post("/users", status_code=201)
async def post_user(body: UserIn, principal: ManageUsers, session: SessionDep) -> UserOut:
    """Create a user."""
    user = await service.create_user(
        session,
        principal.actor,
        username=body.username,
        display_name=body.display_name,
        role=body.role,
        password=body.password,
    )
    await session.commit()
    return UserOut.model_validate(user)


async def _detail(session: SessionDep, username: str) -> UserDetailOut:
    user = await service.get_user(session, username)
    grants = await service.grants_of(session, user)
    return UserDetailOut(
        **UserOut.model_validate(user).model_dump(),
        grants=[GrantOut.model_validate(g) for g in grants],
    )


@router.get("/users/{username}")
async def get_user(username: UserPath, _: ReadUsers, session: SessionDep) -> UserDetailOut:
    """A user and its grants."""
    return await _detail(session, username)


@router.patch("/users/{username}")
async def patch_user(
    username: UserPath, body: UserPatch, principal: ManageUsers, session: SessionDep
) -> UserDetailOut:
    """Change a user's name, role, active flag or password (with a reason)."""
    user = await service.get_user(session, username)
    await service.update_user(
        session,
        principal.actor,
        user,
        display_name=body.display_name,
        role=body.role,
        active=body.active,
        password=body.password,
        reason=body.reason,
    )
    await session.commit()
    return await _detail(session, username)


@router.post("/users/{username}/grants", status_code=201)
async def post_grant(
    username: UserPath, body: GrantIn, principal: ManageUsers, session: SessionDep
) -> GrantOut:
    """Grant a site, region or category."""
    user = await service.get_user(session, username)
    grant = await service.add_grant(
        session, principal.actor, user, scope=body.scope, value=body.value
    )
    await session.commit()
    return GrantOut.model_validate(grant)


@router.delete("/users/{username}/grants/{grant_id}", status_code=204)
async def delete_grant(
    username: UserPath, grant_id: Id, principal: ManageUsers, session: SessionDep
) -> Response:
    """Withdraw a grant."""
    user = await service.get_user(session, username)
    await service.remove_grant(session, principal.actor, user, grant_id)
    await session.commit()
    return Response(status_code=204)


@router.post("/users/{username}/tokens", status_code=201)
async def post_token(
    username: UserPath, body: TokenIn, principal: ManageUsers, session: SessionDep
) -> TokenOut:
    """Issue an API token for a user or gateway; the token is in this response only."""
    user = await service.get_user(session, username)
    days = body.valid_for_days
    row, token = await service.issue_token(
        session,
        principal.actor,
        user,
        name=body.name,
        valid_for=timedelta(days=days) if days is not None else None,
    )
    await session.commit()
    return TokenOut(id=row.id, name=row.name, token=token, expires_at=row.expires_at)


@router.delete("/tokens/{token_id}", status_code=204)
async def delete_token(token_id: Id, principal: ManageUsers, session: SessionDep) -> Response:
    """Revoke a token."""
    await service.revoke_token(session, principal.actor, token_id)
    await session.commit()
    return Response(status_code=204)
