"""Which Modbus probes this gateway polls: the probe configuration file and its model.

The file (``COLDTRACE_EDGE_PROBES_FILE``, YAML, or JSON when it ends in ``.json``) is either a
mapping with optional ``defaults`` and a ``probes`` list, or a bare list of probes, which is what
the simulator's probe inventory (``ProbeFleet.write_inventory``) holds. The format is
documented in edge/README.md ("Probes and logger dumps").
"""

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from coldtrace_edge.errors import EdgeError
from coldtrace_protocol.telemetry import SENSOR_ID_PATTERN

DEFAULT_POLL_INTERVAL_S = 10.0
MODBUS_TCP_PORT = 502


class ProbeConfigError(EdgeError):
    """The probe configuration cannot be used; ``path`` is the file."""

    def __init__(self, message: str, *, path: Path) -> None:
        super().__init__(message)
        self.path = path


class ProbeDefaults(BaseModel):
    """Values every probe inherits unless it sets its own."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str | None = Field(default=None, min_length=1)
    port: int = Field(default=MODBUS_TCP_PORT, ge=1, le=65535)
    poll_interval_s: float = Field(default=DEFAULT_POLL_INTERVAL_S, ge=1.0, le=86400.0)
    door_contact: bool = True


class ProbeSpec(BaseModel):
    """One probe as written in the file (before defaults are applied)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sensor_id: str | None = Field(default=None, pattern=SENSOR_ID_PATTERN)
    serial: str | None = Field(default=None, min_length=1, max_length=16)
    host: str | None = Field(default=None, min_length=1)
    port: int | None = Field(default=None, ge=1, le=65535)
    # Modbus over serial line v1.02 §2.2: unit (slave) addresses 1..247.
    unit: int = Field(ge=1, le=247)
    poll_interval_s: float | None = Field(default=None, ge=1.0, le=86400.0)
    sample_interval_s: float | None = Field(default=None, ge=1.0, le=65535.0)
    door_contact: bool | None = None
    model: str | None = None  # informational (the simulator's inventory carries it)
    location: str | None = None  # informational

    @model_validator(mode="after")
    def _named(self) -> Self:
        if self.sensor_id is None and self.serial is None:
            raise ValueError("a probe needs a sensor_id or a serial")
        return self


class ProbeConfig(BaseModel):
    """One probe, resolved: where to find it, what to call it, how often to poll it."""

    model_config = ConfigDict(frozen=True)

    sensor_id: str = Field(pattern=SENSOR_ID_PATTERN)
    serial: str | None
    host: str
    port: int
    unit: int
    poll_interval_s: float
    door_contact: bool

    @property
    def endpoint(self) -> tuple[str, int]:
        """The Modbus TCP endpoint (one connection is shared by all its probes)."""
        return self.host, self.port


class ProbeFile(BaseModel):
    """The whole file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    defaults: ProbeDefaults = ProbeDefaults()
    probes: list[ProbeSpec]

    def resolve(self) -> list[ProbeConfig]:
        """Apply defaults; poll interval: its own, else its sample interval, else the default."""
        resolved: list[ProbeConfig] = []
        for spec in self.probes:
            host = spec.host or self.defaults.host
            if host is None:
                raise ValueError(f"probe unit {spec.unit} has no host and defaults set none")
            interval = spec.poll_interval_s or spec.sample_interval_s
            resolved.append(
                ProbeConfig(
                    sensor_id=spec.sensor_id or spec.serial or "",
                    serial=spec.serial,
                    host=host,
                    port=spec.port or self.defaults.port,
                    unit=spec.unit,
                    poll_interval_s=interval or self.defaults.poll_interval_s,
                    door_contact=(
                        self.defaults.door_contact
                        if spec.door_contact is None
                        else spec.door_contact
                    ),
                )
            )
        check_unique(resolved)
        return resolved


def check_unique(probes: Iterable[ProbeConfig]) -> None:
    """One sensor id per probe and one probe per (host, port, unit)."""
    ids: set[str] = set()
    addresses: set[tuple[str, int, int]] = set()
    for probe in probes:
        if probe.sensor_id in ids:
            raise ValueError(f"sensor_id {probe.sensor_id} is used twice")
        address = (probe.host, probe.port, probe.unit)
        if address in addresses:
            raise ValueError(f"{probe.host}:{probe.port} unit {probe.unit} is configured twice")
        ids.add(probe.sensor_id)
        addresses.add(address)


def parse_probe_document(document: Any) -> list[ProbeConfig]:
    """Probes from a loaded YAML/JSON document (a mapping with ``probes``, or a bare list)."""
    if isinstance(document, list):
        document = {"probes": document}
    return ProbeFile.model_validate(document).resolve()


def load_probe_config(path: Path) -> list[ProbeConfig]:
    """Read and validate the probe file, or raise :class:`ProbeConfigError`."""
    try:
        text = path.read_text(encoding="utf-8")
        document = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
        return parse_probe_document(document)
    except OSError as exc:
        raise ProbeConfigError(f"cannot read probe file {path}: {exc}", path=path) from exc
    except (ValueError, yaml.YAMLError) as exc:  # json and pydantic errors are ValueErrors
        detail = _short(exc) if isinstance(exc, ValidationError) else str(exc)
        raise ProbeConfigError(f"probe file {path}: {detail}", path=path) from exc


def _short(exc: ValidationError) -> str:
    first = exc.errors(include_url=False)[0]
    where = ".".join(str(part) for part in first["loc"])
    more = exc.error_count() - 1
    return f"{where}: {first['msg']}" + (f" (and {more} more problems)" if more else "")
