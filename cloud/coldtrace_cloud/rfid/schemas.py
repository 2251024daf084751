"""API shapes of portal health (``GET /sites/{site}/portals/health``)."""

from datetime import datetime

from pydantic import BaseModel

from coldtrace_cloud.rfid.health import PortalHealth


class ReaderHealthOut(BaseModel):
    """A reader serving the portal, as its gateway last reported it."""

    gateway_id: str
    reader_id: str
    connected: bool
    sessions: int
    last_report_at: datetime | None
    last_error: str | None
    clock_suspect: bool
    reported_at: datetime


class PortalHealthOut(BaseModel):
    """A portal's last pass and its readers' state."""

    portal: str
    name: str
    last_pass_at: datetime | None
    readers: list[ReaderHealthOut]

    @classmethod
    def of(cls, health: PortalHealth) -> "PortalHealthOut":
        """From the service's result."""
        return cls(
            portal=health.portal,
            name=health.name,
            last_pass_at=health.last_pass_at,
            readers=[
                ReaderHealthOut(
                    gateway_id=r.gateway_id,
                    reader_id=r.reader_id,
                    connected=r.connected,
                    sessions=r.sessions,
                    last_report_at=r.last_report_at,
                    last_error=r.last_error,
                    clock_suspect=r.clock_suspect,
                    reported_at=r.reported_at,
                )
                for r in health.readers
            ],
        )
