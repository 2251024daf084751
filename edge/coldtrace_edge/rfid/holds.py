"""Held EPCs at the edge: the last retained hold list, kept on disk so enforcement survives an
uplink outage and a restart, and the alarm raised when a held EPC moves outbound.
"""

import logging
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from coldtrace_protocol.holds import Hold, HoldAlarm, HoldList
from coldtrace_protocol.rfid import PassDirection, PortalPass

logger = logging.getLogger(__name__)


class HoldBook:
    """The newest hold list this gateway has seen, indexed by pure identity URI."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.current: HoldList | None = None
        self._by_uri: dict[str, Hold] = {}
        if path.exists():
            try:
                self._install(HoldList.model_validate_json(path.read_bytes()))
            except (OSError, ValidationError) as exc:
                logger.warning("stored hold list %s unreadable (%s): enforcing none", path, exc)

    @property
    def version(self) -> int:
        """Version of the list in force (-1: none)."""
        return self.current.version if self.current else -1

    def _install(self, holds: HoldList) -> None:
        self.current = holds
        self._by_uri = holds.by_uri()

    def accept(self, payload: bytes) -> bool:
        """Take a list from the holds topic if it is valid and newer; store it durably first."""
        try:
            holds = HoldList.model_validate_json(payload)
        except ValidationError as exc:
            logger.warning("hold list refused: %s", exc)
            return False
        if holds.version <= self.version:
            return False
        self._store(payload)
        self._install(holds)
        logger.info("hold list v%s in force: %s held EPCs", holds.version, len(holds.holds))
        return True

    def _store(self, payload: bytes) -> None:
        """Write-then-rename with fsync: a crash leaves the old list or the new, never half."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        with temporary.open("wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(self.path)

    def held(self, pure_uri: str | None) -> Hold | None:
        """The hold on this EPC, if any."""
        return self._by_uri.get(pure_uri) if pure_uri else None

    def alarm_for(self, portal_pass: PortalPass) -> HoldAlarm | None:
        """An alarm if this pass takes a held EPC out; its id derives from the pass's."""
        if portal_pass.direction is not PassDirection.OUTBOUND:
            return None
        hold = self.held(portal_pass.identity.pure_uri)
        if hold is None:
            return None
        return HoldAlarm(
            event_id=uuid.uuid5(portal_pass.event_id, "hold-alarm"),
            pass_event_id=portal_pass.event_id,
            raised_at=datetime.now(UTC),
            portal_id=portal_pass.portal_id,
            epc=portal_pass.epc,
            pure_uri=hold.pure_uri,
            reason=hold.reason,
            lot_number=hold.lot_number,
            direction=portal_pass.direction,
            seen_at=portal_pass.last_seen_at,
            holds_version=self.version,
        )
