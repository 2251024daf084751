"""InfluxDB v1 HTTP API client: ``/ping``, ``/write`` (line protocol), ``/query`` (InfluxQL).

InfluxDB 1.x serves this API natively and 2.x / 3 Core through their v1 compatibility endpoints,
so the cloud runs against any of them (ARCHITECTURE.md, "Stores").
"""

from types import TracebackType
from typing import Any, Self

import httpx

from coldtrace_cloud.errors import StoreUnavailableError


class InfluxClient:
    """Async client bound to one database; one per process, closed by its owner."""

    def __init__(self, base_url: str, database: str, *, timeout_s: float = 30.0) -> None:
        self.database = database
        self._http = httpx.AsyncClient(base_url=base_url, timeout=timeout_s)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def ping(self) -> bool:
        """True when the server answers ``/ping`` with 204."""
        try:
            response = await self._http.get("/ping")
        except httpx.HTTPError:
            return False
        return response.status_code == 204

    async def ensure_database(self) -> None:
        """``CREATE DATABASE`` is idempotent in InfluxQL."""
        await self.query(f'CREATE DATABASE "{self.database}"', write=True)

    async def write_lines(self, lines: str, *, precision: str = "ns") -> None:
        """POST line protocol; raise StoreUnavailableError on any failure (the caller retries)."""
        try:
            response = await self._http.post(
                "/write",
                params={"db": self.database, "precision": precision},
                content=lines.encode(),
            )
        except httpx.HTTPError as exc:
            raise StoreUnavailableError(f"InfluxDB write failed: {exc}", store="influxdb") from exc
        if response.status_code != 204:
            raise StoreUnavailableError(
                f"InfluxDB write refused ({response.status_code}): {response.text[:500]}",
                store="influxdb",
            )

    async def query(self, influxql: str, *, write: bool = False) -> list[dict[str, Any]]:
        """Run InfluxQL; returns the ``results`` list. Statements that change state use POST."""
        params = {"db": self.database, "q": influxql, "epoch": "ns"}
        try:
            if write:
                response = await self._http.post("/query", data=params)
            else:
                response = await self._http.get("/query", params=params)
        except httpx.HTTPError as exc:
            raise StoreUnavailableError(f"InfluxDB query failed: {exc}", store="influxdb") from exc
        if response.status_code != 200:
            raise StoreUnavailableError(
                f"InfluxDB query refused ({response.status_code}): {response.text[:500]}",
                store="influxdb",
            )
        results: list[dict[str, Any]] = response.json().get("results", [])
        return results
