"""``coldtrace-sim reader``: one simulated reader with N tags steadily in its field.

    coldtrace-sim reader --host 127.0.0.1 --port 5084 --tags 100 [--antennas 4] [--impinj|--plain]

runs until SIGINT or SIGTERM. The tags carry GS1 SGTIN-96 EPCs in the demo prefix range.
"""

import argparse
import asyncio
import contextlib
import logging
import signal

from coldtrace_protocol.logsetup import configure_logging
from coldtrace_sim.llrp.clock import SimClock
from coldtrace_sim.llrp.profile import ReaderProfile, VendorMode
from coldtrace_sim.llrp.server import LLRP_PORT, ReaderServer
from coldtrace_sim.llrp.tags import SteadyField
from coldtrace_sim.rfworld.epcs import steady_epcs

logger = logging.getLogger(__name__)


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line of ``coldtrace-sim reader``."""
    parser = argparse.ArgumentParser(
        prog="coldtrace-sim reader", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=LLRP_PORT, help="TCP port (0 = any free)")
    parser.add_argument("--tags", type=int, default=20, help="tags in the field")
    parser.add_argument("--antennas", type=int, default=4, help="antenna ports (1-32)")
    vendor = parser.add_mutually_exclusive_group()
    vendor.add_argument(
        "--impinj",
        dest="vendor",
        action="store_const",
        const=VendorMode.IMPINJ,
        help="accept Impinj extensions (default)",
    )
    vendor.add_argument(
        "--plain",
        dest="vendor",
        action="store_const",
        const=VendorMode.PLAIN,
        help="refuse vendor extensions, like non-Impinj readers",
    )
    parser.set_defaults(vendor=VendorMode.IMPINJ)
    parser.add_argument(
        "--read-rate",
        type=float,
        default=800.0,
        help="tag reads per second an inventory round yields (0 = as fast as possible)",
    )
    parser.add_argument(
        "--round-ms", type=float, default=25.0, help="shortest inventory round, milliseconds"
    )
    parser.add_argument(
        "--read-probability", type=float, default=0.95, help="chance a tag answers a round"
    )
    parser.add_argument("--name", default="reader-1", help="reader name in logs")
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args(argv)
    if not 1 <= args.antennas <= 32:
        parser.error("--antennas must be 1-32")
    if args.tags < 0:
        parser.error("--tags must not be negative")
    return args


async def serve(args: argparse.Namespace) -> None:
    """Run the reader until a stop signal."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    profile = ReaderProfile(
        name=args.name,
        vendor=args.vendor,
        antenna_count=args.antennas,
        read_rate_per_s=args.read_rate,
        min_round_s=args.round_ms / 1000,
    )
    field = SteadyField(steady_epcs(args.tags), read_probability=args.read_probability)
    server = ReaderServer(profile, field, clock=SimClock(), host=args.host, port=args.port)
    async with server:
        # The bound port on stdout lets a parent process that asked for port 0 connect.
        print(f"listening {server.host} {server.port}", flush=True)
        await stop.wait()
    logger.info("reader %s stopped", args.name)


def main(argv: list[str]) -> int:
    """Entry point of ``coldtrace-sim reader``."""
    args = parse_args(argv)
    configure_logging(args.log_level)
    asyncio.run(serve(args))
    return 0
