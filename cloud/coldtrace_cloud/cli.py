"""``coldtrace``: the cloud's command line (API server, ingest worker, migrations, admin tasks)."""

import argparse
import asyncio
import gc
import importlib
import logging
import sys

from coldtrace_cloud.settings import get_settings
from coldtrace_protocol.logsetup import configure_logging


def _api(_: argparse.Namespace) -> int:
    import uvicorn  # only the API process needs the server

    from coldtrace_cloud.app import create_app

    settings = get_settings()
    app = create_app(settings)
    # Everything imported and built so far lives as long as the process: keep it out of the
    # cyclic GC's full collections, which otherwise rescan it during requests (measured: every
    # other month-long history request paid ~70 ms for it).
    gc.collect()
    gc.freeze()
    uvicorn.run(
        app,
        host=settings.api_host,
        port=settings.api_port,
        log_config=None,
        proxy_headers=True,
    )
    return 0


def _migrate(_: argparse.Namespace) -> int:
    from coldtrace_cloud.db.engine import engine_scope
    from coldtrace_cloud.db.migrate import upgrade

    async def run() -> None:
        async with engine_scope(get_settings()) as engine:
            await upgrade(engine)

    asyncio.run(run())
    return 0


def _ingest(_: argparse.Namespace) -> int:
    from coldtrace_cloud.ingest.worker import run_worker

    gc.collect()
    gc.freeze()  # as for the API: the imported code lives as long as the process
    return asyncio.run(run_worker(get_settings()))


# Modules that add their own sub-commands: each has ``register(subparsers) -> None`` and sets
# ``run`` (a callable taking the parsed args and returning the exit code) on its parsers.
EXTENSIONS: list[str] = [
    "coldtrace_cloud.auth.cli",
    "coldtrace_cloud.audit.cli",
    "coldtrace_cloud.demo.cli",
    "coldtrace_cloud.gateways.cli",
    "coldtrace_cloud.timeseries.cli",
]


def build_parser() -> argparse.ArgumentParser:
    """Sub-commands of ``coldtrace``."""
    parser = argparse.ArgumentParser(prog="coldtrace", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("api", help="serve the REST API and web UI").set_defaults(run=_api)
    sub.add_parser("ingest", help="run an MQTT ingest worker").set_defaults(run=_ingest)
    sub.add_parser("migrate", help="apply database migrations").set_defaults(run=_migrate)
    for module in EXTENSIONS:
        importlib.import_module(module).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``coldtrace`` console script."""
    args = build_parser().parse_args(argv)
    configure_logging(get_settings().log_level)
    # One line per InfluxDB request and per Alembic plugin drowns what matters.
    for noisy in ("httpx", "alembic.runtime.plugins"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
