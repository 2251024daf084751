"""TagReportContentSelector honoured field by field, Impinj fields, and Select filters."""

import dataclasses
import random
from typing import Any

import pytest

from coldtrace_sim.llrp.enums import IMPINJ_PEN
from coldtrace_sim.llrp.fields import BitString
from coldtrace_sim.llrp.messages import CustomMessage
from coldtrace_sim.llrp.messages_specs import AddROSpec, EnableROSpec
from coldtrace_sim.llrp.parameter import Custom
from coldtrace_sim.llrp.params_c1g2 import (
    C1G2EPCMemorySelector,
    C1G2Filter,
    C1G2InventoryCommand,
    C1G2TagInventoryMask,
)
from coldtrace_sim.llrp.params_config import AntennaConfiguration, TagReportContentSelector
from coldtrace_sim.llrp.params_report import TagReportData
from coldtrace_sim.llrp.tags import gen2_crc16
from coldtrace_sim.rfworld.epcs import raw_epc, steady_epcs
from tests.sim.llrp.conftest import Connect, StartReader
from tests.sim.llrp.rospecs import aispec, rospec

# Selector flag -> the TagReportData attribute it switches on.
FIELDS = {
    "enable_rospec_id": "rospec_id",
    "enable_spec_index": "spec_index",
    "enable_inventory_parameter_spec_id": "inventory_parameter_spec_id",
    "enable_antenna_id": "antenna_id",
    "enable_channel_index": "channel_index",
    "enable_peak_rssi": "peak_rssi_dbm",
    "enable_first_seen_timestamp": "first_seen_utc_us",
    "enable_last_seen_timestamp": "last_seen_utc_us",
    "enable_tag_seen_count": "tag_seen_count",
    "enable_access_spec_id": "access_spec_id",
}
OPTIONAL = [
    f.name for f in dataclasses.fields(TagReportData) if f.name not in ("epc", "epc_bits", "custom")
]


async def first_tags(
    start_reader: StartReader, connect: Connect, spec: object, **reader: object
) -> list[TagReportData]:
    peer = await connect(await start_reader(**reader))
    if reader.get("vendor") == "impinj":
        await peer.request(CustomMessage(IMPINJ_PEN, 21, bytes(4)))
    response = await peer.request(AddROSpec(spec))  # type: ignore[arg-type]
    assert response.status.ok, response  # type: ignore[attr-defined]
    assert (await peer.request(EnableROSpec(1))).status.ok  # type: ignore[attr-defined]
    return await peer.tags(1)


@pytest.mark.parametrize("flag", sorted(FIELDS))
async def test_each_selector_flag_adds_exactly_its_field(
    start_reader: StartReader, connect: Connect, flag: str
) -> None:
    flags: dict[str, Any] = {flag: True}
    selector = TagReportContentSelector(**flags)
    tags = await first_tags(
        start_reader, connect, rospec(specs=(aispec(n_tags=1),), selector=selector)
    )
    present = {name for name in OPTIONAL if getattr(tags[0], name) is not None}
    assert present == {FIELDS[flag]}
    assert tags[0].custom == ()


async def test_pc_bits_and_crc_from_the_memory_selector(
    start_reader: StartReader, connect: Connect
) -> None:
    selector = TagReportContentSelector(memory_selectors=(C1G2EPCMemorySelector(True, True),))
    (tag, *_) = await first_tags(
        start_reader, connect, rospec(specs=(aispec(n_tags=1),), selector=selector)
    )
    assert tag.c1g2_pc == 0x3000  # 6 words of EPC, no UMI, GS1 (toggle 0)
    assert tag.c1g2_crc == gen2_crc16(b"\x30\x00" + tag.epc)


async def test_impinj_peak_rssi_when_asked_for(start_reader: StartReader, connect: Connect) -> None:
    # ImpinjTagReportContentSelector (50) holding ImpinjEnablePeakRSSI (53) mode 1.
    enable_peak = Custom(IMPINJ_PEN, 53, b"\x00\x01").encode()
    selector_param = Custom(IMPINJ_PEN, 50, enable_peak)
    spec = rospec(
        specs=(aispec(n_tags=1),),
        selector=TagReportContentSelector(enable_peak_rssi=True),
        report_custom=(selector_param,),
    )
    (tag, *_) = await first_tags(start_reader, connect, spec, vendor="impinj")
    (peak,) = tag.custom
    assert (peak.vendor, peak.subtype) == (IMPINJ_PEN, 57)
    peak_x100 = int.from_bytes(peak.data, "big", signed=True)
    assert tag.peak_rssi_dbm is not None
    assert abs(peak_x100 / 100 - tag.peak_rssi_dbm) <= 0.5


async def test_select_filter_keeps_only_gs1_tags(
    start_reader: StartReader, connect: Connect
) -> None:
    rng = random.Random(4)
    epcs = [*steady_epcs(3), *(raw_epc(rng) for _ in range(3))]
    # Select on the EPC bank (1) from bit 0x20 (the first EPC bit): header 0x30 = SGTIN-96.
    select = C1G2Filter(0, C1G2TagInventoryMask(1, 0x20, BitString(8, b"\x30")))
    config = AntennaConfiguration(
        1, inventory_commands=(C1G2InventoryCommand(False, filters=(select,)),)
    )
    spec = rospec(specs=(aispec(duration_ms=30, antenna_configurations=(config,)),))
    tags = await first_tags(start_reader, connect, spec, epcs=epcs)
    assert {t.epc for t in tags} <= set(epcs[:3])
