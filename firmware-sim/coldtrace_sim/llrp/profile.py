"""What kind of reader is simulated: identity, vendor behaviour, hardware tables and timings."""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

from coldtrace_sim.llrp.enums import IMPINJ_PEN


class VendorMode(StrEnum):
    """Vendor behaviour of a simulated reader.

    ``impinj`` accepts IMPINJ_ENABLE_EXTENSIONS and the common Impinj parameters, like an Impinj
    Speedway; ``plain`` answers them with ERROR_MESSAGE M_UnsupportedMessage, like readers of
    other makes do (LLRP 1.0.1 §8.1: unsupported custom messages get an ERROR_MESSAGE).
    """

    IMPINJ = "impinj"
    PLAIN = "plain"


@dataclass(frozen=True)
class RFMode:
    """One Gen2 RF mode of the mode table (LLRP 1.0.1 §15.2.1.1.2.1); Tari in nanoseconds."""

    mode_identifier: int
    m_value: int  # 0 FM0, 1 Miller-2, 2 Miller-4, 3 Miller-8
    forward_link_modulation: int  # 0 PR-ASK, 1 SSB-ASK, 2 DSB-ASK
    spectral_mask_indicator: int  # 0 unknown, 1 single, 2 multi, 3 dense interrogator
    bdr_bps: int
    pie_x1000: int
    min_tari_ns: int
    max_tari_ns: int
    step_tari_ns: int = 0
    dr_64_3: bool = True  # divide ratio 64/3 (True) or 8


# Modes shaped after a fixed UHF reader's table: max throughput to dense-reader Miller-8.
DEFAULT_MODES: Final = (
    RFMode(0, 0, 0, 2, 640_000, 1500, 6250, 6250),
    RFMode(1, 1, 0, 2, 640_000, 1500, 6250, 6250),
    RFMode(2, 2, 0, 3, 274_000, 2000, 20_000, 20_000),
    RFMode(3, 3, 0, 3, 170_600, 2000, 20_000, 20_000),
    RFMode(4, 2, 0, 2, 640_000, 1500, 7140, 7140),
    RFMode(1000, 2, 0, 3, 40_000, 1500, 6250, 25_000, 6250),
    RFMode(1002, 2, 0, 3, 40_000, 1500, 6250, 25_000, 6250),
)
# FCC part 15 hop table: 50 channels, 902.75 to 927.25 MHz, in kHz.
FCC_CHANNELS_KHZ: Final = tuple(902_750 + 500 * k for k in range(50))
# 10.00 to 32.50 dBm in 0.25 dB steps, in dBm x100 (TransmitPowerLevelTableEntry).
DEFAULT_POWER_TABLE: Final = tuple(1000 + 25 * k for k in range(91))


@dataclass(frozen=True)
class ReaderProfile:
    """Everything that makes one simulated reader what it is; readers in a process differ by it.

    ``read_rate_per_s`` bounds how many tag reads an inventory round yields per simulated
    second (a fixed reader manages several hundred); 0 removes the bound (benchmarks).
    ``keepalive_missed_limit`` unanswered KEEPALIVEs close the connection (0 = never), and a
    client that no longer reads is reset ``close_grace_s`` after its connection is closed.
    """

    name: str = "reader-1"
    vendor: VendorMode = VendorMode.IMPINJ
    antenna_count: int = 4
    gpi_count: int = 4
    gpo_count: int = 4
    read_rate_per_s: float = 800.0
    min_round_s: float = 0.025
    channel_dwell_s: float = 0.2
    max_rospecs: int = 8
    max_tags_per_report: int = 1000
    keepalive_missed_limit: int = 3
    close_grace_s: float = 2.0
    reader_id: bytes = bytes.fromhex("001625c0ffee")
    country_code: int = 840
    communications_standard: int = 1  # US FCC part 15
    channels_khz: tuple[int, ...] = FCC_CHANNELS_KHZ
    power_table: tuple[int, ...] = DEFAULT_POWER_TABLE
    modes: tuple[RFMode, ...] = field(default=DEFAULT_MODES)

    def __post_init__(self) -> None:
        # Accept the vendor's name too (settings and YAML give strings).
        object.__setattr__(self, "vendor", VendorMode(self.vendor))
        if not 1 <= self.antenna_count <= 32:
            raise ValueError("a reader has 1 to 32 antennas")

    @property
    def manufacturer(self) -> int:
        """DeviceManufacturerName: the vendor's IANA PEN (0 for the plain reader)."""
        return IMPINJ_PEN if self.vendor is VendorMode.IMPINJ else 0

    @property
    def model(self) -> int:
        """ModelName as the vendor numbers it."""
        return 2001002 if self.vendor is VendorMode.IMPINJ else 1

    @property
    def firmware_version(self) -> str:
        """ReaderFirmwareVersion."""
        return "5.12.2.240" if self.vendor is VendorMode.IMPINJ else "coldtrace-sim 0.1"

    def power_dbm(self, index: int) -> float:
        """The transmit power of a 1-based power table index, in dBm."""
        return self.power_table[index - 1] / 100.0

    def valid_mode(self, mode_index: int) -> bool:
        """C1G2RFControl.ModeIndex: an index into the mode table, or (as sllurp and Impinj
        readers use it, sllurp#63) a ModeIdentifier of the table."""
        return mode_index < len(self.modes) or any(
            m.mode_identifier == mode_index for m in self.modes
        )
