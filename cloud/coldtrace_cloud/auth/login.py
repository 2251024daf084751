"""Password login with rate limiting, issuing a session token for the web UI.

Attempts are kept in PostgreSQL, so every API replica sees the same counts (no per-process
state). A username is locked after ``max_failures_per_user`` failures since its last success
inside the window; a client address after ``max_failures_per_client`` failures, whatever the
usernames (password spraying).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor, AuditAction, record
from coldtrace_cloud.auth.credentials import verify_password
from coldtrace_cloud.auth.models import ApiToken, LoginAttempt, User
from coldtrace_cloud.auth.service import issue_token
from coldtrace_cloud.errors import AuthenticationError, RateLimitedError


@dataclass(frozen=True)
class LoginPolicy:
    """Rate limits and the lifetime of session tokens."""

    window: timedelta = timedelta(minutes=15)
    max_failures_per_user: int = 5
    max_failures_per_client: int = 20
    session_lifetime: timedelta = timedelta(hours=12)


async def _failures(
    session: AsyncSession, since: datetime, *conditions: ColumnElement[bool]
) -> tuple[int, datetime | None]:
    query = select(func.count(), func.min(LoginAttempt.attempted_at)).where(
        LoginAttempt.attempted_at >= since, LoginAttempt.succeeded.is_(False), *conditions
    )
    count, oldest = (await session.execute(query)).one()
    return int(count), oldest


async def _check_limits(
    session: AsyncSession, policy: LoginPolicy, username: str, client: str, now: datetime
) -> None:
    since = now - policy.window
    last_success = await session.scalar(
        select(func.max(LoginAttempt.attempted_at)).where(
            LoginAttempt.username == username, LoginAttempt.succeeded.is_(True)
        )
    )
    user_since = max(since, last_success) if last_success is not None else since
    for count, oldest, limit in (
        (
            *await _failures(session, user_since, LoginAttempt.username == username),
            policy.max_failures_per_user,
        ),
        (
            *await _failures(session, since, LoginAttempt.client_address == client),
            policy.max_failures_per_client,
        ),
    ):
        if count >= limit and oldest is not None:
            retry = int((oldest + policy.window - now).total_seconds()) + 1
            raise RateLimitedError("too many failed logins; try later", retry_after_s=max(retry, 1))


async def login(
    session: AsyncSession,
    *,
    username: str,
    password: str,
    client_address: str,
    policy: LoginPolicy,
) -> tuple[ApiToken, str, User]:
    """Check the password and issue a session token; failures are recorded and counted.

    The attempt is recorded in the caller's transaction: the caller commits it also when this
    raises ``AuthenticationError`` (that is what makes the rate limit work).
    """
    now = datetime.now(UTC)
    await _check_limits(session, policy, username, client_address, now)
    user = await session.scalar(select(User).where(User.username == username))
    ok = verify_password(user.password_hash if user else None, password)
    ok = ok and user is not None and user.active
    session.add(
        LoginAttempt(
            username=username[:64],
            client_address=client_address[:64],
            attempted_at=now,
            succeeded=ok,
        )
    )
    await session.flush()
    if not ok or user is None:
        raise AuthenticationError("wrong username or password")
    token_row, token = await issue_token(
        session,
        Actor(name=user.username, user_id=user.id),
        user,
        name="login",
        kind="session",
        valid_for=policy.session_lifetime,
    )
    await record(
        session,
        actor=Actor(name=user.username, user_id=user.id),
        action=AuditAction.CREATE,
        entity_type="session",
        entity_id=token_row.id,
        new={"client_address": client_address, "expires_at": token_row.expires_at},
    )
    return token_row, token, user
