"""Per-sensor transaction locks that serialise rollup recomputations across ingest workers.

A recomputation reads a bucket's raw points and sets the bucket's statistics. If worker A's read
came before worker B's points were written but its result landed after B's, the bucket would
miss B's points, and a breach in them could vanish from the charts. Taking these locks after the
raw write and holding them to the commit makes recomputations of one sensor run one after the
other, each reading every point written before it. Sensors map onto a fixed set of stripes (a
stable hash, the same in every process), taken in ascending order so two workers cannot deadlock
on them.
"""

import zlib
from collections.abc import Collection
from typing import Final

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

LOCK_NAMESPACE: Final = 0x0C01D  # first key of pg_advisory_xact_lock(int, int): "rollups"
STRIPES: Final = 64


def stripes_of(sensors: Collection[str]) -> list[int]:
    """The lock stripes of these sensors, ascending, each once."""
    return sorted({zlib.crc32(sensor.encode()) % STRIPES for sensor in sensors})


async def lock_sensor_rollups(session: AsyncSession, sensors: Collection[str]) -> None:
    """Take the stripes' transaction-scoped advisory locks (released at commit or rollback)."""
    keys = stripes_of(sensors)
    if keys:
        await session.execute(
            text("SELECT pg_advisory_xact_lock(:ns, k) FROM unnest(CAST(:keys AS int[])) AS k"),
            {"ns": LOCK_NAMESPACE, "keys": keys},
        )
