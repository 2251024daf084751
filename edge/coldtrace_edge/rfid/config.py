"""The portal file: which readers to talk to, which antenna watches which side of which door.

YAML, named by ``COLDTRACE_EDGE_PORTALS_FILE``::

    readers:
      - id: dock-door-1
        host: 127.0.0.1
        port: 5084                    # LLRP 1.0.1 §3: TCP 5084
        tx_power_dbm: 30.0            # unset: the reader's maximum (power table index 0)
        report_every_n_tags: 20       # a report after N tag reads or report_timeout_ms
        keepalive_ms: 1000            # the reader's KEEPALIVE period; our watchdog uses it
        antennas:
          - {port: 1, portal: door-1, zone: outside}
          - {port: 2, portal: door-1, zone: inside}
    portals:
      - {id: door-1, outside_location: dock-1, inside_location: cold-room-1}
    smoothing:
      departure_timeout_s: 2.0        # no strong read for this long: the pass is over
      min_pass_rssi_dbm: -65          # weaker reads alone never make a pass
      dwell_s: 30                     # one zone for this long: parked, not passing
    health_interval_s: 30             # reader health to the cloud, and on every (dis)connect
"""

from pathlib import Path
from typing import Annotated, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from coldtrace_edge.errors import DeviceError
from coldtrace_protocol.rfid import PORTAL_ID_PATTERN, Zone

Ident = Annotated[str, Field(pattern=PORTAL_ID_PATTERN)]


class Strict(BaseModel):
    """A misspelt key is an error (sllurp silently ignores unknown keys; we do not)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class AntennaConfig(Strict):
    """One antenna port and the side of the door it watches."""

    port: int = Field(ge=1, le=65535)
    portal: Ident
    zone: Zone


class ReaderConfig(Strict):
    """One LLRP reader and how to run its inventory."""

    id: Ident
    host: str = "127.0.0.1"
    port: int = Field(default=5084, ge=1, le=65535)
    tx_power_dbm: float | None = Field(default=None, ge=0, le=40)
    report_every_n_tags: int = Field(default=20, ge=1, le=65535)
    report_timeout_ms: int = Field(default=200, ge=10)
    keepalive_ms: int = Field(default=1000, ge=100)
    session: int = Field(default=2, ge=0, le=3)
    tag_population: int = Field(default=32, ge=1)
    connect_timeout_s: float = Field(default=10.0, gt=0)
    reconnect_min_s: float = Field(default=0.5, gt=0)
    reconnect_max_s: float = Field(default=5.0, gt=0)
    antennas: list[AntennaConfig] = Field(min_length=1)

    @model_validator(mode="after")
    def _ports_unique(self) -> Self:
        ports = [a.port for a in self.antennas]
        if len(set(ports)) != len(ports):
            raise ValueError(f"reader {self.id}: an antenna port is listed twice")
        return self

    def zone_of(self, port: int) -> tuple[str, Zone] | None:
        """(portal, zone) of an antenna port; None for a port we did not configure."""
        for antenna in self.antennas:
            if antenna.port == port:
                return antenna.portal, antenna.zone
        return None


class PortalConfig(Strict):
    """A door and the location on each side of it."""

    id: Ident
    outside_location: str | None = Field(default=None, max_length=64)
    inside_location: str | None = Field(default=None, max_length=64)


class SmoothingConfig(Strict):
    """How raw reads become passes (edge/README.md, "RFID portals")."""

    departure_timeout_s: float = Field(default=2.0, gt=0)
    min_pass_rssi_dbm: float = Field(default=-65.0, ge=-128, le=0)
    dwell_s: float = Field(default=30.0, gt=0)
    single_zone_margin_db: float = Field(default=10.0, ge=0)
    clock_tolerance_s: float = Field(default=300.0, gt=0)
    aggregation_delay_s: float = Field(default=1.0, ge=0)
    min_aggregation_overlap: float = Field(default=0.5, gt=0, le=1)


class PortalFile(Strict):
    """Everything in the portal file."""

    readers: list[ReaderConfig] = Field(min_length=1)
    portals: list[PortalConfig] = Field(default_factory=list)
    smoothing: SmoothingConfig = Field(default_factory=SmoothingConfig)
    health_interval_s: float = Field(default=30.0, gt=0, description="reader health reports")

    @model_validator(mode="after")
    def _references_resolve(self) -> Self:
        ids = [r.id for r in self.readers]
        if len(set(ids)) != len(ids):
            raise ValueError("reader ids must be unique")
        known = {p.id for p in self.portals}
        for reader in self.readers:
            for antenna in reader.antennas:
                if antenna.portal not in known:
                    raise ValueError(f"antenna {reader.id}:{antenna.port} on unknown portal")
        return self

    def portal(self, portal_id: str) -> PortalConfig:
        """The portal ``portal_id`` (validated to exist)."""
        return next(p for p in self.portals if p.id == portal_id)


def load_portal_file(path: Path) -> PortalFile:
    """Read and validate the portal file; a bad file stops the agent with the reason."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        return PortalFile.model_validate(document)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise DeviceError(f"portal file {path}: {exc}", device=str(path)) from exc
