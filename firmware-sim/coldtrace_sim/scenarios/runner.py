"""Running a scenario plan: probes listening, outages on schedule, dumps at arrival, portals.

One task group owns every long-lived task of the run (STYLE.md, "Async"); everything stops when
the ``stop`` event is set, by a signal, by the end of ``clock.duration`` or by the caller. RFID
portals (``readers`` / ``movements``) are run by ``coldtrace_sim.rfworld.scenario``'s
``run_rfid_scenario(doc, clock_speed, stop)``, imported only when a scenario asks for portals.
"""

import asyncio
import contextlib
import importlib
import logging
import signal
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from coldtrace_sim.loggers.dumpfile import write_dump
from coldtrace_sim.loggers.recorder import record_trip
from coldtrace_sim.modbus.fleet import ProbeFleet
from coldtrace_sim.scenarios.build import LoggerJob, ScenarioPlan
from coldtrace_sim.scenarios.clock import SimClock
from coldtrace_sim.scenarios.errors import ScenarioError

logger = logging.getLogger(__name__)

RfidEntry = Callable[[Mapping[str, Any], float, asyncio.Event], Coroutine[Any, Any, None]]
RFID_MODULE = "coldtrace_sim.rfworld.scenario"
RFID_FUNCTION = "run_rfid_scenario"


def rfid_entry_point() -> RfidEntry:
    """The RFID world's scenario entry point, or a :class:`ScenarioError` saying it is missing."""
    try:
        module = importlib.import_module(RFID_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name is None or not RFID_MODULE.startswith(exc.name):
            raise  # the module exists but one of its own imports is broken: show that
        msg = f"the scenario has 'readers'/'movements' but {RFID_MODULE} is not available"
        raise ScenarioError(msg) from exc
    entry = getattr(module, RFID_FUNCTION, None)
    if not callable(entry):
        msg = f"{RFID_MODULE} has no {RFID_FUNCTION}(doc, clock_speed, stop)"
        raise ScenarioError(msg)
    runner: RfidEntry = entry
    return runner


def quiet_pymodbus(level: str) -> None:
    """pymodbus logs every listen and reconnect at INFO: keep it to warnings unless debugging."""
    if level.upper() != "DEBUG":
        logging.getLogger("pymodbus").setLevel(logging.WARNING)


def install_stop_signals(stop: asyncio.Event) -> None:
    """SIGINT and SIGTERM set ``stop`` (graceful shutdown) instead of killing the loop."""
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)


async def run_plan(
    plan: ScenarioPlan,
    clock: SimClock,
    stop: asyncio.Event,
    *,
    rfid: tuple[RfidEntry, Mapping[str, Any]] | None = None,
    with_loggers: bool = True,
    on_ready: Callable[[ProbeFleet], None] | None = None,
) -> None:
    """Run ``plan`` until ``stop`` is set (or the scenario's duration has passed).

    ``rfid`` is the RFID world's entry point (see :func:`rfid_entry_point`) and the raw scenario
    mapping to hand it.
    """
    fleet = ProbeFleet(plan.probes, clock, host=plan.host, outages=plan.outages)
    async with fleet:
        logger.info(
            "scenario running: sim start %s, speed %sx, %s probes on %s port(s), %s logger(s)",
            clock.start.isoformat(),
            clock.speed,
            len(plan.probes),
            len(fleet.servers),
            len(plan.loggers) if with_loggers else 0,
        )
        if on_ready is not None:
            on_ready(fleet)
        async with asyncio.TaskGroup() as group:
            group.create_task(fleet.run_outages(stop), name="modbus-outages")
            for job in plan.loggers if with_loggers else ():
                group.create_task(deliver_dump(job, clock, stop), name=f"logger-{job.setup.serial}")
            if rfid is not None:
                entry, raw_doc = rfid
                group.create_task(entry(raw_doc, clock.speed, stop), name="rfid-scenario")
            if plan.duration_s is not None:
                group.create_task(_end_after(plan.duration_s, clock, stop), name="scenario-end")
            await stop.wait()
    logger.info("scenario stopped at sim time %s", clock.now().isoformat())


async def deliver_dump(job: LoggerJob, clock: SimClock, stop: asyncio.Event) -> None:
    """At the trip's download time, record the trip and write its dump file."""
    if not await clock.sleep_until(job.trip.downloaded_s, stop):
        return
    dump = record_trip(job.setup, job.climate, job.trip)
    job.out_dir.mkdir(parents=True, exist_ok=True)
    path = await asyncio.to_thread(write_dump, dump, job.out_dir, job.fmt)
    logger.info(
        "logger %s downloaded: %s readings in %s", job.setup.serial, dump.reading_count, path
    )


async def _end_after(duration_s: float, clock: SimClock, stop: asyncio.Event) -> None:
    if await clock.sleep_until(duration_s, stop):
        logger.info("scenario duration reached")
        stop.set()
