"""The gateway's portals against the simulated dock door, through sllurp: one pass per tag."""

import asyncio
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from coldtrace_protocol.holds import Hold, HoldList, HoldReason
from coldtrace_protocol.identifiers import decode_epc_bytes
from coldtrace_protocol.rfid import PassDirection
from coldtrace_sim.rfworld.epcs import DEMO_COMPANY_PREFIX, case_epc, item_epc, pallet_epc
from tests.edge.rfid.portal_world import door_readers, open_outbox, outbox_items, simulated_door

SPEED = 10.0


async def test_a_pallet_in_gives_one_inbound_pass_per_tag(tmp_path: Path) -> None:
    pallets = [
        {
            "id": "PAL-1",
            "sscc": "0000000101",
            "contents": [{"product": "012345", "lot": "L1", "cases": 3, "items_per_case": 2}],
            "passes": [{"at": "10s", "portal": "door-1", "direction": "in"}],
        },
        {
            "id": "PAL-PARKED",
            "sscc": "0000000102",
            "contents": [{"product": "023456", "lot": "L2", "cases": 2}],
            "parked": [{"from": "0s", "portal": "door-1", "side": "inside", "distance_m": 5}],
        },
    ]
    async with open_outbox(tmp_path) as outbox:
        async with simulated_door(door_readers(pallets), SPEED, tmp_path, outbox) as running:
            await asyncio.sleep(4.5)
            stats = running.portals.smoother.stats
        passes, _ = await outbox_items(outbox)
    expected = {pallet_epc(DEMO_COMPANY_PREFIX, "0000000101").hex().upper()}
    expected |= {case_epc(DEMO_COMPANY_PREFIX, "012345", 1 + k).hex().upper() for k in range(3)}
    expected |= {item_epc(DEMO_COMPANY_PREFIX, "012345", 1 + k).hex().upper() for k in range(6)}
    counts = Counter(p.epc for p in passes)
    print(
        stats, sorted((p.epc, p.direction, p.direction_confidence, p.peak_rssi_dbm) for p in passes)
    )
    assert set(counts) <= expected
    assert all(n == 1 for n in counts.values())
    assert all(p.direction is PassDirection.INBOUND for p in passes)
    assert all(p.to_location == "cold-room-1" for p in passes)
    assert stats.presences >= 1  # the parked pallet: present near the portal, no pass
    (pallet,) = [p for p in passes if p.identity.sscc is not None]
    assert pallet.epc in expected
    children = [p for p in passes if p.aggregation_parent_sscc == pallet.identity.sscc]
    assert pallet.aggregated_children == len(children) > 0
    assert passes[0] == pallet  # the container leaves first


async def test_an_outbound_held_item_raises_an_alarm_without_any_uplink(tmp_path: Path) -> None:
    held = item_epc(DEMO_COMPANY_PREFIX, "012345", 1)
    holds = HoldList(
        site_id="site-1",
        issued_at=datetime.now(UTC),
        version=1,
        holds=[Hold(pure_uri=decode_epc_bytes(held).pure_uri, reason=HoldReason.RECALLED)],
    )
    (tmp_path / "h.json").write_text(holds.model_dump_json())
    pallets = [
        {
            "id": "PAL-OUT",
            "sscc": "0000000201",
            "contents": [{"product": "012345", "lot": "L1", "cases": 1, "items_per_case": 2}],
            "passes": [{"at": "8s", "portal": "door-1", "direction": "out"}],
        }
    ]
    async with open_outbox(tmp_path) as outbox:
        async with simulated_door(door_readers(pallets, noise=0), SPEED, tmp_path, outbox):
            await asyncio.sleep(3.5)
        passes, alarms = await outbox_items(outbox)
    (alarm,) = alarms
    assert alarm.epc == held.hex().upper()
    assert alarm.reason is HoldReason.RECALLED
    (held_pass,) = [p for p in passes if p.epc == alarm.epc]
    assert held_pass.direction is PassDirection.OUTBOUND
    assert alarm.pass_event_id == held_pass.event_id
