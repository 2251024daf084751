"""Message framing: the 10-byte header, and whole frames to and from message models.

LLRP 1.0.1 §16.1 header: ``u16 = rsvd:3 | version:3 | type:10``, ``u32 length`` (whole message,
header included), ``u32 message id``. Responses echo the id of the request they answer.
"""

import struct
from dataclasses import dataclass
from typing import Final

from coldtrace_sim.llrp import messages as _messages  # noqa: F401 - registers the message types
from coldtrace_sim.llrp import messages_specs as _messages_specs  # noqa: F401 - same
from coldtrace_sim.llrp.enums import HEADER_SIZE, LLRP_VERSION, StatusCode
from coldtrace_sim.llrp.errors import DecodeError, FrameError
from coldtrace_sim.llrp.message import MESSAGE_CLASSES, Message

_HEADER: Final = struct.Struct(">HII")
MAX_FRAME_BYTES: Final = 1 << 20  # what the simulated reader buffers for one incoming message


@dataclass(frozen=True, slots=True)
class Header:
    """A decoded message header."""

    version: int
    message_type: int
    length: int
    message_id: int


def parse_header(raw: bytes) -> Header:
    """Decode a 10-byte header; a length that cannot be a message raises FrameError."""
    word, length, message_id = _HEADER.unpack_from(raw)
    header = Header((word >> 10) & 0x7, word & 0x3FF, length, message_id)
    if not HEADER_SIZE <= length <= MAX_FRAME_BYTES:
        raise FrameError(f"message length {length} is impossible", status=StatusCode.M_FIELD_ERROR)
    return header


def encode_frame(message: Message, message_id: int) -> bytes:
    """The complete message on the wire, version 1."""
    body = message.encode_body()
    word = (LLRP_VERSION << 10) | message.TYPE
    return _HEADER.pack(word, HEADER_SIZE + len(body), message_id) + body


def decode_body(header: Header, data: bytes, offset: int = HEADER_SIZE) -> Message:
    """Decode the value of the message ``header`` announces, found at ``data[offset:]``."""
    if header.version != LLRP_VERSION:
        raise DecodeError(
            f"LLRP version {header.version} is not supported",
            status=StatusCode.M_UNSUPPORTED_VERSION,
        )
    cls = MESSAGE_CLASSES.get(header.message_type)
    if cls is None:
        raise DecodeError(
            f"message type {header.message_type} is not supported",
            status=StatusCode.M_UNSUPPORTED_MESSAGE,
        )
    end = offset + header.length - HEADER_SIZE
    if end > len(data):
        raise FrameError("message truncated", status=StatusCode.M_FIELD_ERROR)
    return cls.from_body(data, offset, end)


def decode_frame(frame: bytes) -> tuple[int, Message]:
    """Decode one complete frame into (message id, message)."""
    if len(frame) < HEADER_SIZE:
        raise FrameError("frame shorter than a header", status=StatusCode.M_FIELD_ERROR)
    header = parse_header(frame)
    if header.length != len(frame):
        raise FrameError("frame length does not match its header", status=StatusCode.M_FIELD_ERROR)
    return header.message_id, decode_body(header, frame)
