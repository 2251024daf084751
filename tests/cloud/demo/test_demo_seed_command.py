"""``coldtrace demo-seed``: a usable demo world, seeded once, audited, with working logins."""

import json
import subprocess
import sys
from collections.abc import AsyncIterator

import httpx
import pytest

from coldtrace_cloud.settings import Settings
from tests.cloud.inventory_support.client import api_client, bearer
from tests.support.envvars import settings_env
from tests.support.stack import child_env

PASSWORD = "demo password for tests"


@pytest.fixture
async def api(cloud_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(cloud_settings) as client:
        yield client


def seed(settings: Settings) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "coldtrace_cloud", "demo-seed"],
        env={**child_env(), **settings_env(settings), "COLDTRACE_DEMO_PASSWORD": PASSWORD},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return report


async def test_demo_world(api: httpx.AsyncClient, cloud_settings: Settings) -> None:
    first = seed(cloud_settings)
    assert first["created"] is True
    assert first["shipments"] == ["SHP-DEMO-001", "SHP-DEMO-002", "SHP-DEMO-003"]
    assert seed(cloud_settings)["created"] is False
    login = await api.post("/auth/login", json={"username": "qa", "password": PASSWORD})
    assert login.status_code == 200
    qa = bearer(login.json()["access_token"])
    sites = (await api.get("/sites", headers=qa)).json()["items"]
    assert {s["code"] for s in sites} == {"site-demo", "site-hub"}
    held = (await api.get("/inventory/quarantined", headers=qa)).json()["items"]
    assert len(held) == 1
    delivered = (await api.get("/shipments/SHP-DEMO-001", headers=qa)).json()
    assert delivered["status"] == "delivered"
    lot_id = delivered["contents"][0]["lot_id"]
    forward = (await api.get(f"/trace/lots/{lot_id}/forward", headers=qa)).json()
    assert forward["consignees"][0]["consignee_code"] == "hosp-charite"
    verify = (await api.get("/audit/verify", headers=qa)).json()
    assert verify["ok"] is True
    assert verify["rows_checked"] > 150
