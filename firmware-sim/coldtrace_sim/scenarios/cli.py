"""``coldtrace-sim scenario FILE``: run a YAML scenario (probes, loggers, RFID portals).

``--check`` validates the file and prints what would run, without opening a port. ``--speed``,
``--start`` and ``--port`` override the file; dumps go to ``--dump-dir`` unless a logger names
its own ``out_dir``.
"""

import argparse
import asyncio
import sys
from pathlib import Path

from coldtrace_protocol.logsetup import configure_logging
from coldtrace_sim.modbus.errors import ProbeError
from coldtrace_sim.modbus.fleet import ProbeFleet
from coldtrace_sim.scenarios.build import ScenarioPlan, build_plan
from coldtrace_sim.scenarios.errors import ScenarioError
from coldtrace_sim.scenarios.loader import LoadedScenario, load_scenario
from coldtrace_sim.scenarios.runner import (
    RfidEntry,
    install_stop_signals,
    quiet_pymodbus,
    rfid_entry_point,
    run_plan,
)
from coldtrace_sim.settings import Settings, get_settings


def build_parser(settings: Settings) -> argparse.ArgumentParser:
    """Options, with defaults from ``COLDTRACE_SIM_*``."""
    parser = argparse.ArgumentParser(
        prog="coldtrace-sim scenario", description="Run a coldtrace simulation scenario."
    )
    parser.add_argument("file", type=Path, nargs="?", default=settings.scenario)
    parser.add_argument("--speed", type=float, default=None, help="sim seconds per real second")
    parser.add_argument("--start", default=None, help="sim start: now, now-1d, ISO 8601")
    parser.add_argument("--port", type=int, default=None, help="first Modbus TCP port")
    parser.add_argument("--dump-dir", type=Path, default=settings.dump_dir)
    parser.add_argument("--inventory", type=Path, default=None, help="write probe list (JSON)")
    parser.add_argument("--check", action="store_true", help="validate and describe, then exit")
    parser.add_argument("--log-level", default=settings.log_level)
    return parser


def describe(loaded: LoadedScenario, plan: ScenarioPlan) -> str:
    """A few lines saying what the scenario will run."""
    ports = sorted({probe.address.port for probe in plan.probes})
    lines = [
        f"scenario {loaded.doc.name or loaded.source}",
        f"  clock: start {plan.clock_start.isoformat()}, speed {plan.speed:g}x"
        + (f", ends after {plan.duration_s:g} sim s" if plan.duration_s is not None else ""),
        f"  probes: {len(plan.probes)} on {plan.host} port(s) {', '.join(map(str, ports)) or '-'}",
        f"  outages: {len(plan.outages)}",
        f"  loggers: {', '.join(job.setup.serial for job in plan.loggers) or '-'}",
        f"  rfid portals: {'yes' if loaded.doc.has_rfid else 'no'}",
    ]
    return "\n".join(lines)


async def run(
    loaded: LoadedScenario,
    plan: ScenarioPlan,
    inventory: Path | None,
    rfid: RfidEntry | None,
) -> None:
    """Run until SIGINT / SIGTERM or the end of the scenario's duration."""
    stop = asyncio.Event()
    install_stop_signals(stop)

    def ready(fleet: ProbeFleet) -> None:
        if inventory is not None:
            fleet.write_inventory(inventory)

    clock = plan.clock()
    portals = (rfid, loaded.raw) if rfid is not None else None
    await run_plan(plan, clock, stop, rfid=portals, on_ready=ready)


def main(argv: list[str]) -> int:
    """Run (or ``--check``) a scenario; 2 when the file is wrong, 1 when it cannot run."""
    settings = get_settings()
    parser = build_parser(settings)
    args = parser.parse_args(argv)
    if args.file is None:
        parser.error("give a scenario FILE (or set COLDTRACE_SIM_SCENARIO)")
    configure_logging(args.log_level, stream=sys.stderr)
    quiet_pymodbus(args.log_level)
    try:
        loaded = load_scenario(args.file)
        plan = build_plan(
            loaded.doc,
            default_port=settings.probe_port,
            dump_dir=args.dump_dir,
            speed=args.speed,
            start=args.start,
            port=args.port,
        )
        # Resolved now so that a missing RFID world fails before any port opens.
        rfid = rfid_entry_point() if loaded.doc.has_rfid and not args.check else None
    except (ScenarioError, ProbeError, ValueError) as exc:
        print(f"coldtrace-sim scenario: {exc}", file=sys.stderr)
        return 2
    if args.check:
        print(describe(loaded, plan))
        return 0
    try:
        asyncio.run(run(loaded, plan, args.inventory, rfid))
    except ProbeError as exc:
        print(f"coldtrace-sim scenario: {exc}", file=sys.stderr)
        return 1
    return 0
