"""A private Mosquitto 2 broker: authentication on from the start, ACLs, persistence on disk."""

import os
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from devstack.errors import StackError
from devstack.process import (
    give_to,
    port_open,
    read_pid,
    run,
    service_user,
    stop_pid,
    wait_until,
)

ADMIN_USER = "coldtrace-admin"
CLOUD_USER = "coldtrace-cloud"

# Gateways may publish only under their own id and read only their own downlink topics. The
# leading "+/" variants serve test runs, which isolate themselves under a unique topic prefix.
_GATEWAY_PATTERNS = """\
pattern write coldtrace/v1/+/%u/#
pattern read coldtrace/v1/+/%u/config
pattern read coldtrace/v1/+/%u/holds
pattern write +/coldtrace/v1/+/%u/#
pattern read +/coldtrace/v1/+/%u/config
pattern read +/coldtrace/v1/+/%u/holds
"""


@dataclass
class MosquittoInstance:
    """One broker in ``root`` on ``port`` with a password file and an ACL file."""

    root: Path
    port: int
    users: dict[str, str] = field(default_factory=dict)

    @property
    def conf_file(self) -> Path:
        """mosquitto.conf of this instance."""
        return self.root / "mosquitto.conf"

    @property
    def pid_file(self) -> Path:
        """Written by the broker itself."""
        return self.root / "mosquitto.pid"

    @property
    def password_file(self) -> Path:
        """Hashed passwords (mosquitto_passwd format)."""
        return self.root / "passwd"

    @property
    def acl_file(self) -> Path:
        """Topic access control list."""
        return self.root / "acl"

    @property
    def log_file(self) -> Path:
        """The broker's log."""
        return self.root / "mosquitto.log"

    def write_config(self) -> None:
        """Write conf, passwords (hashed by mosquitto_passwd) and the ACL."""
        (self.root / "data").mkdir(parents=True, exist_ok=True)
        self.conf_file.write_text(
            f"pid_file {self.pid_file}\n"
            "persistence true\n"
            f"persistence_location {self.root / 'data'}/\n"
            # Persisted sessions and queued QoS 1 messages are saved every second, so a broker
            # killed outright loses at most that; a clean stop saves everything.
            "autosave_interval 1\n"
            f"log_dest file {self.log_file}\n"
            "log_type error\nlog_type warning\nlog_type notice\n"
            "connection_messages true\n"
            "log_timestamp_format %Y-%m-%dT%H:%M:%S\n"
            # An offline persistent session (an ingest worker restarting) must not drop
            # messages: the default cap of 1000 queued messages would lose data silently.
            "max_queued_messages 1000000\n"
            "max_inflight_messages 1000\n"
            "set_tcp_nodelay true\n"
            f"listener {self.port} 127.0.0.1\n"
            "allow_anonymous false\n"
            f"password_file {self.password_file}\n"
            f"acl_file {self.acl_file}\n"
        )
        self.write_credentials()

    def write_credentials(self) -> None:
        """Add or update the stack's own accounts, and write the ACL.

        Entries added later (gateways provisioned by ``coldtrace gateway provision``) are kept:
        ``mosquitto_passwd -b`` only adds or replaces the named user.
        """
        if not self.password_file.exists():
            self.password_file.touch(mode=0o600)
        for user, password in self.users.items():
            run(
                ["mosquitto_passwd", "-b", str(self.password_file), user, password],
                what=f"mosquitto_passwd {user}",
            )
        acl = [f"user {ADMIN_USER}\ntopic readwrite #\n", f"user {CLOUD_USER}\ntopic readwrite #\n"]
        extra = self.root / "acl.d"
        if extra.is_dir():
            acl.extend(p.read_text() for p in sorted(extra.glob("*.acl")))
        self.acl_file.write_text("\n".join([*acl, _GATEWAY_PATTERNS]))
        give_to(service_user("mosquitto"), self.root)

    def running(self) -> bool:
        """True when our broker process is alive and listening."""
        return read_pid(self.pid_file) is not None and port_open(self.port)

    def start(self) -> None:
        """Start (idempotent) as a daemon and wait for the listener."""
        if self.running():
            return
        if port_open(self.port):
            raise StackError(f"port {self.port} is taken by another process")
        self.root.mkdir(parents=True, exist_ok=True)
        self.write_config()
        subprocess.run(["mosquitto", "-d", "-c", str(self.conf_file)], check=True, timeout=30)
        wait_until(self.running, what=f"Mosquitto on port {self.port}")

    def reload(self) -> None:
        """Re-read passwords and ACL (SIGHUP), e.g. after provisioning a gateway."""
        self.write_credentials()
        pid = read_pid(self.pid_file)
        if pid is not None:
            os.kill(pid, signal.SIGHUP)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop: SIGTERM saves the persistence file, SIGKILL simulates a crash."""
        stop_pid(self.pid_file, sig=sig)
