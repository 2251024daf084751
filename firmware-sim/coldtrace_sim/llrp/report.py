"""Tag report accumulation and RO_ACCESS_REPORT building (LLRP 1.0.1 §13.2.1, §13.2.3).

Reads of the same EPC with the same values of the enabled fields (SpecIndex,
InventoryParameterSpecID, AntennaID, ChannelIndex) become one TagReportData: the first and
last seen times, the peak RSSI and the number of reads (TagSeenCount) are aggregated.
"""

import random
from dataclasses import dataclass
from typing import Final

from coldtrace_sim.llrp.enums import ROReportTriggerType
from coldtrace_sim.llrp.messages import ROAccessReport
from coldtrace_sim.llrp.params_config import ROReportSpec
from coldtrace_sim.llrp.params_report import TagReportData
from coldtrace_sim.llrp.tags import gen2_crc16, protocol_control_bits
from coldtrace_sim.llrp.vendor import report_options, report_params

_NO_ACCESS_SPEC: Final = 0  # AccessSpecID 0: the read was not produced by an AccessSpec


@dataclass(slots=True)
class _Entry:
    """The aggregate of the reads that become one TagReportData."""

    epc: bytes
    epc_bits: int
    antenna_id: int
    channel_index: int
    spec_index: int
    inventory_spec_id: int
    peak_rssi_dbm: float
    first_us: int
    last_us: int
    count: int


class ReportBuilder:
    """Accumulates the reads of one ROSpec run and cuts them into RO_ACCESS_REPORTs."""

    def __init__(
        self, rospec_id: int, spec: ROReportSpec, *, max_tags: int, rng: random.Random
    ) -> None:
        self.rospec_id = rospec_id
        self.spec = spec
        self.trigger = ROReportTriggerType(spec.trigger)
        # N counts TagReportData entries; 0 means no limit (§13.2.1).
        self.n = spec.n if self.trigger is not ROReportTriggerType.NONE else 0
        self._max_tags = max_tags
        self._rng = rng
        self._impinj = report_options(spec)
        sel = spec.selector
        self._sel = sel
        self._key_spec = sel.enable_spec_index
        self._key_ips = sel.enable_inventory_parameter_spec_id
        self._key_antenna = sel.enable_antenna_id
        self._key_channel = sel.enable_channel_index
        self._pc = any(m.enable_pc_bits for m in sel.memory_selectors)
        self._crc = any(m.enable_crc for m in sel.memory_selectors)
        self._entries: dict[tuple[bytes, int, int, int, int], _Entry] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def add(
        self,
        *,
        epc: bytes,
        epc_bits: int,
        antenna_id: int,
        channel_index: int,
        spec_index: int,
        inventory_spec_id: int,
        rssi_dbm: float,
        at_us: int,
    ) -> bool:
        """Record one read; True when N entries are waiting and a report is due."""
        key = (
            epc,
            spec_index if self._key_spec else 0,
            inventory_spec_id if self._key_ips else 0,
            antenna_id if self._key_antenna else 0,
            channel_index if self._key_channel else 0,
        )
        entry = self._entries.get(key)
        if entry is None:
            self._entries[key] = _Entry(
                epc,
                epc_bits,
                antenna_id,
                channel_index,
                spec_index,
                inventory_spec_id,
                rssi_dbm,
                at_us,
                at_us,
                1,
            )
            return 0 < self.n <= len(self._entries)
        entry.peak_rssi_dbm = max(entry.peak_rssi_dbm, rssi_dbm)
        entry.last_us = at_us
        entry.count += 1
        return False

    def _tag(self, entry: _Entry) -> TagReportData:
        sel = self._sel
        pc = protocol_control_bits(entry.epc_bits) if self._pc or self._crc else 0
        return TagReportData(
            epc=entry.epc,
            epc_bits=entry.epc_bits,
            rospec_id=self.rospec_id if sel.enable_rospec_id else None,
            spec_index=entry.spec_index if sel.enable_spec_index else None,
            inventory_parameter_spec_id=entry.inventory_spec_id
            if sel.enable_inventory_parameter_spec_id
            else None,
            antenna_id=entry.antenna_id if sel.enable_antenna_id else None,
            peak_rssi_dbm=max(-128, min(127, round(entry.peak_rssi_dbm)))
            if sel.enable_peak_rssi
            else None,
            channel_index=entry.channel_index if sel.enable_channel_index else None,
            first_seen_utc_us=entry.first_us if sel.enable_first_seen_timestamp else None,
            last_seen_utc_us=entry.last_us if sel.enable_last_seen_timestamp else None,
            tag_seen_count=min(65535, entry.count) if sel.enable_tag_seen_count else None,
            c1g2_pc=pc if self._pc else None,
            c1g2_crc=gen2_crc16(pc.to_bytes(2, "big") + entry.epc) if self._crc else None,
            access_spec_id=_NO_ACCESS_SPEC if sel.enable_access_spec_id else None,
            custom=report_params(self._impinj, entry.peak_rssi_dbm, self._rng)
            if self._impinj.any
            else (),
        )

    def take(self) -> list[ROAccessReport]:
        """Everything accumulated, as reports of at most ``max_tags`` entries; then start over."""
        tags = [self._tag(entry) for entry in self._entries.values()]
        self._entries.clear()
        size = self._max_tags
        return [ROAccessReport(tags=tuple(tags[i : i + size])) for i in range(0, len(tags), size)]
