"""Install the Debian packages the stack needs, when we are root; otherwise say which."""

import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from devstack.errors import MissingPackagesError, StackError

# Debian package -> a file that proves it is installed.
STACK_PACKAGES: dict[str, str] = {
    "mosquitto": "/usr/sbin/mosquitto",
    "influxdb": "/usr/bin/influxd",
    "postgresql": "/usr/lib/postgresql",
    "postgresql-client": "/usr/bin/psql",
}


# Tools the test suite drives (Wireshark's LLRP dissector, compose-file validation, the
# browser the web UI's Playwright tests drive: Playwright's own browser download cannot work here).
TEST_PACKAGES: dict[str, str] = {
    "tshark": "/usr/bin/tshark",
    "docker-compose": "/usr/bin/docker-compose",
    "chromium": "/usr/bin/chromium",
}


def missing(packages: dict[str, str]) -> list[str]:
    """The packages whose proof file is absent."""
    return [name for name, proof in packages.items() if not Path(proof).exists()]


def ensure_packages(packages: dict[str, str]) -> None:
    """Install missing packages with apt-get as root, or raise naming them."""
    needed = missing(packages)
    if not needed:
        return
    if os.geteuid() != 0:
        raise MissingPackagesError(needed)
    apt_install(needed)


def apt_install(names: Iterable[str]) -> None:
    """``apt-get update`` then ``apt-get install -y`` without prompts or service starts."""
    apt = shutil.which("apt-get")
    if apt is None:
        raise StackError("apt-get not found: this stack expects a Debian-based machine")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for args in (["update", "-qq"], ["install", "-y", "-qq", "--no-install-recommends", *names]):
        result = subprocess.run([apt, *args], env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise StackError(f"apt-get {' '.join(args)} failed:\n{result.stderr[-2000:]}")
