"""Generated credentials of the private stack, kept in the state folder (mode 0600)."""

import json
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Credentials:
    """Passwords for the stack's accounts; made once per state folder, never committed."""

    postgres_admin_password: str
    postgres_app_password: str
    mqtt_admin_password: str
    mqtt_cloud_password: str


def load_or_create(path: Path) -> Credentials:
    """Read the credentials file, creating it with fresh random secrets the first time."""
    if path.exists():
        return Credentials(**json.loads(path.read_text()))
    creds = Credentials(*(secrets.token_urlsafe(18) for _ in range(4)))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(json.dumps(asdict(creds), indent=2))
    return creds
