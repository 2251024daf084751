"""Settings of the gateway agent, from ``COLDTRACE_EDGE_*``."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything the edge agent reads from its environment; tests construct it directly."""

    model_config = SettingsConfigDict(env_prefix="COLDTRACE_EDGE_", extra="ignore")

    gateway_id: str = Field(default="gw-demo-1", min_length=1, max_length=64)
    site_id: str = Field(default="site-demo", min_length=1, max_length=64)
    mqtt_host: str = "127.0.0.1"
    mqtt_port: int = Field(default=1883, ge=1, le=65535)
    mqtt_username: str | None = None
    mqtt_password: SecretStr | None = None
    mqtt_topic_prefix: str = Field(default="", description="test isolation only")
    mqtt_keepalive_s: int = Field(default=30, ge=5)
    reconnect_min_s: float = Field(default=0.5, gt=0)
    reconnect_max_s: float = Field(default=30.0, gt=0)
    data_dir: Path = Field(default=Path("edge-data"), description="outbox and other local state")
    outbox_max_items_per_message: int = Field(default=100, ge=1, le=1000)
    outbox_budget_bytes: int = Field(default=1 << 30, ge=1 << 20, description="disk budget")
    uplink_window: int = Field(default=1000, ge=1, lt=65_536, description="messages in flight")
    drain_timeout_s: float = Field(default=10.0, ge=0, description="SIGTERM: wait for PUBACKs")
    synthetic_sensors: int = Field(default=0, ge=0, description="synthetic probes (0 = off)")
    synthetic_total: int = Field(default=0, ge=0, description="readings per synthetic probe")
    synthetic_interval_s: float = Field(default=60.0, gt=0, description="device-time spacing")
    synthetic_rounds_per_s: float = Field(default=0.0, ge=0, description="0 = as fast as possible")
    log_level: str = "INFO"
    # Probes and logger dumps (edge/README.md, "Probes and logger dumps").
    probes_file: Path | None = Field(default=None, description="probe list; unset: no polling")
    probe_timeout_s: float = Field(default=1.0, gt=0, description="Modbus connect/answer timeout")
    probe_clock_tolerance_s: float = Field(
        default=300.0, gt=0, description="device clock further off the gateway's: clock_suspect"
    )
    probe_reconnect_min_s: float = Field(default=1.0, gt=0)
    probe_reconnect_max_s: float = Field(default=60.0, gt=0)
    logger_dump_dir: Path | None = Field(
        default=None, description="watched folder for logger dumps; unset: <data_dir>/logger-dumps"
    )
    portals_file: Path | None = Field(
        default=None, description="RFID portal file (edge/README.md, 'RFID portals'); unset: none"
    )
    logger_dump_max_bytes: int = Field(default=64 << 20, ge=1024, description="larger: rejected")

    @property
    def client_id(self) -> str:
        """MQTT client id: stable per gateway, so the broker keeps its session across restarts."""
        return f"edge-{self.gateway_id}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, built once on first use (never at import)."""
    return Settings()
