"""Running one ROSpec: its AISpecs, inventory rounds, stop triggers and reports (LLRP §10.2).

Simulated time drives everything here: an inventory round lasts as long as singulating its tags
takes at the profile's read rate, and Duration triggers count simulated milliseconds.
"""

import asyncio
from dataclasses import dataclass, field

from coldtrace_sim.llrp.config import merge_antenna
from coldtrace_sim.llrp.enums import (
    AISpecStopTriggerType,
    NotificationEventType,
    ROReportTriggerType,
    ROSpecStopTriggerType,
    TagObservationTriggerType,
)
from coldtrace_sim.llrp.host import EndReason, Host
from coldtrace_sim.llrp.params_config import AntennaConfiguration
from coldtrace_sim.llrp.params_events import AISpecEvent
from coldtrace_sim.llrp.params_rospec import (
    AISpec,
    GPITriggerValue,
    InventoryParameterSpec,
    ROSpec,
    TagObservationTrigger,
)
from coldtrace_sim.llrp.report import ReportBuilder
from coldtrace_sim.llrp.selection import selected


@dataclass
class _Progress:
    """What an AISpec has seen so far, for its tag observation trigger."""

    started_s: float
    seen: set[bytes] = field(default_factory=set)
    last_new_s: float = 0.0
    attempts: int = 0


