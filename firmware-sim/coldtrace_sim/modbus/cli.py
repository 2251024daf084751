"""``coldtrace-sim probes``: serve simulated Modbus TCP probes until interrupted.

Without ``--scenario`` it serves ``--count`` probes, one per cold room (see ``presets``), with
unit ids from ``--unit-base`` on ``--port`` and the following ports (247 units at most per
port). With ``--scenario`` it serves the scenario's probes only (its loggers and portals are
run by ``coldtrace-sim scenario``). ``--inventory FILE`` writes where each probe answers.
"""

import argparse
import asyncio
import sys
from pathlib import Path

from coldtrace_protocol.logsetup import configure_logging
from coldtrace_sim.modbus.errors import ProbeError
from coldtrace_sim.modbus.fleet import ProbeFleet
from coldtrace_sim.modbus.presets import standard_fleet
from coldtrace_sim.scenarios.build import ScenarioPlan, build_plan
from coldtrace_sim.scenarios.errors import ScenarioError
from coldtrace_sim.scenarios.loader import load_scenario
from coldtrace_sim.scenarios.runner import install_stop_signals, quiet_pymodbus, run_plan
from coldtrace_sim.settings import Settings, get_settings


def build_parser(settings: Settings) -> argparse.ArgumentParser:
    """Options, with defaults from ``COLDTRACE_SIM_*``."""
    parser = argparse.ArgumentParser(
        prog="coldtrace-sim probes", description="Serve simulated Modbus TCP probes."
    )
    parser.add_argument("--host", default=settings.probe_host)
    parser.add_argument("--port", type=int, default=None, help="first TCP port")
    parser.add_argument("--count", type=int, default=settings.probe_count)
    parser.add_argument("--unit-base", type=int, default=settings.probe_unit_base)
    parser.add_argument("--units-per-port", type=int, default=settings.probe_units_per_port)
    parser.add_argument("--sample-interval-s", type=float, default=settings.probe_sample_interval_s)
    parser.add_argument("--setpoint-c", type=float, default=5.0)
    parser.add_argument("--speed", type=float, default=None, help="sim seconds per real second")
    parser.add_argument("--start", default=None, help="sim start: now, now-1d, ISO 8601")
    parser.add_argument("--scenario", type=Path, default=settings.scenario)
    parser.add_argument("--inventory", type=Path, default=None, help="write probe list (JSON)")
    parser.add_argument("--log-level", default=settings.log_level)
    return parser


def plan_from_args(args: argparse.Namespace, settings: Settings) -> ScenarioPlan:
    """The plan for the given options (a scenario file, or the standard fleet)."""
    if args.scenario is not None:
        doc = load_scenario(args.scenario).doc
    else:
        doc = standard_fleet(
            args.count,
            host=args.host,
            port=args.port or settings.probe_port,
            unit_base=args.unit_base,
            units_per_port=args.units_per_port,
            setpoint_c=args.setpoint_c,
            sample_interval_s=args.sample_interval_s,
        )
    return build_plan(
        doc,
        default_port=settings.probe_port,
        dump_dir=settings.dump_dir,
        speed=args.speed,
        start=args.start,
        port=args.port,
    )


async def serve(plan: ScenarioPlan, inventory: Path | None) -> None:
    """Serve the plan's probes until SIGINT / SIGTERM."""
    stop = asyncio.Event()
    install_stop_signals(stop)

    def ready(fleet: ProbeFleet) -> None:
        if inventory is not None:
            fleet.write_inventory(inventory)

    clock = plan.clock()
    await run_plan(plan, clock, stop, with_loggers=False, on_ready=ready)


def main(argv: list[str]) -> int:
    """Run the probes; 2 on a configuration error, 1 if an endpoint cannot listen."""
    settings = get_settings()
    args = build_parser(settings).parse_args(argv)
    configure_logging(args.log_level, stream=sys.stderr)
    quiet_pymodbus(args.log_level)
    try:
        plan = plan_from_args(args, settings)
    except (ScenarioError, ProbeError, ValueError) as exc:
        print(f"coldtrace-sim probes: {exc}", file=sys.stderr)
        return 2
    try:
        asyncio.run(serve(plan, args.inventory))
    except ProbeError as exc:
        print(f"coldtrace-sim probes: {exc}", file=sys.stderr)
        return 1
    return 0
