"""A private InfluxDB 1.x (Debian ``influxdb``): v1 HTTP API on loopback, usage reporting off."""

import json
import signal
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from devstack.errors import StackError
from devstack.process import port_open, read_pid, stop_pid, wait_until


@dataclass
class InfluxInstance:
    """One influxd in ``root``: HTTP on ``port``, its RPC (backup) port on ``port + 2``."""

    root: Path
    port: int
    _proc: "subprocess.Popen[bytes] | None" = field(default=None, repr=False, compare=False)

    @property
    def url(self) -> str:
        """Base URL of the HTTP API (``/ping``, ``/write``, ``/query``)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid_file(self) -> Path:
        """Written by us when we start influxd."""
        return self.root / "influxd.pid"

    @property
    def log_file(self) -> Path:
        """influxd's stdout and stderr."""
        return self.root / "influxd.log"

    def write_config(self) -> Path:
        """influxdb.conf with every folder and port private to this instance."""
        conf = self.root / "influxdb.conf"
        conf.write_text(
            "reporting-disabled = true\n"
            f'bind-address = "127.0.0.1:{self.port + 2}"\n'
            f'[meta]\n  dir = "{self.root / "meta"}"\n  logging-enabled = false\n'
            f'[data]\n  dir = "{self.root / "data"}"\n  wal-dir = "{self.root / "wal"}"\n'
            # fsync the WAL on every write: an acknowledged write survives a crash.
            '  wal-fsync-delay = "0s"\n  query-log-enabled = false\n'
            '  cache-max-memory-size = "2g"\n  max-values-per-tag = 0\n'
            "  max-series-per-database = 0\n"
            "[monitor]\n  store-enabled = false\n"
            f'[http]\n  enabled = true\n  bind-address = "127.0.0.1:{self.port}"\n'
            "  auth-enabled = false\n  log-enabled = false\n  max-body-size = 0\n"
            "  max-concurrent-write-limit = 0\n"
            '[logging]\n  level = "warn"\n'
            "[continuous_queries]\n  enabled = true\n  log-enabled = false\n"
            "[subscriber]\n  enabled = false\n"
        )
        return conf

    def ping(self) -> bool:
        """True when ``/ping`` answers 204."""
        try:
            with urllib.request.urlopen(f"{self.url}/ping", timeout=1) as response:  # noqa: S310
                return bool(response.status == 204)
        except (urllib.error.URLError, OSError):
            return False

    def running(self) -> bool:
        """True when our influxd is alive and answers."""
        return read_pid(self.pid_file) is not None and self.ping()

    def start(self) -> None:
        """Start (idempotent) in its own session and wait for ``/ping``."""
        if self.running():
            return
        if port_open(self.port):
            raise StackError(f"port {self.port} is taken by another process")
        self.root.mkdir(parents=True, exist_ok=True)
        conf = self.write_config()
        with self.log_file.open("ab") as log:
            proc = subprocess.Popen(
                ["influxd", "-config", str(conf)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._proc = proc  # kept so a long-lived caller (the test suite) can reap it
        self.pid_file.write_text(f"{proc.pid}\n")
        wait_until(self.ping, what=f"InfluxDB on port {self.port}")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop influxd (SIGKILL to simulate a crash)."""
        stop_pid(self.pid_file, sig=sig)
        if self._proc is not None:
            self._proc.wait()
            self._proc = None

    def query(self, q: str, *, method: str = "POST") -> object:
        """Run InfluxQL through the HTTP API (admin statements need POST)."""
        data = urllib.parse.urlencode({"q": q}).encode()
        request = urllib.request.Request(f"{self.url}/query", data=data, method=method)  # noqa: S310
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return json.loads(response.read())
