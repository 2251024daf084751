"""What the antennas see: tag observations, and the TagField interface the RF world implements."""

import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Observation:
    """One tag answering one inventory round on one antenna."""

    epc: bytes
    rssi_dbm: float
    epc_bits: int = 96


class TagField(Protocol):
    """The RF environment of one reader: which tags answer a round on an antenna, and how loud."""

    def inventory(self, antenna_id: int, at_s: float, tx_power_dbm: float) -> Iterable[Observation]:
        """The tags singulated by one round on ``antenna_id`` at simulated time ``at_s``.

        The reader may stop consuming early (a tag observation trigger fired), so a generator
        only pays for the tags actually singulated.
        """
        ...


class SteadyField:
    """A fixed set of tags always in the field of every antenna (the quick-check mode).

    Each tag has a stable RSSI per antenna (-45 to -70 dBm, weaker with lower transmit power)
    and answers a round with probability ``read_probability``.
    """

    def __init__(
        self, epcs: Sequence[bytes], *, read_probability: float = 1.0, seed: int = 1
    ) -> None:
        self._epcs = list(epcs)
        self._probability = read_probability
        self._rng = random.Random(seed)  # noqa: S311 - simulation, not cryptography
        self._base_rssi = [self._rng.uniform(-70.0, -45.0) for _ in self._epcs]

    def inventory(
        self,
        antenna_id: int,
        at_s: float,  # noqa: ARG002 - a steady field does not change over time
        tx_power_dbm: float,
    ) -> Iterator[Observation]:
        """Every tag, each with its probability and a little fading, from a random first one
        (Gen2 slotted singulation answers in no fixed order)."""
        count = len(self._epcs)
        if not count:
            return
        power_penalty = max(0.0, 30.0 - tx_power_dbm) + 2.0 * (antenna_id - 1)
        rng = self._rng
        first = rng.randrange(count)
        for step in range(count):
            index = (first + step) % count
            if self._probability < 1.0 and rng.random() >= self._probability:
                continue
            rssi = self._base_rssi[index] - power_penalty + rng.uniform(-1.5, 1.5)
            yield Observation(self._epcs[index], rssi)


def gen2_crc16(data: bytes) -> int:
    """The Gen2 StoredCRC: CRC-16/GENIBUS (poly 0x1021, preset 0xFFFF, inverted) over PC+EPC."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc ^ 0xFFFF


def protocol_control_bits(epc_bits: int) -> int:
    """The PC word of a tag whose EPC has ``epc_bits`` bits: length in words, no UMI/XI/toggle."""
    return ((epc_bits + 15) // 16) << 11
