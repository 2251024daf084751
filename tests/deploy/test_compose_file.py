"""docker-compose.yml is valid and every service runs a command this project provides."""

import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE_DIST = {
    "cloud/Dockerfile": "cloud",
    "edge/Dockerfile": "edge",
    "firmware-sim/Dockerfile": "firmware-sim",
}
REQUIRED = {
    "mosquitto",
    "postgres",
    "influxdb",
    "cloud-api",
    "cloud-ingest",
    "edge",
    "sim",
    "grafana",
}


def compose() -> dict[str, dict[str, object]]:
    services: dict[str, dict[str, object]] = yaml.safe_load(
        (ROOT / "docker-compose.yml").read_text()
    )["services"]
    return services


def test_compose_config_is_valid() -> None:
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.fail("docker-compose missing: `scripts/stack test-tools` installs it")
    env = {
        **os.environ,
        "COLDTRACE_DB_PASSWORD": "p1",
        "COLDTRACE_MQTT_CLOUD_PASSWORD": "p2",
        "COLDTRACE_MQTT_GATEWAY_PASSWORD": "p3",
    }
    result = subprocess.run(
        [binary, "-f", "docker-compose.yml", "config", "-q"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_every_service_is_there_and_sim_is_a_profile() -> None:
    services = compose()
    assert services.keys() >= REQUIRED
    assert services["sim"]["profiles"] == ["sim"]


def test_commands_exist_in_the_project() -> None:
    for name, service in compose().items():
        build = service.get("build")
        if not isinstance(build, dict):
            continue
        folder = DOCKERFILE_DIST[str(build["dockerfile"])]
        assert (ROOT / str(build["dockerfile"])).is_file()
        scripts = tomllib.loads((ROOT / folder / "pyproject.toml").read_text())["project"][
            "scripts"
        ]
        command = service["command"]
        assert isinstance(command, list)
        assert command[0] in scripts, f"{name}: {command[0]} is not a console script of {folder}"
        for arg in command[1:]:
            if arg.startswith("/app/"):
                assert (ROOT / arg.removeprefix("/app/")).exists(), f"{name}: {arg} missing"


def test_grafana_provisioning_files_are_there() -> None:
    grafana = compose()["grafana"]
    volumes = grafana["volumes"]
    assert isinstance(volumes, list)
    for volume in volumes:
        source = str(volume).split(":")[0]
        assert (ROOT / source).exists(), source
