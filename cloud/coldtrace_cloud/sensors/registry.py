"""Which sensor codes exist: a per-worker cache of the ``sensors`` table.

Readings from an unknown sensor are dead-lettered, so the lookup is on the hot path. The cache is
refreshed when a code is missing (a sensor provisioned a moment ago must not be refused), at most
once per ``refresh_interval_s``, so a gateway flooding unknown codes cannot hammer the database.
"""

import time
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coldtrace_cloud.sensors.models import Sensor


class SensorRegistry:
    """Known sensor codes, reloaded on a miss (rate-limited)."""

    def __init__(self, refresh_interval_s: float = 5.0) -> None:
        self.refresh_interval_s = refresh_interval_s
        self._codes: frozenset[str] = frozenset()
        self._loaded_at = float("-inf")

    async def unknown(self, session: AsyncSession, codes: Iterable[str]) -> set[str]:
        """The codes among ``codes`` that are not provisioned sensors."""
        missing = set(codes) - self._codes
        if missing and time.monotonic() - self._loaded_at >= self.refresh_interval_s:
            await self.reload(session)
            missing -= self._codes
        return missing

    async def reload(self, session: AsyncSession) -> None:
        """Load every sensor code."""
        self._codes = frozenset((await session.scalars(select(Sensor.code))).all())
        self._loaded_at = time.monotonic()