class Execution:
    """One run of a ROSpec from Active back to Inactive."""

    def __init__(
        self, host: Host, spec: ROSpec, report: ReportBuilder, antenna_offset: int = 0
    ) -> None:
        self.host = host
        # Where the antenna rotation resumes: a looping ROSpec keeps cycling its antennas.
        self.antenna_offset = antenna_offset
        self.spec = spec
        self.report = report
        self.stop_requested = False
        self.wake = asyncio.Event()
        self._gpi_fired: set[tuple[int, bool]] = set()
        self._deadline_s: float | None = None
        self._antenna_configs: dict[tuple[int, int], AntennaConfiguration] = {}

    def request_stop(self) -> None:
        """Stop at the next round boundary (STOP_ROSPEC, DISABLE_ROSPEC, preemption)."""
        self.stop_requested = True
        self.wake.set()

    def _on_gpi(self, port: int, high: bool) -> None:
        self._gpi_fired.add((port, high))
        self.wake.set()

    def _gpi_hit(self, trigger: GPITriggerValue | None) -> bool:
        return trigger is not None and (trigger.gpi_port_num, trigger.gpi_event) in self._gpi_fired

    async def run(self) -> EndReason:
        """Run the AISpecs in order until done, stopped or the ROSpec stop trigger fires."""
        clock = self.host.clock
        stop = self.spec.boundary.stop_trigger
        if stop.trigger_type == ROSpecStopTriggerType.DURATION:
            self._deadline_s = clock.now_s() + stop.duration_ms / 1000
        elif stop.trigger_type == ROSpecStopTriggerType.GPI_WITH_TIMEOUT and stop.gpi:
            timeout_ms = stop.gpi.timeout_ms
            self._deadline_s = clock.now_s() + timeout_ms / 1000 if timeout_ms else None
        unsubscribe = self.host.gpio.on_gpi(self._on_gpi)
        try:
            reason = EndReason.DONE
            for index, item in enumerate(self.spec.specs, start=1):
                if isinstance(item, AISpec):
                    reason = await self._run_aispec(index, item)
                    if reason is not EndReason.DONE:
                        break
            return reason
        finally:
            unsubscribe()

    def _rospec_ended(self, now_s: float) -> EndReason | None:
        if self.stop_requested:
            return EndReason.STOPPED
        if self._deadline_s is not None and now_s >= self._deadline_s:
            return EndReason.STOP_TRIGGER
        if self._gpi_hit(self.spec.boundary.stop_trigger.gpi):
            return EndReason.STOP_TRIGGER
        return None

    async def _run_aispec(self, index: int, spec: AISpec) -> EndReason:
        clock = self.host.clock
        antennas = spec.antenna_ids
        if 0 in antennas:
            antennas = tuple(range(1, self.host.profile.antenna_count + 1))
        trigger = spec.stop_trigger
        kind = trigger.trigger_type
        observation = (
            trigger.tag_observation if kind == AISpecStopTriggerType.TAG_OBSERVATION else None
        )
        progress = _Progress(started_s=clock.now_s())
        progress.last_new_s = progress.started_s
        deadline: float | None = None
        if kind == AISpecStopTriggerType.DURATION:
            deadline = progress.started_s + trigger.duration_ms / 1000
        elif (
            kind == AISpecStopTriggerType.GPI_WITH_TIMEOUT
            and trigger.gpi
            and trigger.gpi.timeout_ms
        ):
            deadline = progress.started_s + trigger.gpi.timeout_ms / 1000
        elif observation is not None and observation.timeout_ms:
            deadline = progress.started_s + observation.timeout_ms / 1000
        gpi = trigger.gpi if kind == AISpecStopTriggerType.GPI_WITH_TIMEOUT else None
        while True:
            reason = await self._pass(
                index=index,
                spec=spec,
                antennas=antennas,
                progress=progress,
                deadline=deadline,
                gpi=gpi,
                observation=observation,
            )
            if reason is not None:
                break
            progress.attempts += 1
            if observation is not None and _observation_done(observation, progress, clock.now_s()):
                reason = EndReason.DONE
                break
        if reason is not EndReason.STOPPED:
            await self.host.notify(
                NotificationEventType.AISPEC, aispec=AISpecEvent(0, self.spec.rospec_id, index)
            )
        if self.report.trigger is ROReportTriggerType.UPON_N_TAGS_OR_END_OF_AISPEC:
            await self.flush()
        return reason

    async def _pass(
        self,
        *,
        index: int,
        spec: AISpec,
        antennas: tuple[int, ...],
        progress: _Progress,
        deadline: float | None,
        gpi: GPITriggerValue | None,
        observation: TagObservationTrigger | None,
    ) -> EndReason | None:
        """One round per InventoryParameterSpec and antenna; the reason if the AISpec ended."""
        for inventory in spec.inventory_specs:
            for step in range(len(antennas)):
                antenna = antennas[(self.antenna_offset + step) % len(antennas)]
                now = self.host.clock.now_s()
                reason = self._rospec_ended(now)
                if reason is not None:
                    return reason
                reads, done = await self._round(
                    index=index,
                    inventory=inventory,
                    antenna=antenna,
                    now=now,
                    progress=progress,
                    observation=observation,
                )
                await self._pace(reads, now, deadline)
                if done:
                    self.antenna_offset += step + 1
                    return EndReason.DONE
                # Checked after the round: an AISpec always gets at least one round.
                if (deadline is not None and self.host.clock.now_s() >= deadline) or self._gpi_hit(
                    gpi
                ):
                    return EndReason.DONE
        return None

    def _antenna_config(
        self, inventory: InventoryParameterSpec, antenna: int
    ) -> AntennaConfiguration:
        """The reader's antenna settings overlaid with the InventoryParameterSpec's (§10.2.2.2)."""
        key = (inventory.spec_id, antenna)
        config = self._antenna_configs.get(key)
        if config is None:
            config = self.host.config.antennas[antenna]
            for update in inventory.antenna_configurations:
                if update.antenna_id in (0, antenna):
                    config = merge_antenna(config, update)
            self._antenna_configs[key] = config
        return config

    async def _round(
        self,
        *,
        index: int,
        inventory: InventoryParameterSpec,
        antenna: int,
        now: float,
        progress: _Progress,
        observation: TagObservationTrigger | None,
    ) -> tuple[int, bool]:
        """Singulate the tags one round finds; (reads, True if the tag count trigger fired)."""
        host = self.host
        config = self._antenna_config(inventory, antenna)
        tx = config.rf_transmitter
        tx_dbm = host.profile.power_dbm(tx.transmit_power if tx else len(host.profile.power_table))
        commands = config.inventory_commands
        filters = commands[0].filters if commands else ()
        channel = host.channel_index(now)
        rate = host.profile.read_rate_per_s
        step_us = int(1_000_000 / rate) if rate > 0 else 0
        at_us = int(now * 1_000_000)
        wanted = 0
        if observation is not None and (
            observation.trigger_type == TagObservationTriggerType.UPON_SEEING_N_TAGS_OR_TIMEOUT
        ):
            wanted = observation.number_of_tags
        report = self.report
        seen = progress.seen
        reads = 0
        for tag in host.field.inventory(antenna, now, tx_dbm):
            if filters and not selected(tag.epc, tag.epc_bits, filters):
                continue
            reads += 1
            if report.add(
                epc=tag.epc,
                epc_bits=tag.epc_bits,
                antenna_id=antenna,
                channel_index=channel,
                spec_index=index,
                inventory_spec_id=inventory.spec_id,
                rssi_dbm=tag.rssi_dbm,
                at_us=at_us,
            ):
                await self.flush()
            at_us += step_us
            if tag.epc not in seen:
                seen.add(tag.epc)
                progress.last_new_s = now
                if wanted and len(seen) >= wanted:
                    return reads, True
        return reads, False

    async def _pace(self, reads: int, now: float, deadline: float | None) -> None:
        """Let the round take its simulated time, waking early for stops, GPI and deadlines."""
        profile = self.host.profile
        round_s = profile.min_round_s
        if profile.read_rate_per_s > 0:
            round_s = max(round_s, reads / profile.read_rate_per_s)
        for limit in (deadline, self._deadline_s):
            if limit is not None:
                round_s = min(round_s, max(0.0, limit - now))
        if await self.host.clock.wait(self.wake, round_s) and not self.stop_requested:
            self.wake.clear()

    async def flush(self) -> None:
        """Send every accumulated tag report now."""
        for message in self.report.take():
            await self.host.send(message)


def _observation_done(trigger: TagObservationTrigger, progress: _Progress, now_s: float) -> bool:
    """Whether the attempt count or quiet-time variants of TagObservationTrigger fired."""
    kind = trigger.trigger_type
    if kind == TagObservationTriggerType.N_ATTEMPTS_TO_SEE_ALL_TAGS_IN_FOV_OR_TIMEOUT:
        return progress.attempts >= max(1, trigger.number_of_attempts)
    if kind == TagObservationTriggerType.UPON_SEEING_NO_MORE_NEW_TAGS_FOR_T_MS_OR_TIMEOUT:
        return (now_s - progress.last_new_s) * 1000 >= trigger.t_ms
    return False
