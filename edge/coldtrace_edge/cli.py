"""``coldtrace-edge``: run the gateway agent (more sub-commands join as the edge grows)."""

import argparse
import asyncio
import sys

from coldtrace_edge.settings import get_settings
from coldtrace_protocol.logsetup import configure_logging


def build_parser() -> argparse.ArgumentParser:
    """Sub-commands of ``coldtrace-edge``."""
    parser = argparse.ArgumentParser(prog="coldtrace-edge", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run the gateway agent until SIGTERM")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``coldtrace-edge`` console script."""
    parser = build_parser()
    parser.parse_args(argv)
    settings = get_settings()
    configure_logging(settings.log_level)
    from coldtrace_edge.app import main_async  # keeps --help free of paho

    return asyncio.run(main_async(settings))


if __name__ == "__main__":
    sys.exit(main())
