"""``coldtrace audit verify``: check the audit chain from the command line (exit 1 if broken)."""

import argparse
import asyncio
import dataclasses
import json
import sys
from typing import Any

from coldtrace_cloud.audit.verify import ChainReport, verify_chain
from coldtrace_cloud.db.engine import engine_scope, make_sessionmaker
from coldtrace_cloud.settings import get_settings


async def _verify() -> ChainReport:
    async with engine_scope(get_settings()) as engine, make_sessionmaker(engine)() as session:
        return await verify_chain(session)


def _run_verify(_: argparse.Namespace) -> int:
    report = asyncio.run(_verify())
    sys.stdout.write(json.dumps(dataclasses.asdict(report)) + "\n")
    return 0 if report.ok else 1


def register(subparsers: "argparse._SubParsersAction[Any]") -> None:
    """Add ``audit verify``."""
    audit = subparsers.add_parser("audit", help="audit trail tools")
    sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = sub.add_parser("verify", help="verify the hash chain; exit 1 at the first broken row")
    verify.set_defaults(run=_run_verify)
