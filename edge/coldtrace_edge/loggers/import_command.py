"""``coldtrace-edge import-dump FILE``: hand a transit logger dump to the gateway's importer.

The agent owns the outbox. When it runs (it holds the dump folder's importer lock), the command
copies the file atomically into the watched folder and the agent imports it; the command never
opens the outbox then. When no agent runs, the command takes the lock itself, copies the file in
the same way and imports it at once with the same importer, so the outcome is printed and the
file ends up in ``imported/`` or ``rejected/`` either way. The original file is left untouched.

Exit status: 0 imported or handed over, 1 rejected, 2 bad arguments, 3 deferred (outbox full:
the copy waits in the folder and is imported when the agent runs).
"""

import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from coldtrace_edge.loggers.dump_folder import DumpFolder, ImporterLock, dump_folder_path
from coldtrace_edge.loggers.dump_importer import DumpImporter, ImportOutcome, ImportResult
from coldtrace_edge.settings import Settings

if TYPE_CHECKING:
    import argparse

EXIT_CODES = {ImportOutcome.IMPORTED: 0, ImportOutcome.REJECTED: 1, ImportOutcome.DEFERRED: 3}


def add_import_dump_parser(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Register the ``import-dump`` sub-command."""
    parser = sub.add_parser(
        "import-dump", help="import a transit logger dump (JSON or CSV) into the outbox"
    )
    parser.add_argument("file", type=Path, help="the dump file (left untouched)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="the agent's data folder (COLDTRACE_EDGE_DATA_DIR)",
    )


def run_import_dump(settings: Settings, file: Path, data_dir: Path | None = None) -> int:
    """Hand ``file`` to the running agent, or import it now; print what happened."""
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": data_dir})
    if not file.is_file():
        print(f"coldtrace-edge import-dump: {file}: no such file", file=sys.stderr)
        return 2
    folder = DumpFolder(dump_folder_path(settings))
    folder.ensure()
    with ImporterLock(folder.lock_path) as lock:
        if not lock.try_acquire():
            staged = folder.hand_over(file)
            print(f"the agent is running: handed over as {staged}; it imports it from there")
            return 0
        staged = folder.hand_over(file)
        result = asyncio.run(_import_now(settings, folder, staged))
    _report(result)
    return EXIT_CODES[result.outcome]


async def _import_now(settings: Settings, folder: DumpFolder, staged: Path) -> ImportResult:
    from coldtrace_edge.app import open_outbox  # the agent's own outbox location and limits

    outbox = open_outbox(settings)
    try:
        importer = DumpImporter(folder, outbox, max_bytes=settings.logger_dump_max_bytes)
        return await importer.import_file(staged)
    finally:
        await outbox.close()


def _report(result: ImportResult) -> None:
    if result.outcome is ImportOutcome.IMPORTED:
        print(f"{result.message}; kept as {result.path}")
    elif result.outcome is ImportOutcome.REJECTED:
        print(f"rejected ({result.reason}): {result.message}", file=sys.stderr)
        print(f"moved aside to {result.path} (see {result.path.name}.reason.txt)", file=sys.stderr)
    else:
        print(f"deferred: {result.message}; {result.path} waits for the agent", file=sys.stderr)
