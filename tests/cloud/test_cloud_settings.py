"""Cloud settings: built on demand from the environment, refusing placeholder secrets."""

import importlib

import pytest
from pydantic import ValidationError

from coldtrace_cloud import settings as settings_module
from coldtrace_cloud.settings import Settings


def test_placeholder_secret_is_refused() -> None:
    with pytest.raises(ValidationError, match="placeholder"):
        Settings(database_url="postgresql+asyncpg://x@y/z", mqtt_password="changethis")


def test_secrets_do_not_leak_in_repr() -> None:
    settings = Settings(database_url="postgresql+asyncpg://u:hunter2@h/d", mqtt_password="s3cret!")
    assert "hunter2" not in repr(settings)
    assert "s3cret!" not in repr(settings)


def test_nothing_is_built_at_import(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLDTRACE_CLOUD_DATABASE_URL", raising=False)
    monkeypatch.delenv("COLDTRACE_CLOUD_MQTT_PASSWORD", raising=False)
    module = importlib.reload(settings_module)  # would fail if Settings() ran at import
    module.get_settings.cache_clear()
    with pytest.raises(ValidationError):
        module.get_settings()


def test_environment_is_read_with_the_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLDTRACE_CLOUD_DATABASE_URL", "postgresql+asyncpg://a@b/c")
    monkeypatch.setenv("COLDTRACE_CLOUD_MQTT_PASSWORD", "not-a-placeholder")
    monkeypatch.setenv("COLDTRACE_CLOUD_API_PORT", "8123")
    settings_module.get_settings.cache_clear()
    try:
        assert settings_module.get_settings().api_port == 8123
    finally:
        settings_module.get_settings.cache_clear()
