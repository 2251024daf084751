"""Decoding the coldtrace probe register map (version 1) read over Modbus TCP.

The map is documented in firmware-sim/README.md ("Modbus probes"); the edge keeps its own decoder
because it never imports the simulator. Words of 32-bit values come high word first and bytes
big-endian (Modbus Application Protocol v1.1b3 §4.2); strings are two ASCII characters per
register, first character in the high byte.

Live block, registers 0..7 (one request): temperature int16 0.1 °C (-32768 = no value), humidity
uint16 0.1 %RH (65535 = no value), status bits, battery %, sample counter, device clock uint32
seconds since the Unix epoch (hi, lo), sample interval s. Identity block, registers 100..119:
serial (16 ASCII), model (16 ASCII), firmware major/minor/patch, map version.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntFlag
from typing import Final

MAP_VERSION: Final = 1
LIVE_START: Final = 0
LIVE_COUNT: Final = 8
IDENTITY_START: Final = 100
IDENTITY_COUNT: Final = 20
TEXT_REGISTERS: Final = 8

TEMPERATURE_NO_VALUE: Final = 0x8000
HUMIDITY_NO_VALUE: Final = 0xFFFF
HUMIDITY_MAX_TENTHS: Final = 1000


class StatusBit(IntFlag):
    """Bits of the status register (bit 0 is the least significant)."""

    SENSOR_FAULT = 1 << 0
    LOW_BATTERY = 1 << 1
    DOOR_OPEN = 1 << 2
    NO_HUMIDITY_SENSOR = 1 << 3


class RegisterMapError(ValueError):
    """A block whose size or content does not fit the map; ``block`` names it."""

    def __init__(self, message: str, *, block: str) -> None:
        super().__init__(message)
        self.block = block


@dataclass(frozen=True, slots=True)
class LiveBlock:
    """The live block decoded; ``None`` where the probe sent its no-value marker."""

    temperature_c: float | None
    humidity_pct: float | None
    status: StatusBit
    battery_pct: int
    sample_counter: int
    device_clock_s: int
    sample_interval_s: int


@dataclass(frozen=True, slots=True)
class IdentityBlock:
    """The identity block decoded."""

    serial: str
    model: str
    firmware: tuple[int, int, int]
    map_version: int


def decode_int16(register: int) -> int:
    """The signed value of a register holding a two's complement int16."""
    return register - 0x10000 if register & 0x8000 else register


def decode_uint32(high: int, low: int) -> int:
    """An unsigned 32-bit value sent high word first."""
    return (high << 16) | low


def decode_text(registers: Sequence[int]) -> str:
    """ASCII text, first character in the high byte, NUL padding removed."""
    raw = b"".join((register & 0xFFFF).to_bytes(2, "big") for register in registers)
    text = raw.rstrip(b"\0")
    if not text.isascii():
        raise RegisterMapError("text register holds non-ASCII bytes", block="identity")
    return text.decode("ascii")


def decode_live(registers: Sequence[int]) -> LiveBlock:
    """Decode registers 0..7; a humidity above 100.0 % is treated as no value."""
    if len(registers) != LIVE_COUNT:
        raise RegisterMapError(
            f"live block has {len(registers)} registers, expected {LIVE_COUNT}", block="live"
        )
    temp_raw, hum_raw, status_raw, battery, counter, clock_hi, clock_lo, interval = registers
    status = StatusBit(status_raw & 0xF)
    temperature_c = None if temp_raw == TEMPERATURE_NO_VALUE else decode_int16(temp_raw) / 10
    humidity_pct: float | None = None
    no_humidity = hum_raw == HUMIDITY_NO_VALUE or hum_raw > HUMIDITY_MAX_TENTHS
    if not no_humidity and not status & StatusBit.NO_HUMIDITY_SENSOR:
        humidity_pct = hum_raw / 10
    return LiveBlock(
        temperature_c=temperature_c,
        humidity_pct=humidity_pct,
        status=status,
        battery_pct=battery,
        sample_counter=counter,
        device_clock_s=decode_uint32(clock_hi, clock_lo),
        sample_interval_s=interval,
    )


def decode_identity(registers: Sequence[int]) -> IdentityBlock:
    """Decode registers 100..119."""
    if len(registers) != IDENTITY_COUNT:
        raise RegisterMapError(
            f"identity block has {len(registers)} registers, expected {IDENTITY_COUNT}",
            block="identity",
        )
    major, minor, patch = registers[16:19]
    return IdentityBlock(
        serial=decode_text(registers[0:TEXT_REGISTERS]),
        model=decode_text(registers[TEXT_REGISTERS : 2 * TEXT_REGISTERS]),
        firmware=(major, minor, patch),
        map_version=registers[19],
    )
