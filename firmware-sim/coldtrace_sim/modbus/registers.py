"""The probes' Modbus register map (version 1) and how values are packed into 16-bit registers.

Addresses are Modbus PDU addresses (0-based), readable with function 0x04 (read input registers)
or 0x03 (read holding registers): both see the same map. Every register is read-only; a write is
answered with exception 0x02 (illegal data address), as is a read of an unmapped address. Words
of 32-bit values are sent high word first and bytes big-endian (Modbus Application Protocol
v1.1b3 §4.2), strings two ASCII characters per register, first character in the high byte.

Live block (read 0..7 in one request):
  0  temperature       int16, 0.1 °C (-32768 = no value: sensor fault)
  1  humidity          uint16, 0.1 %RH (65535 = no value: fault or no humidity sensor)
  2  status            bit flags, see :class:`StatusBit`
  3  battery           uint16, %
  4  sample counter    uint16, +1 per new measurement, wraps at 65536
  5  device clock hi   uint32 seconds since 1970-01-01T00:00:00Z, high word
  6  device clock lo   low word
  7  sample interval   uint16, seconds between measurements
Identity block:
  100..107  serial number  ASCII, 16 characters, NUL padded
  108..115  model          ASCII, 16 characters, NUL padded
  116..118  firmware       major, minor, patch
  119       map version    1
"""

from collections.abc import Sequence
from enum import IntFlag
from typing import Final

from coldtrace_sim.modbus.errors import ProbeConfigError

MAP_VERSION: Final = 1

TEMPERATURE: Final = 0
HUMIDITY: Final = 1
STATUS: Final = 2
BATTERY: Final = 3
SAMPLE_COUNTER: Final = 4
CLOCK_HI: Final = 5
CLOCK_LO: Final = 6
SAMPLE_INTERVAL: Final = 7
LIVE_START: Final = TEMPERATURE
LIVE_COUNT: Final = 8

SERIAL: Final = 100
MODEL: Final = 108
FIRMWARE: Final = 116
MAP_VERSION_REGISTER: Final = 119
IDENTITY_START: Final = SERIAL
IDENTITY_COUNT: Final = 20
TEXT_CHARS: Final = 16

TEMPERATURE_NO_VALUE: Final = 0x8000  # -32768 as int16
HUMIDITY_NO_VALUE: Final = 0xFFFF
TEMPERATURE_SCALE: Final = 10  # register = round(temperature_c * 10)
HUMIDITY_SCALE: Final = 10  # register = round(humidity_pct * 10)


class StatusBit(IntFlag):
    """Bits of the status register (bit 0 is the least significant)."""

    SENSOR_FAULT = 1 << 0
    LOW_BATTERY = 1 << 1
    DOOR_OPEN = 1 << 2  # door contact input open
    NO_HUMIDITY_SENSOR = 1 << 3


def encode_int16(value: int) -> int:
    """Two's complement of a signed 16-bit value, as the register's unsigned content."""
    if not -0x8000 <= value <= 0x7FFF:
        msg = f"{value} does not fit in int16"
        raise ValueError(msg)
    return value & 0xFFFF


def decode_int16(register: int) -> int:
    """The signed value of a register holding an int16."""
    return register - 0x10000 if register & 0x8000 else register


def encode_temperature(temperature_c: float | None) -> int:
    """Tenths of a degree, saturated to the int16 range; ``None`` is the no-value marker."""
    if temperature_c is None:
        return TEMPERATURE_NO_VALUE
    tenths = max(-0x7FFF, min(0x7FFF, round(temperature_c * TEMPERATURE_SCALE)))
    return encode_int16(tenths)


def encode_humidity(humidity_pct: float | None) -> int:
    """Tenths of a percent in 0..1000; ``None`` is the no-value marker."""
    if humidity_pct is None:
        return HUMIDITY_NO_VALUE
    return max(0, min(1000, round(humidity_pct * HUMIDITY_SCALE)))


def encode_uint32(value: int) -> tuple[int, int]:
    """High word, low word of an unsigned 32-bit value."""
    if not 0 <= value <= 0xFFFF_FFFF:
        msg = f"{value} does not fit in uint32"
        raise ValueError(msg)
    return value >> 16, value & 0xFFFF


def decode_uint32(high: int, low: int) -> int:
    """The unsigned 32-bit value of a (high word, low word) pair."""
    return (high << 16) | low


def encode_text(text: str, *, what: str) -> list[int]:
    """16 ASCII characters in 8 registers, NUL padded, first character in the high byte."""
    if not text.isascii() or len(text) > TEXT_CHARS:
        msg = f"{what} {text!r} must be at most {TEXT_CHARS} ASCII characters"
        raise ProbeConfigError(msg)
    raw = text.encode("ascii").ljust(TEXT_CHARS, b"\0")
    return [(raw[i] << 8) | raw[i + 1] for i in range(0, TEXT_CHARS, 2)]


def decode_text(registers: Sequence[int]) -> str:
    """The string held in consecutive registers, NUL padding removed."""
    raw = b"".join(register.to_bytes(2, "big") for register in registers)
    return raw.rstrip(b"\0").decode("ascii")


def identity_registers(serial: str, model: str, firmware: tuple[int, int, int]) -> list[int]:
    """The identity block 100..119, fixed for the life of a probe."""
    if any(not 0 <= part <= 0xFFFF for part in firmware):
        msg = f"firmware version {firmware} has a part outside 0..65535"
        raise ProbeConfigError(msg)
    block = [
        *encode_text(serial, what="serial"),
        *encode_text(model, what="model"),
        *firmware,
        MAP_VERSION,
    ]
    if len(block) != IDENTITY_COUNT:
        msg = "identity block has the wrong size"
        raise ProbeConfigError(msg, serial=serial)
    return block
