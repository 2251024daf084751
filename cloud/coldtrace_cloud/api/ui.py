"""Serves the web UI: the built dashboards when configured, otherwise a small landing page."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

_LANDING = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>coldtrace</title></head>
<body><h1>coldtrace</h1>
<p>Cold-chain and RFID traceability. The web UI is not built in this deployment.</p>
<ul><li><a href="/docs">API documentation</a></li>
<li><a href="/api/v1/health">Health</a></li></ul></body></html>
"""


def mount_ui(app: FastAPI, ui_dir: str | None) -> None:
    """Mount ``ui_dir`` at ``/`` (after the API routes), or the landing page."""
    if ui_dir and (Path(ui_dir) / "index.html").exists():
        app.mount("/", StaticFiles(directory=ui_dir, html=True), name="ui")
        return

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def landing() -> str:
        return _LANDING
