"""Password login, session and API tokens, revocation, expiry, rate limiting, grants by API."""

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from coldtrace_cloud.auth import service as users
from coldtrace_cloud.auth.models import ApiToken, User
from coldtrace_cloud.auth.roles import Role
from coldtrace_cloud.db.engine import make_sessionmaker
from coldtrace_cloud.settings import Settings
from tests.cloud.inventory_support.client import api_client, bearer
from tests.cloud.inventory_support.world import ACTOR, PASSWORD, World, build_world


@pytest.fixture(scope="module")
def world(database_url: str) -> World:
    return build_world(database_url)


@pytest.fixture
async def api(cloud_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(cloud_settings) as client:
        yield client


async def _expired_token(database_url: str, username: str) -> str:
    engine = create_async_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            user = await users.get_user(session, username)
            _, token = await users.issue_token(
                session, ACTOR, user, name="old", valid_for=timedelta(seconds=-1)
            )
            await session.commit()
            return token
    finally:
        await engine.dispose()


async def test_login_gives_a_session_token(api: httpx.AsyncClient, world: World) -> None:
    response = await api.post("/auth/login", json={"username": "operator", "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["user"]["role"] == "operator"
    assert body["expires_at"] is not None
    me = await api.get("/auth/me", headers=bearer(body["access_token"]))
    assert me.status_code == 200
    info = me.json()
    assert "stock:receive" in info["permissions"]
    assert "shipments:write" not in info["permissions"]
    assert info["scope"]["site_ids"] == [world.north.id]  # region eu-north
    assert info["scope"]["all_categories"] is True
    logout = await api.post("/auth/logout", headers=bearer(body["access_token"]))
    assert logout.status_code == 204
    after = await api.get("/auth/me", headers=bearer(body["access_token"]))
    assert after.status_code == 401


async def test_wrong_password_and_rate_limit(
    api: httpx.AsyncClient, world: World, database_url: str
) -> None:
    engine = create_async_engine(database_url)
    async with make_sessionmaker(engine)() as session:
        await users.create_user(
            session, ACTOR, username="target", display_name="T", role=Role.QA, password=PASSWORD
        )
        await session.commit()
    await engine.dispose()
    for _ in range(5):
        wrong = await api.post("/auth/login", json={"username": "target", "password": "guess-1234"})
        assert wrong.status_code == 401
        assert wrong.headers["content-type"] == "application/problem+json"
    blocked = await api.post("/auth/login", json={"username": "target", "password": PASSWORD})
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    unknown = await api.post("/auth/login", json={"username": "nobody", "password": "x"})
    assert unknown.status_code == 401


async def test_revoked_expired_and_deactivated(
    api: httpx.AsyncClient, world: World, database_url: str
) -> None:
    admin = bearer(world.token("admin"))
    issued = await api.post("/users/auditor/tokens", json={"name": "report"}, headers=admin)
    assert issued.status_code == 201
    token = issued.json()["token"]
    assert (await api.get("/audit/verify", headers=bearer(token))).status_code == 200
    revoked = await api.delete(f"/tokens/{issued.json()['id']}", headers=admin)
    assert revoked.status_code == 204
    assert (await api.get("/audit/verify", headers=bearer(token))).status_code == 401
    expired = await _expired_token(database_url, "auditor")
    assert (await api.get("/sites", headers=bearer(expired))).status_code == 401
    off = await api.patch(
        "/users/gateway", json={"active": False, "reason": "gateway retired"}, headers=admin
    )
    assert off.status_code == 200
    assert (await api.get("/sites", headers=bearer(world.token("gateway")))).status_code == 401
    no_reason = await api.patch("/users/qa", json={"active": False, "reason": " "}, headers=admin)
    assert no_reason.status_code == 422


async def test_tokens_are_stored_hashed(
    api: httpx.AsyncClient, world: World, database_url: str
) -> None:
    engine = create_async_engine(database_url)
    async with make_sessionmaker(engine)() as session:
        digests = (await session.scalars(select(ApiToken.token_sha256))).all()
        hashes = (
            await session.scalars(select(User.password_hash).where(User.username == "operator"))
        ).all()
    await engine.dispose()
    assert world.token("qa") not in digests
    assert all(len(d) == 64 for d in digests)
    assert hashes[0] is not None
    assert hashes[0].startswith("$argon2id$")


async def test_admin_creates_a_user_with_grants(api: httpx.AsyncClient, world: World) -> None:
    admin = bearer(world.token("admin"))
    created = await api.post(
        "/users",
        json={
            "username": "kim",
            "display_name": "Kim Lee",
            "role": "logistics",
            "password": "a long enough password",
        },
        headers=admin,
    )
    assert created.status_code == 201
    duplicate = await api.post(
        "/users", json={"username": "kim", "display_name": "K", "role": "qa"}, headers=admin
    )
    assert duplicate.status_code == 409
    unknown_site = await api.post(
        "/users/kim/grants", json={"scope": "site", "value": "atlantis"}, headers=admin
    )
    assert unknown_site.status_code == 404
    grant = await api.post(
        "/users/kim/grants", json={"scope": "site", "value": "south"}, headers=admin
    )
    assert grant.status_code == 201
    login = await api.post(
        "/auth/login", json={"username": "kim", "password": "a long enough password"}
    )
    kim = bearer(login.json()["access_token"])
    sites = (await api.get("/sites", headers=kim)).json()["items"]
    assert [s["code"] for s in sites] == ["south"]
    assert (await api.get("/sites/north", headers=kim)).status_code == 403
    detail = (await api.get("/users/kim", headers=admin)).json()
    assert [(g["scope"], g["value"]) for g in detail["grants"]] == [("site", "south")]
    removed = await api.delete(f"/users/kim/grants/{grant.json()['id']}", headers=admin)
    assert removed.status_code == 204
    assert (await api.get("/sites", headers=kim)).json()["items"] == []
    listed = (await api.get("/users", params={"role": "logistics"}, headers=admin)).json()
    assert {u["username"] for u in listed["items"]} >= {"kim", "logistics"}
