"""A simulated RFID reader speaking LLRP 1.0.1 (EPCglobal Low Level Reader Protocol) over TCP.

``ReaderServer`` listens like a fixed reader (one client at a time), ``ReaderProfile`` says what
kind of reader it is (antennas, Impinj-like or plain vendor behaviour, read rate), and a
``TagField`` says which tags its antennas see. The codec (``framing``, ``messages``, the
``params_*`` modules) encodes and decodes every message the reader receives or sends.
Exceptions are rooted at ``LlrpError`` (see ``errors``).
"""

from coldtrace_sim.llrp.clock import SimClock
from coldtrace_sim.llrp.errors import (
    DecodeError,
    EncodeError,
    FrameError,
    LlrpError,
    SpecError,
    StatusError,
)
from coldtrace_sim.llrp.framing import decode_frame, encode_frame
from coldtrace_sim.llrp.profile import ReaderProfile, VendorMode
from coldtrace_sim.llrp.server import LLRP_PORT, ReaderServer
from coldtrace_sim.llrp.tags import Observation, SteadyField, TagField

__all__ = [
    "LLRP_PORT",
    "DecodeError",
    "EncodeError",
    "FrameError",
    "LlrpError",
    "Observation",
    "ReaderProfile",
    "ReaderServer",
    "SimClock",
    "SpecError",
    "StatusError",
    "SteadyField",
    "TagField",
    "VendorMode",
    "decode_frame",
    "encode_frame",
]
