"""Start, watch, signal and restart the project's own processes (edge, ingest, API, simulator).

Fault tests kill these for real (SIGKILL) and start them again; every process logs to a file so a
failing test can show what happened, and every process is stopped when the test ends.
"""

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

PYTHON = sys.executable


@dataclass
class ManagedProcess:
    """One child process with its log file; restartable with the same command."""

    name: str
    argv: list[str]
    env: dict[str, str]
    log_path: Path
    popen: subprocess.Popen[bytes] | None = None
    starts: int = 0

    def start(self) -> "ManagedProcess":
        """Start (again), appending to the same log."""
        self.starts += 1
        with self.log_path.open("ab") as log:
            log.write(f"\n--- start #{self.starts}: {' '.join(self.argv)}\n".encode())
            log.flush()
            self.popen = subprocess.Popen(
                self.argv,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        return self

    @property
    def pid(self) -> int:
        """The current process id."""
        assert self.popen is not None
        return self.popen.pid

    def alive(self) -> bool:
        """True while the current process runs."""
        return self.popen is not None and self.popen.poll() is None

    def log(self) -> str:
        """Everything logged so far."""
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, pattern: str, *, timeout_s: float = 30.0, after: int = 0) -> str:
        """Wait until the log (from offset ``after``) matches ``pattern``; return the match."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            found = regex.search(self.log()[after:])
            if found:
                return found.group(0)
            if not self.alive():
                break
            time.sleep(0.05)
        tail = self.log()[-3000:]
        raise AssertionError(f"{self.name}: no /{pattern}/ within {timeout_s}s; log tail:\n{tail}")

    def signal(self, sig: int) -> None:
        """Send ``sig`` to the whole process group (a worker's children die with it)."""
        if self.alive():
            os.killpg(self.pid, sig)

    def kill(self) -> int:
        """SIGKILL and reap: a crash, no cleanup runs."""
        self.signal(signal.SIGKILL)
        return self.wait()

    def terminate(self, timeout_s: float = 20.0) -> int:
        """SIGTERM (the clean stop path), SIGKILL if it does not exit in time."""
        self.signal(signal.SIGTERM)
        try:
            return self.wait(timeout_s)
        except subprocess.TimeoutExpired:
            return self.kill()

    def wait(self, timeout_s: float = 20.0) -> int:
        """Wait for exit and return the exit code."""
        assert self.popen is not None
        return self.popen.wait(timeout_s)


@dataclass
class ProcessManager:
    """Owns every process a test starts; ``stop_all`` runs at teardown."""

    log_dir: Path
    base_env: dict[str, str]
    processes: list[ManagedProcess] = field(default_factory=list)

    def start(
        self, name: str, argv: list[str], env: dict[str, str] | None = None
    ) -> ManagedProcess:
        """Start ``argv`` with the base environment plus ``env``."""
        merged = {**self.base_env, **(env or {})}
        proc = ManagedProcess(name, argv, merged, self.log_dir / f"{name}.log")
        self.processes.append(proc)
        return proc.start()

    def python(
        self, name: str, module: str, *args: str, env: dict[str, str] | None = None
    ) -> ManagedProcess:
        """Start ``python -m module args`` with this interpreter."""
        return self.start(name, [PYTHON, "-m", module, *args], env)

    def stop_all(self) -> None:
        """Terminate everything still running."""
        for proc in reversed(self.processes):
            if proc.alive():
                proc.terminate(timeout_s=10)
