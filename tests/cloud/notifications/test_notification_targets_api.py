"""Notification targets over HTTP: a webhook needs a real secret, which is never shown again;
a deactivated target stays listed, inactive."""

from collections.abc import AsyncIterator

import httpx
import pytest

from coldtrace_cloud.settings import Settings
from tests.cloud.inventory_support.client import api_client, bearer
from tests.cloud.inventory_support.world import World, build_world


@pytest.fixture(scope="module")
def world(database_url: str) -> World:
    return build_world(database_url)


@pytest.fixture
async def api(cloud_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(cloud_settings) as client:
        yield client


async def test_targets_are_added_listed_and_deactivated(
    api: httpx.AsyncClient, world: World
) -> None:
    qa = bearer(world.token("qa"))
    hook = {"channel": "webhook", "address": "https://hooks.test.invalid/ct"}
    weak = await api.post("/notification-targets", json=hook | {"secret": "short"}, headers=qa)
    assert weak.status_code == 422
    made = await api.post("/notification-targets", json=hook | {"secret": "s" * 32}, headers=qa)
    assert made.status_code == 201, made.text
    assert "secret" not in made.json()
    mail = {"channel": "email", "address": "qa-head@test.invalid", "escalation": True}
    assert (await api.post("/notification-targets", json=mail, headers=qa)).status_code == 201
    gone = await api.delete(f"/notification-targets/{made.json()['id']}", headers=qa)
    assert gone.json()["active"] is False
    listed = (await api.get("/notification-targets", headers=qa)).json()
    assert [(t["channel"], t["active"]) for t in listed] == [("email", True), ("webhook", False)]
