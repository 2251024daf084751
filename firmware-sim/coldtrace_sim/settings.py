"""Defaults of the simulator's commands, from ``COLDTRACE_SIM_*`` environment variables.

Command-line options win over these; these win over the built-in defaults. Built only through
:func:`get_settings` (never at import) so tests construct ``Settings(...)`` directly.
"""

import functools
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Where simulated devices listen and how fast simulated time runs."""

    model_config = SettingsConfigDict(env_prefix="COLDTRACE_SIM_", extra="ignore", frozen=True)

    probe_host: str = "127.0.0.1"
    probe_port: int = Field(default=15020, ge=1, le=65535, description="first Modbus TCP port")
    probe_count: int = Field(default=10, ge=0, le=50_000)
    probe_unit_base: int = Field(default=1, ge=1, le=247)
    probe_units_per_port: int | None = Field(default=None, ge=1, le=247)
    probe_sample_interval_s: float = Field(default=10.0, ge=1.0, le=65535.0)
    scenario: Path | None = None
    speed: float = Field(default=1.0, gt=0.0, le=100_000.0, description="sim s per real s")
    dump_dir: Path = Path("logger-dumps")
    log_level: str = "INFO"


@functools.cache
def get_settings() -> Settings:
    """The process-wide settings, read from the environment once."""
    return Settings()
