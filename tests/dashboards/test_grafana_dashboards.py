"""Grafana cannot run here: check the provisioning and dashboards' structure, and run every
panel query (macros filled in) against the real InfluxDB so a bad InfluxQL query fails here."""

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from coldtrace_cloud.timeseries.readings import MEASUREMENT
from devstack.cli import Stack

GRAFANA = Path(__file__).resolve().parents[2] / "dashboards" / "grafana"
DASHBOARDS = sorted((GRAFANA / "dashboards").glob("*.json"))
FIELDS = {"temperature_c", "humidity_pct", "battery_low", "door_open"}


def datasource() -> dict[str, Any]:
    provisioning = yaml.safe_load((GRAFANA / "provisioning/datasources/influxdb.yaml").read_text())
    (source,) = provisioning["datasources"]
    return dict(source)


def load(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text()))


def targets(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for panel in dashboard["panels"] for t in panel["targets"]]


def test_provisioning_names_an_influxql_source_and_the_dashboard_folder() -> None:
    source = datasource()
    assert source["type"] == "influxdb"
    assert source["name"] == source["uid"] == "coldtrace-influxdb"
    assert source["jsonData"]["dbName"] == "coldtrace"
    providers = yaml.safe_load((GRAFANA / "provisioning/dashboards/coldtrace.yaml").read_text())
    assert providers["providers"][0]["options"]["path"] == "/var/lib/grafana/dashboards"
    assert {p.stem for p in DASHBOARDS} >= {"cold-rooms", "shipments"}


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.stem)
def test_dashboard_structure(path: Path) -> None:
    dashboard = load(path)
    uid = datasource()["uid"]
    assert dashboard["uid"].startswith("coldtrace-")
    assert dashboard["title"]
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    for panel in dashboard["panels"]:
        assert panel["type"] in {"timeseries", "stat"}
        assert set(panel["gridPos"]) == {"x", "y", "w", "h"}
        assert panel["gridPos"]["x"] + panel["gridPos"]["w"] <= 24
        assert panel["datasource"]["uid"] == uid
        assert panel["targets"], panel["title"]
    for variable in dashboard["templating"]["list"]:
        assert variable["datasource"]["uid"] == uid
        assert variable["query"].startswith("SHOW TAG VALUES FROM")
    for target in targets(dashboard):
        assert target["datasource"]["uid"] == uid
        assert target["rawQuery"] is True
        query = target["query"]
        assert query.startswith("SELECT ")
        assert f'FROM "{MEASUREMENT}"' in query
        assert "$timeFilter" in query
        assert set(re.findall(r'\("(\w+)"\)', query)) <= FIELDS


def fill_macros(query: str) -> str:
    """What Grafana substitutes before sending the query."""
    query = query.replace("$timeFilter", "time > now() - 1h").replace("$__interval", "1m")
    return re.sub(r"\$\{\w+:regex\}", "probe-1", query)


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.stem)
def test_every_query_runs_on_influxdb(path: Path, stack: Stack, influx_database: str) -> None:
    dashboard = load(path)
    queries = [fill_macros(t["query"]) for t in targets(dashboard)]
    queries += [v["query"] for v in dashboard["templating"]["list"]]
    for query in queries:
        response = httpx.post(
            f"{stack.influx.url}/query", data={"q": query, "db": influx_database}, timeout=10
        )
        assert response.status_code == 200, (query, response.text)
        for result in response.json()["results"]:
            assert "error" not in result, (query, result)
