"""Settings of the cloud deployables (API and ingest workers), from ``COLDTRACE_CLOUD_*``."""

from functools import lru_cache
from typing import Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Values copied from examples must never reach a running system.
_PLACEHOLDERS = frozenset({"changethis", "changeme", "password", "secret", "admin", ""})


class Settings(BaseSettings):
    """Everything the cloud reads from its environment; tests construct it directly."""

    model_config = SettingsConfigDict(env_prefix="COLDTRACE_CLOUD_", extra="ignore")

    database_url: SecretStr = Field(description="SQLAlchemy URL, postgresql+asyncpg://...")
    database_pool_size: int = Field(default=10, ge=1)
    influx_url: str = "http://127.0.0.1:8086"
    influx_database: str = "coldtrace"
    mqtt_host: str = "127.0.0.1"
    mqtt_port: int = Field(default=1883, ge=1, le=65535)
    mqtt_username: str = "coldtrace-cloud"
    mqtt_password: SecretStr
    mqtt_topic_prefix: str = ""
    ingest_worker_id: str | None = Field(
        default=None, description="stable MQTT client id suffix; keeps the session on restart"
    )
    mosquitto_dir: str | None = Field(
        default=None, description="folder of the broker's passwd/acl files, for provisioning"
    )
    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8000, ge=1, le=65535)
    ingest_batch_messages: int = Field(default=100, ge=1, description="messages per store batch")
    ingest_linger_s: float = Field(default=0.05, ge=0, description="wait to fill a batch")
    ingest_receive_maximum: int = Field(default=1000, ge=1, le=65_535)
    ingest_max_message_bytes: int = Field(default=1 << 20, ge=1024)
    ui_dir: str | None = Field(default=None, description="built web UI served at /")
    run_migrations: bool = Field(default=True, description="apply migrations at API start")
    log_level: str = "INFO"
    smtp_host: str | None = Field(default=None, description="SMTP relay for e-mail notices")
    smtp_port: int = Field(default=25, ge=1, le=65535)
    notify_from: str = "coldtrace@localhost"
    escalate_after_s: float = Field(
        default=1800.0, gt=0, description="unacknowledged excursions escalate after this"
    )

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Self:
        """Refuse to start with a placeholder password (FastAPI template practice)."""
        for name in ("mqtt_password",):
            secret: SecretStr = getattr(self, name)
            if secret.get_secret_value().lower() in _PLACEHOLDERS:
                raise ValueError(f"{name} is a placeholder; set COLDTRACE_CLOUD_{name.upper()}")
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, built once on first use (never at import)."""
    return Settings()
