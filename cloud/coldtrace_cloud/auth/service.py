"""Users, grants and tokens: create, change, list; every change is audited."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor, AuditAction, record, snapshot
from coldtrace_cloud.auth.credentials import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    new_token,
    token_digest,
)
from coldtrace_cloud.auth.models import AccessGrant, ApiToken, User
from coldtrace_cloud.auth.roles import Role
from coldtrace_cloud.auth.scope import WILDCARD, Principal, resolve_scope
from coldtrace_cloud.errors import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    ValidationFailedError,
)
from coldtrace_cloud.locations.models import Site
from coldtrace_cloud.schemas.page import Slice, cursor_int, slice_of

_USER_FIELDS = ("username", "display_name", "role", "active")


def _check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailedError(
            f"a password has at least {MIN_PASSWORD_LENGTH} characters", field="password"
        )
    return hash_password(password)


async def create_user(
    session: AsyncSession,
    actor: Actor,
    *,
    username: str,
    display_name: str,
    role: Role,
    password: str | None,
) -> User:
    """A new active user (a password is optional for gateways, which use tokens)."""
    if await session.scalar(select(User.id).where(User.username == username)) is not None:
        raise ConflictError("username is taken", username=username)
    user = User(
        username=username,
        display_name=display_name,
        role=str(role),
        password_hash=_check_password(password) if password is not None else None,
        active=True,
    )
    session.add(user)
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.CREATE,
        entity_type="user",
        entity_id=user.id,
        new=snapshot(user, _USER_FIELDS),
    )
    return user


async def get_user(session: AsyncSession, username: str) -> User:
    """The user named ``username``."""
    user = await session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFoundError("no such user", username=username)
    return user


async def update_user(
    session: AsyncSession,
    actor: Actor,
    user: User,
    *,
    display_name: str | None = None,
    role: Role | None = None,
    active: bool | None = None,
    password: str | None = None,
    reason: str,
) -> User:
    """Change a user's name, role, active flag or password (audited with a reason)."""
    old = snapshot(user, _USER_FIELDS)
    if display_name is not None:
        user.display_name = display_name
    if role is not None:
        user.role = str(role)
    if active is not None:
        user.active = active
    new = snapshot(user, _USER_FIELDS)
    if password is not None:
        user.password_hash = _check_password(password)
        new["password_changed"] = True
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.UPDATE,
        entity_type="user",
        entity_id=user.id,
        old=old,
        new=new,
        reason=reason,
        reason_required=True,
    )
    return user


async def list_users(
    session: AsyncSession, *, role: Role | None = None, cursor: str | None, limit: int
) -> Slice[User]:
    """Users by id."""
    query = select(User).order_by(User.id).limit(limit + 1)
    after = cursor_int(cursor)
    if after is not None:
        query = query.where(User.id > after)
    if role is not None:
        query = query.where(User.role == str(role))
    return slice_of((await session.scalars(query)).all(), limit, lambda u: [u.id])


async def grants_of(session: AsyncSession, user: User) -> list[AccessGrant]:
    """The user's grants."""
    query = select(AccessGrant).where(AccessGrant.user_id == user.id).order_by(AccessGrant.id)
    return list((await session.scalars(query)).all())


async def add_grant(
    session: AsyncSession, actor: Actor, user: User, *, scope: str, value: str
) -> AccessGrant:
    """Grant a site (by code), a region or a product category (``*``: all of that kind)."""
    if (
        scope == "site"
        and value != WILDCARD
        and await session.scalar(select(Site.id).where(Site.code == value)) is None
    ):
        raise NotFoundError("no such site", site=value)
    existing = await session.scalar(
        select(AccessGrant).where(
            AccessGrant.user_id == user.id, AccessGrant.scope == scope, AccessGrant.value == value
        )
    )
    if existing is not None:
        return existing
    grant = AccessGrant(user_id=user.id, scope=scope, value=value)
    session.add(grant)
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.GRANT,
        entity_type="user",
        entity_id=user.id,
        new={"grant_id": grant.id, "scope": scope, "value": value},
    )
    return grant


async def remove_grant(session: AsyncSession, actor: Actor, user: User, grant_id: int) -> None:
    """Withdraw one grant of ``user``."""
    grant = await session.get(AccessGrant, grant_id)
    if grant is None or grant.user_id != user.id:
        raise NotFoundError("no such grant", grant_id=grant_id)
    old = {"grant_id": grant.id, "scope": grant.scope, "value": grant.value}
    await session.delete(grant)
    await session.flush()
    await record(
        session,
        actor=actor,
        action=AuditAction.REVOKE,
        entity_type="user",
        entity_id=user.id,
        old=old,
    )


async def issue_token(
    session: AsyncSession,
    actor: Actor,
    user: User,
    *,
    name: str,
    kind: str = "api",
    valid_for: timedelta | None = None,
) -> tuple[ApiToken, str]:
    """A new token for ``user``: the row and the token itself (returned once, never stored)."""
    token = new_token()
    expires_at = datetime.now(UTC) + valid_for if valid_for is not None else None
    row = ApiToken(
        user_id=user.id,
        name=name,
        kind=kind,
        token_sha256=token_digest(token),
        expires_at=expires_at,
    )
    session.add(row)
    await session.flush()
    if kind == "api":
        await record(
            session,
            actor=actor,
            action=AuditAction.CREATE,
            entity_type="api_token",
            entity_id=row.id,
            new={"user_id": user.id, "name": name, "expires_at": expires_at},
        )
    return row, token


async def revoke_token(session: AsyncSession, actor: Actor, token_id: int) -> ApiToken:
    """Revoke a token now (idempotent)."""
    row = await session.get(ApiToken, token_id)
    if row is None:
        raise NotFoundError("no such token", token_id=token_id)
    if row.revoked_at is None:
        row.revoked_at = datetime.now(UTC)
        await session.flush()
        if row.kind == "api":
            await record(
                session,
                actor=actor,
                action=AuditAction.REVOKE,
                entity_type="api_token",
                entity_id=row.id,
                new={"revoked_at": row.revoked_at},
            )
    return row


async def authenticate(session: AsyncSession, token: str) -> Principal:
    """The principal of a bearer token, or ``AuthenticationError``."""
    now = datetime.now(UTC)
    found = (
        await session.execute(
            select(ApiToken, User)
            .join(User, User.id == ApiToken.user_id)
            .where(ApiToken.token_sha256 == token_digest(token))
        )
    ).first()
    if found is None:
        raise AuthenticationError("unknown token")
    row, user = found
    if row.revoked_at is not None or (row.expires_at is not None and row.expires_at <= now):
        raise AuthenticationError("token expired or revoked")
    if not user.active:
        raise AuthenticationError("user is deactivated")
    return Principal(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        scope=await resolve_scope(session, user),
        token_id=row.id,
    )
