"""The live API process against its own OpenAPI document (schemathesis): no 5xx, every response
documented and matching its schema, for random valid and invalid requests to every operation.
"""

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from coldtrace_cloud.settings import Settings
from tests.cloud.inventory_support.world import World, build_world
from tests.support.envvars import settings_env
from tests.support.processes import ProcessManager

# Revoking the caller's own token would turn the rest of the run into 401s.
SKIPPED = {("POST", "/api/v1/auth/logout"), ("DELETE", "/api/v1/tokens/{token_id}")}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def world(database_url: str) -> World:
    return build_world(database_url)


@pytest.fixture
def api_url(cloud_settings: Settings, processes: ProcessManager) -> str:
    api = processes.python("api", "coldtrace_cloud", "api", env=settings_env(cloud_settings))
    api.wait_for_log(r"Uvicorn running|api ready", timeout_s=60)
    return f"http://127.0.0.1:{cloud_settings.api_port}"


def test_every_operation_keeps_its_contract(api_url: str, world: World) -> None:
    schema = schemathesis.openapi.from_url(f"{api_url}/openapi.json")
    headers = {"Authorization": f"Bearer {world.token('admin')}"}
    checked = 0
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # a broken schema fails here
        if (operation.method.upper(), operation.path) in SKIPPED:
            continue
        for mode, examples in ((GenerationMode.POSITIVE, 4), (GenerationMode.NEGATIVE, 2)):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=examples,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            def check(case: schemathesis.Case[Any]) -> None:
                case.call_and_validate(base_url=api_url, headers=headers, checks=CHECKS, timeout=10)

            try:
                check()
            except Unsatisfiable:
                # Nothing to make invalid (an operation without parameters or body).
                assert mode == GenerationMode.NEGATIVE, operation.label
        checked += 1
    assert checked >= 60
