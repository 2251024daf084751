"""``make demo``: run the whole system locally until Ctrl-C.

Starts, as child processes against the private stack: the cloud API (with the web UI), an ingest
worker, an edge agent and the simulator's demo scenario; prints the URLs; on Ctrl-C (or when any
child dies) stops them all in reverse order. Run through ``make demo``, which brings the stack up
and exports its settings first.
"""

import asyncio
import os
import secrets
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATE = Path(os.environ.get("COLDTRACE_STACK_STATE_DIR", ROOT / ".state"))
API_PORT = int(os.environ.get("COLDTRACE_DEMO_API_PORT", "8000"))
PYTHON = sys.executable
DEMO_DIR = STATE / "demo"
PROBES_FILE = DEMO_DIR / "probes.json"
SCENARIO = ROOT / "firmware-sim" / "scenarios" / "demo.yaml"
GATEWAY_ID = "gw-demo-1"


@dataclass(frozen=True)
class Child:
    """A process of the demo: its name, command and extra environment."""

    name: str
    argv: list[str]
    env: dict[str, str]


def demo_password() -> str:
    """The demo users' password: generated once per state folder, never committed."""
    path = DEMO_DIR / "password"
    if not path.exists():
        DEMO_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(12))
        path.chmod(0o600)
    return path.read_text().strip()


def provision_gateway(gateway_id: str) -> dict[str, str]:
    """Broker credentials of the demo gateway (rotated at every demo start)."""
    out = subprocess.run(
        [PYTHON, "-m", "coldtrace_cloud", "gateway", "provision", gateway_id],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def children(gateway_env: dict[str, str]) -> list[Child]:
    """What the demo runs, in start order (stopped in reverse)."""
    cloud = {"COLDTRACE_CLOUD_API_PORT": str(API_PORT)}
    ui = ROOT / "dashboards" / "dist"
    if (ui / "index.html").exists():
        cloud["COLDTRACE_CLOUD_UI_DIR"] = str(ui)
    edge_dir = DEMO_DIR / "edge"
    dumps = edge_dir / "logger-dumps"
    sim = [
        PYTHON,
        "-m",
        "coldtrace_sim",
        "scenario",
        str(SCENARIO),
        "--speed",
        "1",
        "--start",
        "now",
        "--inventory",
        str(PROBES_FILE),
        "--dump-dir",
        str(dumps),
    ]
    edge = gateway_env | {
        "COLDTRACE_EDGE_SITE_ID": "site-demo",
        "COLDTRACE_EDGE_DATA_DIR": str(edge_dir),
        "COLDTRACE_EDGE_PROBES_FILE": str(PROBES_FILE),
        "COLDTRACE_EDGE_LOGGER_DUMP_DIR": str(dumps),
    }
    return [
        Child("sim", sim, {}),
        Child("api", [PYTHON, "-m", "coldtrace_cloud", "api"], cloud),
        Child(
            "ingest",
            [PYTHON, "-m", "coldtrace_cloud", "ingest"],
            {"COLDTRACE_CLOUD_INGEST_WORKER_ID": "demo-1"},
        ),
        Child("edge", [PYTHON, "-m", "coldtrace_edge", "run"], edge),
    ]


async def wait_file(path: Path, timeout_s: float) -> None:
    """Wait until ``path`` exists (the simulator writes its probe inventory at start)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    # Another process writes the file: there is no event to await, so look five times a second.
    while not path.exists() and loop.time() < deadline:  # noqa: ASYNC110, ASYNC240
        await asyncio.sleep(0.2)


async def wait_http_ok(url: str, timeout_s: float) -> bool:
    """True once ``url`` answers 200 (checked twice a second)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s

    def probe() -> bool:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  # loopback
                return bool(response.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    while loop.time() < deadline:
        if await asyncio.to_thread(probe):
            return True
        await asyncio.sleep(0.5)
    return False


async def run() -> int:
    """Migrate, start the children, print URLs, wait for Ctrl-C or a dead child, stop all."""
    password = demo_password()
    seed = await asyncio.create_subprocess_exec(
        PYTHON,
        "-m",
        "coldtrace_cloud",
        "demo-seed",
        env={**os.environ, "COLDTRACE_DEMO_PASSWORD": password},
        stdout=asyncio.subprocess.DEVNULL,
    )
    if await seed.wait() != 0:
        print("demo: migrating and seeding the database failed", file=sys.stderr)
        return 1
    gateway_env = await asyncio.to_thread(provision_gateway, GATEWAY_ID)
    PROBES_FILE.unlink(missing_ok=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    procs: dict[str, asyncio.subprocess.Process] = {}
    for child in children(gateway_env):
        procs[child.name] = await asyncio.create_subprocess_exec(
            *child.argv, env={**os.environ, **child.env}
        )
        if child.name == "sim":
            # The edge polls the probes the simulator lists once its ports are open.
            await wait_file(PROBES_FILE, 60)
    base = f"http://127.0.0.1:{API_PORT}"
    if await wait_http_ok(f"{base}/api/v1/health", 120):
        print(
            f"\ncoldtrace demo is running:\n  web UI    {base}/\n  API docs  {base}/docs\n"
            f"  users     admin, qa, logistics, operator, auditor; password {password}\n"
            "Press Ctrl-C to stop.\n",
            flush=True,
        )
    else:
        print("demo: the API did not become healthy within 120 s", file=sys.stderr)
        stop.set()
    waiters = {asyncio.create_task(p.wait(), name=n): n for n, p in procs.items()}
    stopper = asyncio.create_task(stop.wait(), name="stop")
    done, _ = await asyncio.wait([stopper, *waiters], return_when=asyncio.FIRST_COMPLETED)
    code = 0
    if stopper not in done:
        dead = [waiters[t] for t in done if t in waiters]
        print(f"demo: {', '.join(dead)} exited; stopping the rest", file=sys.stderr)
        code = 1
    for name, proc in reversed(procs.items()):
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(proc.wait(), 20)
            except TimeoutError:
                print(f"demo: {name} did not stop in time; killing it", file=sys.stderr)
                proc.kill()
                await proc.wait()
    stopper.cancel()
    return code


if __name__ == "__main__":
    sys.exit(asyncio.run(run()))
