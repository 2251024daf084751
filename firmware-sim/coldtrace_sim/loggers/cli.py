"""``coldtrace-sim logger-dump``: write the dump of one simulated transit logger trip.

Example: a 20 h reefer trip from two days ago, 5-minute interval, a 90-minute excursion to
14.5 °C six hours in, the logger's clock 40 ppm fast::

    coldtrace-sim logger-dump --out dumps/ --serial CTL-000123 --start now-2d --hours 20 \\
        --interval-min 5 --excursion 6h,90m,14.5 --drift-ppm 40
"""

import argparse
import logging
import sys
from pathlib import Path

from coldtrace_protocol.logsetup import configure_logging
from coldtrace_sim.loggers.dumpfile import DumpFormat, write_dump
from coldtrace_sim.loggers.errors import TransitLoggerError
from coldtrace_sim.loggers.recorder import LoggerSetup, Trip, record_trip
from coldtrace_sim.scenarios.climate import ClimateModel, Schedule, Window, excursion
from coldtrace_sim.scenarios.clock import parse_start
from coldtrace_sim.scenarios.durations import parse_duration_s

logger = logging.getLogger(__name__)


def parse_excursion(text: str) -> tuple[float, float, float]:
    """``AT,FOR,PEAK_C`` (e.g. ``6h,90m,14.5``) as (start s, length s, peak °C)."""
    parts = text.split(",")
    if len(parts) != 3:
        msg = f"excursion {text!r} must be AT,FOR,PEAK_C (e.g. 6h,90m,14.5)"
        raise argparse.ArgumentTypeError(msg)
    try:
        return parse_duration_s(parts[0]), parse_duration_s(parts[1]), float(parts[2])
    except ValueError as exc:
        msg = f"excursion {text!r}: {exc}"
        raise argparse.ArgumentTypeError(msg) from exc


def _duration(text: str) -> float:
    try:
        return parse_duration_s(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def build_parser() -> argparse.ArgumentParser:
    """The command's options."""
    parser = argparse.ArgumentParser(
        prog="coldtrace-sim logger-dump", description="Write a simulated transit logger dump."
    )
    parser.add_argument("--out", type=Path, required=True, help="file (.json/.csv) or folder")
    parser.add_argument("--serial", required=True, help="logger serial number")
    parser.add_argument("--start", default="now-1d", help="true UTC start: ISO 8601, now, now-2d")
    parser.add_argument("--hours", type=float, required=True, help="trip length in hours")
    parser.add_argument("--interval-min", type=float, default=5.0, help="recording interval")
    parser.add_argument("--excursion", type=parse_excursion, action="append", default=[])
    parser.add_argument("--setpoint-c", type=float, default=5.0)
    parser.add_argument("--ambient-c", type=float, default=25.0)
    parser.add_argument("--noise-c", type=float, default=0.1)
    parser.add_argument("--clock-offset-s", type=float, default=0.0, help="logger clock error")
    parser.add_argument("--drift-ppm", type=float, default=0.0, help="logger clock drift")
    parser.add_argument("--download-after", type=_duration, default=600.0, help="after arrival")
    parser.add_argument("--trip-ref", default=None, help="trip / shipment reference")
    parser.add_argument("--model", default="CT-TL20")
    parser.add_argument("--no-humidity", action="store_true", help="temperature-only logger")
    parser.add_argument("--format", choices=[f.value for f in DumpFormat], default=None)
    return parser


def main(argv: list[str]) -> int:
    """Write the dump; print its path. Exit 2 on bad options, 1 if it cannot be written."""
    args = build_parser().parse_args(argv)
    configure_logging("INFO", stream=sys.stderr)
    try:
        clock_start = parse_start(args.start)
    except ValueError as exc:
        print(f"coldtrace-sim logger-dump: {exc}", file=sys.stderr)
        return 2
    climate = ClimateModel(
        setpoint_c=args.setpoint_c,
        ambient_c=args.ambient_c,
        schedules=tuple(
            Schedule(
                excursion(peak_c - args.setpoint_c, length_s), (Window(at_s, at_s + length_s),)
            )
            for at_s, length_s, peak_c in args.excursion
        ),
    )
    setup = LoggerSetup(
        serial=args.serial,
        model=args.model,
        interval_s=max(1, round(args.interval_min * 60)),
        clock_offset_s=args.clock_offset_s,
        clock_drift_ppm=args.drift_ppm,
        noise_c=args.noise_c,
        has_humidity=not args.no_humidity,
    )
    trip_s = args.hours * 3600.0
    try:
        trip = Trip(clock_start, 0.0, trip_s, trip_s + args.download_after, trip_ref=args.trip_ref)
        dump = record_trip(setup, climate, trip)
        path = write_dump(dump, args.out, DumpFormat(args.format) if args.format else None)
    except (TransitLoggerError, ValueError) as exc:
        print(f"coldtrace-sim logger-dump: {exc}", file=sys.stderr)
        return 1 if isinstance(exc, OSError) else 2
    logger.info("logger %s: %s readings written to %s", setup.serial, dump.reading_count, path)
    print(path)
    return 0
