"""Each distribution declares and imports only what its place in the architecture allows."""

import ast
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
DISTS = {
    "coldtrace-protocol": ("protocol", "coldtrace_protocol"),
    "coldtrace-edge": ("edge", "coldtrace_edge"),
    "coldtrace-cloud": ("cloud", "coldtrace_cloud"),
    "coldtrace-sim": ("firmware-sim", "coldtrace_sim"),
}
# What a distribution must never depend on, declared or imported (ARCHITECTURE.md, Components).
FORBIDDEN = {
    "coldtrace-protocol": {
        "fastapi",
        "sqlalchemy",
        "paho-mqtt",
        "sllurp",
        "httpx",
        "pymodbus",
        "coldtrace-edge",
        "coldtrace-cloud",
        "coldtrace-sim",
    },
    "coldtrace-edge": {
        "fastapi",
        "sqlalchemy",
        "influxdb",
        "influxdb-client",
        "asyncpg",
        "alembic",
        "coldtrace-cloud",
        "coldtrace-sim",
    },
    "coldtrace-cloud": {"sllurp", "coldtrace-edge", "coldtrace-sim"},
    "coldtrace-sim": {"sllurp", "coldtrace-edge", "coldtrace-cloud", "fastapi", "sqlalchemy"},
}
IMPORT_NAMES = {
    "coldtrace-edge": "coldtrace_edge",
    "coldtrace-cloud": "coldtrace_cloud",
    "coldtrace-sim": "coldtrace_sim",
    "paho-mqtt": "paho",
    "influxdb-client": "influxdb_client",
}


def declared(dist: str) -> set[str]:
    folder, _ = DISTS[dist]
    project = tomllib.loads((ROOT / folder / "pyproject.toml").read_text())["project"]
    return {Requirement(r).name.lower() for r in project["dependencies"]}


def imported_top_levels(package_dir: Path) -> set[str]:
    names: set[str] = set()
    for path in package_dir.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("dist", sorted(DISTS))
def test_declared_dependencies_respect_boundaries(dist: str) -> None:
    assert declared(dist).isdisjoint(FORBIDDEN[dist])


@pytest.mark.parametrize("dist", sorted(DISTS))
def test_imports_respect_boundaries(dist: str) -> None:
    folder, package = DISTS[dist]
    imported = imported_top_levels(ROOT / folder / package)
    forbidden_imports = {IMPORT_NAMES.get(name, name) for name in FORBIDDEN[dist]}
    assert imported.isdisjoint(forbidden_imports), imported & forbidden_imports


def test_protocol_depends_on_pydantic_only() -> None:
    assert declared("coldtrace-protocol") == {"pydantic"}


def test_edge_is_gpl_because_it_links_sllurp() -> None:
    project = tomllib.loads((ROOT / "edge" / "pyproject.toml").read_text())["project"]
    assert project["license"] == "GPL-3.0-only"
    assert "sllurp" in declared("coldtrace-edge")
