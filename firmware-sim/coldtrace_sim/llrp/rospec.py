"""The ROSpec state machine: Disabled, Inactive, Active, and the start triggers (LLRP §7.1, §10).

ENABLE_ROSPEC moves a ROSpec from Disabled to Inactive; its start trigger (Immediate on enable,
Periodic, GPI, or START_ROSPEC for any trigger) makes it Active; it becomes Inactive again when
its specs are done, its stop trigger fires or STOP_ROSPEC arrives. An Immediate ROSpec whose
specs are done starts over at once, as fixed readers do, so that a Tag observation AISpec
yields a report every N tags. One ROSpec is Active at a time; a higher priority (lower value)
preempts the Active one (§10.2.1: Priority 0 is the highest).
"""

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from coldtrace_sim.llrp.enums import (
    NotificationEventType,
    ROReportTriggerType,
    ROSpecEventType,
    ROSpecStartTriggerType,
    ROSpecState,
)
from coldtrace_sim.llrp.execution import Execution
from coldtrace_sim.llrp.host import EndReason, Host
from coldtrace_sim.llrp.params_events import ROSpecEvent
from coldtrace_sim.llrp.params_rospec import ROSpec
from coldtrace_sim.llrp.report import ReportBuilder
from coldtrace_sim.llrp.status import invalid_state

logger = logging.getLogger(__name__)

Spawn = Callable[[Coroutine[Any, Any, None], str], "asyncio.Task[None]"]


