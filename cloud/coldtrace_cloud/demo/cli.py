"""``coldtrace demo-seed``: fill the database with the demo world (used by ``make demo``)."""

import argparse
import asyncio
import dataclasses
import json
import os
import sys
from typing import Any, Final

from coldtrace_cloud.db.engine import engine_scope, make_sessionmaker
from coldtrace_cloud.db.migrate import upgrade
from coldtrace_cloud.demo.seed import DemoSummary, seed_demo
from coldtrace_cloud.settings import get_settings

PASSWORD_ENV: Final = "COLDTRACE_DEMO_PASSWORD"  # noqa: S105  # a variable name
# Only for the local demo: printed so that whoever runs ``make demo`` can log in.
DEMO_PASSWORD: Final = "coldtrace-demo-2026"  # noqa: S105  # local demo only


async def _seed(password: str) -> DemoSummary:
    async with engine_scope(get_settings()) as engine:
        await upgrade(engine)
        async with make_sessionmaker(engine)() as session:
            summary = await seed_demo(session, password=password)
            await session.commit()
            return summary


def _run(_: argparse.Namespace) -> int:
    password = os.environ.get(PASSWORD_ENV, DEMO_PASSWORD)
    summary = asyncio.run(_seed(password))
    report = dataclasses.asdict(summary)
    if summary.created:
        report["password"] = password
    sys.stdout.write(json.dumps(report) + "\n")
    return 0


def register(subparsers: "argparse._SubParsersAction[Any]") -> None:
    """Add ``demo-seed``."""
    seed = subparsers.add_parser(
        "demo-seed", help=f"seed demo data (users' password from {PASSWORD_ENV})"
    )
    seed.set_defaults(run=_run)
