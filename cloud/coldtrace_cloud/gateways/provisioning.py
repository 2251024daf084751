"""Provision a gateway on the broker: its own password, and an ACL that confines it.

The broker's ACL patterns (``pattern write coldtrace/v1/+/%u/#``, ``pattern read
coldtrace/v1/+/%u/config`` and ``.../holds``) key on the MQTT username, so a gateway whose username
is its gateway id may publish only under its own id and read only its own downlink topics.
Provisioning adds the user to Mosquitto's password file with ``mosquitto_passwd`` (which stores a
salted hash) and makes the running broker re-read it (SIGHUP).
"""

import os
import secrets
import signal
import subprocess
from pathlib import Path

from coldtrace_cloud.errors import CloudError
from coldtrace_protocol.topics import check_segment


class ProvisioningError(CloudError):
    """The broker's files could not be updated or the broker not reloaded."""


def provision_gateway(mosquitto_dir: Path, gateway_id: str) -> str:
    """Create or rotate ``gateway_id``'s password; returns the new password (shown once)."""
    check_segment(gateway_id, what="gateway")
    password = secrets.token_urlsafe(24)
    password_file = mosquitto_dir / "passwd"
    if not password_file.exists():
        raise ProvisioningError(f"no Mosquitto password file at {password_file}")
    owner = password_file.stat()
    result = subprocess.run(
        ["mosquitto_passwd", "-b", str(password_file), gateway_id, password],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    if result.returncode != 0:
        raise ProvisioningError(f"mosquitto_passwd failed: {result.stderr.strip()}")
    # mosquitto_passwd rewrites the file; the broker may run as another account and must still
    # be able to read it after a reload.
    if os.geteuid() == 0:
        os.chown(password_file, owner.st_uid, owner.st_gid)
    reload_broker(mosquitto_dir)
    return password


def reload_broker(mosquitto_dir: Path) -> None:
    """SIGHUP the broker whose pid file is in ``mosquitto_dir`` (it re-reads passwords and ACL)."""
    try:
        pid = int((mosquitto_dir / "mosquitto.pid").read_text().split()[0])
        os.kill(pid, signal.SIGHUP)
    except (FileNotFoundError, ValueError, IndexError, ProcessLookupError) as exc:
        raise ProvisioningError(f"cannot reload the broker in {mosquitto_dir}: {exc}") from exc
