"""Process plumbing for services: run as a service user when root, pid files, readiness waits."""

import contextlib
import os
import pwd
import signal
import socket
import stat
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from devstack.errors import StackError


def service_user(name: str) -> str | None:
    """The account a daemon should run as: ``name`` when we are root, else None (ourselves)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(name)
    except KeyError as exc:
        raise StackError(
            f"system user {name!r} is missing (its Debian package creates it)"
        ) from exc
    return name


def as_user(user: str | None, argv: Sequence[str]) -> list[str]:
    """Prefix ``argv`` with runuser when it must run as another account."""
    return ["runuser", "-u", user, "--", *argv] if user else list(argv)


def give_to(user: str | None, *paths: Path) -> None:
    """Hand folders (recursively) to the service user, and make their ancestors traversable.

    A fresh clone may live under a 0700 ``mktemp -d`` folder; the daemon's account must be able
    to reach its own files, so each ancestor gets the search bit (x) for others, never read.
    """
    if user is None:
        return
    entry = pwd.getpwnam(user)
    for path in paths:
        for parent in path.resolve().parents:
            mode = parent.stat().st_mode
            if not mode & stat.S_IXOTH:
                parent.chmod(mode | stat.S_IXOTH)
        for item in [path, *path.rglob("*")]:
            os.chown(item, entry.pw_uid, entry.pw_gid)


def run(argv: Sequence[str], *, what: str, env: dict[str, str] | None = None) -> str:
    """Run a command to completion; raise with its output when it fails."""
    result = subprocess.run(
        list(argv), capture_output=True, text=True, check=False, env=env, timeout=120
    )
    if result.returncode != 0:
        raise StackError(f"{what} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result.stdout


def read_pid(pid_file: Path) -> int | None:
    """The pid in ``pid_file`` if that process is alive, else None."""
    try:
        pid = int(pid_file.read_text().split()[0])
    except (FileNotFoundError, ValueError, IndexError):
        return None
    return pid if _alive(pid) else None


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    """True when something accepts TCP connections on host:port."""
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def wait_until(check: Callable[[], bool], *, what: str, timeout_s: float = 60.0) -> None:
    """Wait for ``check`` to become true, or raise naming ``what``.

    Readiness of an external daemon has no event to await, so this is the one polling loop.
    """
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise StackError(f"timed out after {timeout_s:.0f}s waiting for {what}")


def stop_pid(pid_file: Path, *, sig: int = signal.SIGTERM, timeout_s: float = 30.0) -> bool:
    """Signal the process in ``pid_file`` and wait for it to exit; True if one was running."""
    pid = read_pid(pid_file)
    if pid is None:
        return False
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)
    wait_until(lambda: not _alive(pid), what=f"pid {pid} to exit", timeout_s=timeout_s)
    return True


def _alive(pid: int) -> bool:
    """True while ``pid`` runs; reaps it if it is our own exited child (a zombie is not alive)."""
    with contextlib.suppress(ChildProcessError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"
