"""Gen2 Select filtering of the tags an inventory round may singulate (LLRP 1.0.1 §15.2.1.2.1.1).

A filter compares ``mask`` with the bits of a memory bank starting at ``pointer``; its action
asserts or deasserts the tag's SL flag, and with filters present only tags with SL asserted
take part in the round. Only the EPC bank (1) is simulated: CRC-16, PC word, then the EPC.
"""

from collections.abc import Sequence
from typing import Final

from coldtrace_sim.llrp.params_c1g2 import C1G2Filter
from coldtrace_sim.llrp.tags import gen2_crc16, protocol_control_bits

EPC_BANK = 1


def mask_matches(
    epc: bytes, epc_bits: int, *, bank: int, pointer: int, mask: bytes, bits: int
) -> bool:
    """Whether ``bits`` bits of ``mask`` equal the bank's bits at ``pointer``."""
    if bank != EPC_BANK:
        return False  # no TID or user memory in the simulation
    pc = protocol_control_bits(epc_bits).to_bytes(2, "big")
    memory = gen2_crc16(pc + epc).to_bytes(2, "big") + pc + epc
    total = len(memory) * 8
    if pointer + bits > total:
        return False
    value = int.from_bytes(memory, "big") >> (total - pointer - bits) & ((1 << bits) - 1)
    wanted = int.from_bytes(mask, "big") >> (len(mask) * 8 - bits) if bits else 0
    return value == wanted


# State-unaware Select actions (§15.2.1.2.1.1.3): the SL flag for (matching, non-matching)
# tags; None leaves the flag as it was.
_ACTIONS: Final[dict[int, tuple[bool | None, bool | None]]] = {
    0: (True, False),
    1: (True, None),
    2: (None, False),
    3: (False, None),
    4: (False, True),
    5: (None, True),
}


def _apply(action: int, sl: bool, match: bool) -> bool:
    """The SL flag after one Select action."""
    on_match, on_miss = _ACTIONS.get(action, (None, None))
    outcome = on_match if match else on_miss
    return sl if outcome is None else outcome


def selected(epc: bytes, epc_bits: int, filters: Sequence[C1G2Filter]) -> bool:
    """Whether a tag takes part in a round preceded by ``filters`` (all tags if there are none)."""
    if not filters:
        return True
    sl = False
    for spec in filters:
        mask = spec.mask
        match = mask_matches(
            epc,
            epc_bits,
            bank=mask.mb,
            pointer=mask.pointer,
            mask=mask.tag_mask.data,
            bits=mask.tag_mask.bit_count,
        )
        action = spec.state_unaware_action.action if spec.state_unaware_action else 0
        sl = _apply(action, sl, match)
    return sl
