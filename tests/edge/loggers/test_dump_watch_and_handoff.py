"""The watched folder (inotify) and the ``import-dump`` command, with and without an agent."""

import asyncio
import contextlib
import os
import sys
from pathlib import Path

from coldtrace_edge.loggers import DumpImporter, DumpWatcher
from coldtrace_edge.settings import Settings
from coldtrace_edge.uplink.outbox import Outbox
from tests.edge.loggers.simdumps import drop, landed_readings, recorded_dump


async def wait_for_pending(outbox: Outbox, count: int) -> None:
    """Until the outbox holds ``count`` pending items (woken by its own event, no polling)."""
    async with asyncio.timeout(30):
        while True:
            outbox.pending_event.clear()
            if (await outbox.stats()).pending_items >= count:
                return
            await outbox.pending_event.wait()


@contextlib.asynccontextmanager
async def running_watcher(importer: DumpImporter, **options):
    """The agent's dump producer, running in this event loop."""
    watcher = DumpWatcher(importer, **options)
    task = asyncio.create_task(watcher.run(), name="dump-watcher-under-test")
    try:
        yield watcher
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def import_dump_cli(file: Path, data_dir: Path) -> tuple[int, str, str]:
    """Run ``coldtrace-edge import-dump`` as its own process (the loop keeps running meanwhile)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COLDTRACE_EDGE_")}
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "coldtrace_edge",
        "import-dump",
        str(file),
        "--data-dir",
        str(data_dir),
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await proc.communicate()
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def test_backlog_and_new_drops_are_imported(importer, dump_folder, outbox):
    waiting = recorded_dump("CTL-000001")
    drop(waiting, dump_folder.root)  # arrived while the agent was down
    async with running_watcher(importer):
        await wait_for_pending(outbox, waiting.reading_count)
        # Dropped first and sorted first ("0" < "C"), so it is handled before the good one.
        bad = dump_folder.root / "0-bad.json"
        bad.write_text("{")  # closed after writing: IN_CLOSE_WRITE
        fresh = recorded_dump("CTL-000002")
        drop(fresh, dump_folder.root)  # renamed in: IN_MOVED_TO
        await wait_for_pending(outbox, waiting.reading_count + fresh.reading_count)
    serials = {r.sensor_id for r in await landed_readings(outbox)}
    assert serials == {"CTL-000001", "CTL-000002"}
    assert (dump_folder.rejected / "0-bad.json.reason.txt").exists()
    assert dump_folder.candidates() == []


async def test_polling_fallback_without_inotify(importer, dump_folder, outbox):
    async with running_watcher(importer, inotify=False, poll_interval_s=0.05):
        dump = recorded_dump()
        drop(dump, dump_folder.root)
        await wait_for_pending(outbox, dump.reading_count)


async def test_cli_hands_over_to_the_running_agent(
    importer, outbox, edge_settings: Settings, tmp_path
):
    dump = recorded_dump()
    original = drop(dump, tmp_path)
    async with running_watcher(importer) as watcher:
        await watcher.watching.wait()  # the agent holds the importer lock
        code, out, _ = await import_dump_cli(original, edge_settings.data_dir)
        assert code == 0
        assert "the agent is running: handed over" in out
        await wait_for_pending(outbox, dump.reading_count)
    assert len(await landed_readings(outbox)) == dump.reading_count
    assert original.exists()  # the operator's file is left alone


async def test_cli_imports_itself_when_no_agent_runs(edge_settings: Settings, tmp_path):
    dump = recorded_dump()
    original = drop(dump, tmp_path)
    code, out, _ = await import_dump_cli(original, edge_settings.data_dir)
    assert code == 0, out
    assert f"imported {dump.reading_count} readings of logger CTL-000123" in out
    again, _, err = await import_dump_cli(original, edge_settings.data_dir)
    assert again == 1
    assert "rejected (already-imported)" in err
    broken = tmp_path / "broken.json"
    broken.write_text(dump.to_json()[:-200])
    code, _, err = await import_dump_cli(broken, edge_settings.data_dir)
    assert code == 1
    assert "rejected (not-parsable)" in err
    outbox = Outbox(edge_settings.data_dir / "outbox.sqlite3", gateway_id=edge_settings.gateway_id)
    try:
        assert len(await landed_readings(outbox)) == dump.reading_count
    finally:
        await outbox.close()
