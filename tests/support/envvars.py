"""Turn a Settings object back into the environment variables a child process reads."""

from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings


def settings_env(settings: BaseSettings) -> dict[str, str]:
    """``{PREFIX}{FIELD}`` for every field that is set (secrets revealed, paths as strings)."""
    prefix = str(settings.model_config.get("env_prefix", ""))
    env: dict[str, str] = {}
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if value is None:
            continue
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        elif isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, Path):
            value = str(value)
        env[f"{prefix}{name}".upper()] = str(value)
    return env
