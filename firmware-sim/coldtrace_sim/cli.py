"""``coldtrace-sim``: one command, a sub-command per kind of simulated device.

Each sub-command lives with its device package and owns its own argument parsing, so adding a
device never touches the others.
"""

import importlib
import sys

# sub-command -> module whose ``main(argv: list[str]) -> int`` runs it.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "reader": ("coldtrace_sim.llrp.cli", "an LLRP 1.0.1 RFID reader with tags in its field"),
    "probes": ("coldtrace_sim.modbus.cli", "Modbus TCP temperature/humidity probes"),
    "logger-dump": ("coldtrace_sim.loggers.cli", "write a transit data logger dump file"),
    "scenario": ("coldtrace_sim.scenarios.cli", "run a YAML scenario (probes, loggers, portals)"),
}


def usage() -> str:
    """The top-level help text."""
    lines = ["usage: coldtrace-sim <command> [options]", "", "commands:"]
    lines += [f"  {name:<12} {text}" for name, (_, text) in SUBCOMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Dispatch to the sub-command's own ``main``."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in {"-h", "--help"} or args[0] not in SUBCOMMANDS:
        print(usage(), file=sys.stderr if args and args[0] not in {"-h", "--help"} else sys.stdout)
        return 0 if args and args[0] in {"-h", "--help"} else 2
    module = importlib.import_module(SUBCOMMANDS[args[0]][0])
    code: int = module.main(args[1:])
    return code
