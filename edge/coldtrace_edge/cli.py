"""``coldtrace-edge``: run the gateway agent, or hand it a transit logger dump."""

import argparse
import asyncio
import sys

from coldtrace_edge.loggers.import_command import add_import_dump_parser, run_import_dump
from coldtrace_edge.settings import get_settings
from coldtrace_protocol.logsetup import configure_logging


def build_parser() -> argparse.ArgumentParser:
    """Sub-commands of ``coldtrace-edge``."""
    parser = argparse.ArgumentParser(prog="coldtrace-edge", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run the gateway agent until SIGTERM")
    add_import_dump_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``coldtrace-edge`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = get_settings()
    if args.command == "import-dump":
        configure_logging(settings.log_level, stream=sys.stderr)  # stdout: the outcome
        return run_import_dump(settings, args.file, args.data_dir)
    configure_logging(settings.log_level)
    from coldtrace_edge.app import main_async  # keeps --help free of paho

    return asyncio.run(main_async(settings))


if __name__ == "__main__":
    sys.exit(main())