class ROSpecRuntime:
    """One ROSpec held by the reader, with its state and, while enabled, its lifecycle task."""

    def __init__(self, host: Host, spec: ROSpec, arbiter: "Arbiter") -> None:
        self.host = host
        self.spec = spec
        self.state = ROSpecState.DISABLED
        self._arbiter = arbiter
        self._task: asyncio.Task[None] | None = None
        self._start = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._execution: Execution | None = None
        # With ROReportTrigger None, reads accumulate across runs until GET_REPORT (§13.2.1).
        self._held: ReportBuilder | None = None
        self._antenna_offset = 0

    @property
    def rospec_id(self) -> int:
        """The ROSpecID."""
        return self.spec.rospec_id

    @property
    def priority(self) -> int:
        """0 is the highest priority."""
        return self.spec.priority

    def current(self) -> ROSpec:
        """The ROSpec with its CurrentState, for GET_ROSPECS."""
        spec = self.spec
        return ROSpec(
            spec.rospec_id, spec.priority, self.state, spec.boundary, spec.specs, spec.report_spec
        )

    def enable(self, spawn: Spawn) -> None:
        """ENABLE_ROSPEC: Disabled to Inactive, starting at once if the trigger is Immediate."""
        if self.state is not ROSpecState.DISABLED:
            return
        self.state = ROSpecState.INACTIVE
        self._start.clear()
        self._task = spawn(self._lifecycle(), f"rospec-{self.rospec_id}")

    def start(self) -> None:
        """START_ROSPEC: only an Inactive ROSpec can be started (§10.1.5)."""
        if self.state is not ROSpecState.INACTIVE:
            raise invalid_state(f"ROSpec {self.rospec_id} is {self.state.name}, not INACTIVE")
        self._start.set()

    async def stop(self) -> None:
        """End the current run (its reports are sent) and wait until it is Inactive."""
        if self._execution is not None:
            self._execution.request_stop()
        await self._idle.wait()

    async def disable(self) -> None:
        """DISABLE_ROSPEC: stop if Active, then Disabled (§10.1.11)."""
        await self.stop()
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.wait({task})
        self.state = ROSpecState.DISABLED

    async def flush(self) -> None:
        """GET_REPORT: send what has accumulated, in the current run or held from past ones."""
        builder = self._held or (self._execution.report if self._execution else None)
        if builder is not None:
            for message in builder.take():
                await self.host.send(message)

    async def _lifecycle(self) -> None:
        trigger = self.spec.boundary.start_trigger
        run_now = trigger.trigger_type == ROSpecStartTriggerType.IMMEDIATE
        first_s = self.host.clock.now_s()
        if trigger.periodic is not None:
            periodic = trigger.periodic
            base = periodic.utc_timestamp.microseconds / 1e6 if periodic.utc_timestamp else first_s
            first_s = base + periodic.offset_ms / 1000
        periods = 0
        while True:
            if not run_now:
                if trigger.trigger_type == ROSpecStartTriggerType.PERIODIC and trigger.periodic:
                    due = first_s + periods * trigger.periodic.period_ms / 1000
                    if trigger.periodic.period_ms or periods == 0:
                        await self.host.clock.wait(self._start, due - self.host.clock.now_s())
                        periods += 1
                    else:
                        await self._start.wait()
                elif trigger.trigger_type == ROSpecStartTriggerType.GPI and trigger.gpi:
                    await self._wait_gpi(trigger.gpi.gpi_port_num, trigger.gpi.gpi_event)
                else:
                    await self._start.wait()
            self._start.clear()
            await asyncio.sleep(0)  # a looping ROSpec must never starve the event loop
            reason = await self._run()
            run_now = (
                reason is EndReason.DONE
                and trigger.trigger_type == ROSpecStartTriggerType.IMMEDIATE
            )

    async def _wait_gpi(self, port: int, high: bool) -> None:
        def fire(fired_port: int, fired_high: bool) -> None:
            if (fired_port, fired_high) == (port, high):
                self._start.set()

        unsubscribe = self.host.gpio.on_gpi(fire)
        try:
            await self._start.wait()
        finally:
            unsubscribe()

    async def _run(self) -> EndReason:
        await self._arbiter.acquire(self)
        host = self.host
        report_spec = self.spec.report_spec or host.config.report_spec
        report = self._held or ReportBuilder(
            self.rospec_id, report_spec, max_tags=host.profile.max_tags_per_report, rng=host.rng
        )
        holding = report.trigger is ROReportTriggerType.NONE
        self._held = report if holding else None
        execution = Execution(host, self.spec, report, self._antenna_offset)
        self._execution = execution
        self.state = ROSpecState.ACTIVE
        self._idle.clear()
        try:
            await host.notify(
                NotificationEventType.ROSPEC,
                rospec=ROSpecEvent(ROSpecEventType.START_OF_ROSPEC, self.rospec_id),
            )
            reason = await execution.run()
            if not holding:
                await execution.flush()
            await host.notify(
                NotificationEventType.ROSPEC,
                rospec=ROSpecEvent(ROSpecEventType.END_OF_ROSPEC, self.rospec_id),
            )
            logger.debug("ROSpec %s ended: %s", self.rospec_id, reason.value)
            return reason
        finally:
            self._antenna_offset = execution.antenna_offset
            self._execution = None
            if self.state is ROSpecState.ACTIVE:
                self.state = ROSpecState.INACTIVE
            self._arbiter.release(self)
            self._idle.set()

    async def preempt(self, by: "ROSpecRuntime") -> None:
        """Stop for a higher-priority ROSpec and report the preemption (§13.2.6.4)."""
        await self.host.notify(
            NotificationEventType.ROSPEC,
            rospec=ROSpecEvent(ROSpecEventType.PREEMPTION_OF_ROSPEC, self.rospec_id, by.rospec_id),
        )
        await self.stop()


class Arbiter:
    """Lets one ROSpec be Active at a time, preempting by priority."""

    def __init__(self) -> None:
        self.active: ROSpecRuntime | None = None
        self._released = asyncio.Event()
        self._released.set()

    async def acquire(self, runtime: ROSpecRuntime) -> None:
        """Wait for the reader, preempting a lower-priority Active ROSpec."""
        while self.active is not None and self.active is not runtime:
            if runtime.priority < self.active.priority:
                await self.active.preempt(runtime)
            else:
                self._released.clear()
                await self._released.wait()
        self.active = runtime

    def release(self, runtime: ROSpecRuntime) -> None:
        """The Active ROSpec is done."""
        if self.active is runtime:
            self.active = None
            self._released.set()
