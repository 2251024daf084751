"""Property tests of the LLRP codec: every model survives a round trip, no input crashes it."""

import contextlib
import struct

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coldtrace_sim.llrp.errors import LlrpError
from coldtrace_sim.llrp.framing import decode_frame, encode_frame
from coldtrace_sim.llrp.message import MESSAGE_CLASSES, Message
from coldtrace_sim.llrp.parameter import TLV_CLASSES, TV_CLASSES, Param, split_params
from tests.sim.llrp.llrp_strategies import models

QUICK = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MESSAGES = sorted(MESSAGE_CLASSES.values(), key=lambda cls: cls.TYPE)
PARAMETERS = sorted(
    [*TLV_CLASSES.values(), *TV_CLASSES.values()], key=lambda cls: (cls.TV, cls.TYPE)
)


@pytest.mark.parametrize("cls", MESSAGES, ids=lambda cls: cls.__name__)
@QUICK
@given(data=st.data(), message_id=st.integers(0, 0xFFFFFFFF))
def test_every_message_round_trips(
    cls: type[Message], data: st.DataObject, message_id: int
) -> None:
    message = data.draw(models(cls))
    assert decode_frame(encode_frame(message, message_id)) == (message_id, message)


@pytest.mark.parametrize("cls", PARAMETERS, ids=lambda cls: cls.__name__)
@QUICK
@given(data=st.data())
def test_every_parameter_round_trips(cls: type[Param], data: st.DataObject) -> None:
    param = data.draw(models(cls))
    wire = param.encode()
    ((found, _, start, stop),) = split_params(wire, 0, len(wire), depth=1)
    assert found is cls
    assert cls.from_body(wire, start, stop, 1) == param


def decodes_or_refuses(frame: bytes) -> None:
    """Decoding either yields a message or raises the codec's own exception."""
    with contextlib.suppress(LlrpError):
        decode_frame(frame)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=300))
def test_garbage_never_crashes_the_decoder(frame: bytes) -> None:
    decodes_or_refuses(frame)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), cls=st.sampled_from(MESSAGES))
def test_corrupted_messages_never_crash_the_decoder(
    data: st.DataObject, cls: type[Message]
) -> None:
    frame = bytearray(encode_frame(data.draw(models(cls)), 1))
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(frame) - 1))
        frame[position] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        struct.pack_into(">I", frame, 2, len(frame))  # keep the header consistent
    decodes_or_refuses(bytes(frame))


def test_absurd_nesting_is_refused_not_a_crash() -> None:
    # ERROR_MESSAGE > LLRPStatus > ParameterError > ParameterError > ... 5000 levels deep.
    inner = b""
    for _ in range(5000):
        inner = struct.pack(">HHHH", 289, 8 + len(inner), 0, 0) + inner
    status = struct.pack(">HHHH", 287, 8 + len(inner), 0, 0) + inner
    frame = struct.pack(">HII", (1 << 10) | 100, 10 + len(status), 1) + status
    with pytest.raises(LlrpError):
        decode_frame(frame)
