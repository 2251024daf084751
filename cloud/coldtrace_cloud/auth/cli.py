"""``coldtrace users ...`` and ``coldtrace tokens ...``: accounts, grants and API tokens.

Passwords are read from standard input (``--password-stdin``) or an environment variable
(``--password-env NAME``), never from the command line, where other users could see them.
"""

import argparse
import asyncio
import getpass
import json
import os
import sys
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.audit import Actor
from coldtrace_cloud.auth import service
from coldtrace_cloud.auth.roles import Role
from coldtrace_cloud.db.engine import engine_scope, make_sessionmaker
from coldtrace_cloud.errors import DomainError
from coldtrace_cloud.settings import get_settings


def _actor() -> Actor:
    return Actor.system(f"cli:{getpass.getuser()}")


def _run(work: Callable[[AsyncSession], Awaitable[dict[str, Any]]]) -> int:
    async def main() -> dict[str, Any]:
        async with engine_scope(get_settings()) as engine, make_sessionmaker(engine)() as session:
            result = await work(session)
            await session.commit()
            return result

    try:
        result = asyncio.run(main())
    except DomainError as exc:
        sys.stderr.write(f"coldtrace: {exc} {exc.data}\n")
        return 1
    sys.stdout.write(json.dumps(result, default=str) + "\n")
    return 0


def _password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if args.password_env:
        return os.environ[args.password_env]
    return None


def _create_user(args: argparse.Namespace) -> int:
    async def work(session: AsyncSession) -> dict[str, Any]:
        user = await service.create_user(
            session,
            _actor(),
            username=args.username,
            display_name=args.display_name or args.username,
            role=Role(args.role),
            password=_password(args),
        )
        return {"id": user.id, "username": user.username, "role": user.role}

    return _run(work)


def _grant(args: argparse.Namespace) -> int:
    async def work(session: AsyncSession) -> dict[str, Any]:
        user = await service.get_user(session, args.username)
        grant = await service.add_grant(session, _actor(), user, scope=args.scope, value=args.value)
        return {"grant_id": grant.id, "scope": grant.scope, "value": grant.value}

    return _run(work)


def _create_token(args: argparse.Namespace) -> int:
    async def work(session: AsyncSession) -> dict[str, Any]:
        user = await service.get_user(session, args.username)
        valid = timedelta(days=args.days) if args.days else None
        row, token = await service.issue_token(
            session, _actor(), user, name=args.name, valid_for=valid
        )
        return {"token_id": row.id, "token": token, "expires_at": row.expires_at}

    return _run(work)


def _revoke_token(args: argparse.Namespace) -> int:
    async def work(session: AsyncSession) -> dict[str, Any]:
        row = await service.revoke_token(session, _actor(), args.token_id)
        return {"token_id": row.id, "revoked_at": row.revoked_at}

    return _run(work)


def register(subparsers: "argparse._SubParsersAction[Any]") -> None:
    """Add ``users create|grant`` and ``tokens create|revoke``."""
    users = subparsers.add_parser("users", help="user accounts and grants")
    users_sub = users.add_subparsers(dest="users_command", required=True)
    create = users_sub.add_parser("create", help="create a user")
    create.add_argument("username")
    create.add_argument("--role", required=True, choices=[r.value for r in Role])
    create.add_argument("--display-name", help="printed name (e-signatures)")
    secret = create.add_mutually_exclusive_group()
    secret.add_argument("--password-stdin", action="store_true", help="read the password")
    secret.add_argument("--password-env", metavar="NAME", help="take it from this variable")
    create.set_defaults(run=_create_user)
    grant = users_sub.add_parser("grant", help="grant a site, region or product category")
    grant.add_argument("username")
    grant.add_argument("--scope", required=True, choices=["site", "region", "category"])
    grant.add_argument("--value", required=True, help="site code, region, category, or *")
    grant.set_defaults(run=_grant)
    tokens = subparsers.add_parser("tokens", help="API tokens")
    tokens_sub = tokens.add_subparsers(dest="tokens_command", required=True)
    token = tokens_sub.add_parser("create", help="issue a token (printed once)")
    token.add_argument("username")
    token.add_argument("--name", required=True)
    token.add_argument("--days", type=int, help="lifetime in days (default: no expiry)")
    token.set_defaults(run=_create_token)
    revoke = tokens_sub.add_parser("revoke", help="revoke a token")
    revoke.add_argument("token_id", type=int)
    revoke.set_defaults(run=_revoke_token)
