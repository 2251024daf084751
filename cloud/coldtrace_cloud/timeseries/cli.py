"""``coldtrace rollups rebuild``: recompute the reading rollups from the raw readings.

Writers keep the rollups current; this is for readings that were written without them (data from
before an upgrade, a restored backup). It is idempotent, but stop the ingest workers while it
runs: it sets each bucket from the raw points it reads, and an ingest committing between that
read and the write would be left out of (or counted twice in) that bucket.
"""

import argparse
import asyncio
from datetime import UTC, datetime, timedelta

from coldtrace_cloud.db.engine import engine_scope, make_sessionmaker
from coldtrace_cloud.settings import get_settings
from coldtrace_cloud.timeseries.client import InfluxClient
from coldtrace_cloud.timeseries.rollups import rebuild


async def _rebuild_configured(start: datetime, end: datetime) -> int:
    settings = get_settings()
    async with (
        engine_scope(settings) as engine,
        InfluxClient(settings.influx_url, settings.influx_database, timeout_s=600) as influx,
    ):
        days = 0
        sessions = make_sessionmaker(engine)
        # Whole UTC days, one transaction each: a long rebuild makes progress and holds no
        # lock for long, and no day is recomputed twice.
        first = start.astimezone(UTC)
        day = datetime(first.year, first.month, first.day, tzinfo=UTC)
        while day < end:
            async with sessions.begin() as session:
                days += await rebuild(session, influx, day, day + timedelta(days=1))
            day += timedelta(days=1)
        return days


def _rebuild(args: argparse.Namespace) -> int:
    end = datetime.now(UTC) + timedelta(days=1)
    start = args.since or end - timedelta(days=args.days)
    count = asyncio.run(_rebuild_configured(start, end))
    print(f"rollups rebuilt from {start.isoformat()} ({count} days)")
    return 0


def _aware(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``rollups rebuild`` to the ``coldtrace`` command."""
    rollups = subparsers.add_parser("rollups", help="reading rollups (downsampled history)")
    verbs = rollups.add_subparsers(dest="rollups_command", required=True)
    rebuild_parser = verbs.add_parser("rebuild", help="recompute rollups from raw readings")
    rebuild_parser.add_argument("--since", type=_aware, help="ISO time to start from")
    rebuild_parser.add_argument("--days", type=int, default=400, help="else: this many days back")
    rebuild_parser.set_defaults(run=_rebuild)
