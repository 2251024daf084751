"""Fixtures for logger dump import: a real outbox and dump folder under the test's data folder."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from coldtrace_edge.loggers import DumpFolder, DumpImporter, dump_folder_path
from coldtrace_edge.settings import Settings
from coldtrace_edge.uplink.outbox import Outbox
from tests.edge.loggers.simdumps import IMPORTED_AT


@pytest.fixture
def edge_settings(tmp_path: Path) -> Settings:
    """An edge whose data folder is the test's own."""
    return Settings(gateway_id="gw-dumps-1", data_dir=tmp_path / "edge-data")


@pytest.fixture
def dump_folder(edge_settings: Settings) -> DumpFolder:
    """The watched folder, created."""
    folder = DumpFolder(dump_folder_path(edge_settings))
    folder.ensure()
    return folder


@pytest.fixture
async def outbox(edge_settings: Settings) -> AsyncIterator[Outbox]:
    """The agent's outbox, where the CLI would open it too."""
    box = Outbox(edge_settings.data_dir / "outbox.sqlite3", gateway_id=edge_settings.gateway_id)
    yield box
    await box.close()


@pytest.fixture
def importer(dump_folder: DumpFolder, outbox: Outbox) -> DumpImporter:
    """The importer with a fixed import time."""
    return DumpImporter(dump_folder, outbox, max_bytes=1 << 20, now=lambda: IMPORTED_AT)
