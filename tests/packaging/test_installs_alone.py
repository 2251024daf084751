"""Each deployable builds into a wheel and installs into an empty environment on its own."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UV = [sys.executable, "-m", "uv"]
# dist -> (modules that must import, distributions that must be absent)
CASES = {
    "coldtrace-edge": (
        ["coldtrace_edge.app", "coldtrace_edge.cli"],
        {"fastapi", "sqlalchemy", "asyncpg", "influxdb"},
    ),
    "coldtrace-cloud": (["coldtrace_cloud.app", "coldtrace_cloud.cli"], {"sllurp"}),
    "coldtrace-sim": (["coldtrace_sim.cli"], {"sllurp", "fastapi", "sqlalchemy"}),
}


def uv(*args: str, cwd: Path = ROOT) -> str:
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    env.pop("VIRTUAL_ENV", None)
    result = subprocess.run(
        [*UV, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheels")
    for dist in ["coldtrace-protocol", *CASES]:
        uv("build", "--package", dist, "--wheel", "--out-dir", str(out), "--quiet")
    return out


@pytest.mark.parametrize("dist", sorted(CASES))
def test_installs_without_the_others(dist: str, wheels: Path, tmp_path: Path) -> None:
    modules, absent = CASES[dist]
    venv = tmp_path / "venv"
    uv("venv", "--quiet", "--python", sys.executable, str(venv))
    python = str(venv / "bin" / "python")
    wheel_files = [
        str(p)
        for p in wheels.glob("*.whl")
        if p.name.startswith(("coldtrace_protocol", dist.replace("-", "_")))
    ]
    uv("pip", "install", "--quiet", "--python", python, *wheel_files)
    installed = {
        line.split("==")[0].lower() for line in uv("pip", "freeze", "--python", python).splitlines()
    }
    assert installed.isdisjoint(absent), installed & absent
    for module in modules:
        subprocess.run([python, "-c", f"import {module}"], check=True, timeout=60)
