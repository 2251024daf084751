"""Transit logger dumps: a watched folder, the importer and the ``import-dump`` command."""

from coldtrace_edge.loggers.dump_folder import DumpFolder, ImporterLock, dump_folder_path
from coldtrace_edge.loggers.dump_importer import DumpImporter, ImportOutcome, ImportResult
from coldtrace_edge.loggers.dump_watcher import DumpWatcher

__all__ = [
    "DumpFolder",
    "DumpImporter",
    "DumpWatcher",
    "ImportOutcome",
    "ImportResult",
    "ImporterLock",
    "dump_folder_path",
]
