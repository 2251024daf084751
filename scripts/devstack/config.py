"""Where the stack lives and which ports it uses.

Ports come from ``COLDTRACE_STACK_*_PORT`` when set; otherwise from ``ports.json`` in the state
folder, written the first time: the defaults (18830, 18086, 15433) when they are free, else the
next free port above each. So two checkouts (a developer's and CI's fresh clone) never fight over
a port, and every later command of one checkout finds its own services again.
"""

import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PORTS = {"mqtt_port": 18830, "influx_port": 18086, "postgres_port": 15433}
# InfluxDB also binds its RPC port at influx_port + 2 (see influx.py).
_EXTRA_PORTS = {"influx_port": (2,)}


@dataclass(frozen=True)
class StackConfig:
    """Ports and the state folder of the private stack."""

    state_dir: Path
    mqtt_port: int = 18830
    influx_port: int = 18086
    postgres_port: int = 15433

    @property
    def logs_dir(self) -> Path:
        """Every service's log file lives here."""
        return self.state_dir / "logs"


def _free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _pick(name: str, preferred: int, taken: set[int]) -> int:
    """``preferred`` if it (and its companion ports) are free, else the next such port."""
    for port in range(preferred, preferred + 500, 10):
        wanted = [port, *(port + d for d in _EXTRA_PORTS.get(name, ()))]
        if all(p not in taken and _free(p) for p in wanted):
            return port
    raise RuntimeError(f"no free port found for {name} near {preferred}")


def _ports(state_dir: Path) -> dict[str, int]:
    """The state folder's ports, chosen and saved on first use."""
    saved = state_dir / "ports.json"
    if saved.exists():
        return {k: int(v) for k, v in json.loads(saved.read_text()).items()}
    taken: set[int] = set()
    chosen = {}
    for name, preferred in DEFAULT_PORTS.items():
        chosen[name] = _pick(name, preferred, taken)
        taken.add(chosen[name])
    state_dir.mkdir(parents=True, exist_ok=True)
    saved.write_text(json.dumps(chosen, indent=2))
    return chosen


def load_stack_config() -> StackConfig:
    """Build the config from ``COLDTRACE_STACK_*`` variables and the state folder's ports."""
    env = os.environ
    state_dir = Path(env.get("COLDTRACE_STACK_STATE_DIR", str(REPO_ROOT / ".state"))).resolve()
    ports = _ports(state_dir)
    return StackConfig(
        state_dir=state_dir,
        mqtt_port=int(env.get("COLDTRACE_STACK_MQTT_PORT", ports["mqtt_port"])),
        influx_port=int(env.get("COLDTRACE_STACK_INFLUX_PORT", ports["influx_port"])),
        postgres_port=int(env.get("COLDTRACE_STACK_POSTGRES_PORT", ports["postgres_port"])),
    )
