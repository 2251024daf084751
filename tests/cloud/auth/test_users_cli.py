"""``coldtrace users`` / ``tokens``: a user made on the command line can use the API."""

import getpass
import json
import subprocess
import sys
from collections.abc import AsyncIterator

import httpx
import pytest

from coldtrace_cloud.settings import Settings
from tests.cloud.inventory_support.client import api_client, bearer
from tests.cloud.inventory_support.world import World, build_world
from tests.support.envvars import settings_env
from tests.support.stack import child_env


@pytest.fixture(scope="module")
def world(database_url: str) -> World:
    return build_world(database_url)


@pytest.fixture
async def api(cloud_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(cloud_settings) as client:
        yield client


def coldtrace(
    settings: Settings, *args: str, stdin: str = "", extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**child_env(), **settings_env(settings), **(extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "coldtrace_cloud", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


async def test_user_grant_and_token_from_the_command_line(
    api: httpx.AsyncClient, world: World, cloud_settings: Settings
) -> None:
    made = coldtrace(
        cloud_settings,
        "users",
        "create",
        "cli-qa",
        "--role",
        "qa",
        "--display-name",
        "Casey QA",
        "--password-stdin",
        stdin="a fine long password\n",
    )
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout.splitlines()[-1])["role"] == "qa"
    granted = coldtrace(
        cloud_settings, "users", "grant", "cli-qa", "--scope", "region", "--value", "eu-south"
    )
    assert granted.returncode == 0, granted.stderr
    issued = coldtrace(
        cloud_settings, "tokens", "create", "cli-qa", "--name", "laptop", "--days", "1"
    )
    assert issued.returncode == 0, issued.stderr
    token = json.loads(issued.stdout.splitlines()[-1])["token"]
    sites = await api.get("/sites", headers=bearer(token))
    assert [s["code"] for s in sites.json()["items"]] == ["south"]
    again = coldtrace(cloud_settings, "users", "create", "cli-qa", "--role", "qa")
    assert again.returncode == 1
    assert "taken" in again.stderr
    login = await api.post(
        "/auth/login", json={"username": "cli-qa", "password": "a fine long password"}
    )
    assert login.status_code == 200
    events = await api.get(
        "/audit/events",
        params={"actor": "system:cli:" + getpass.getuser()},
        headers=bearer(world.token("auditor")),
    )
    assert {e["action"] for e in events.json()["items"]} >= {"create", "grant"}
