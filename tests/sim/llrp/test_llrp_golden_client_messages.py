"""Golden bytes of the messages a client sends, decoded into the models the reader acts on.

The frames come from sllurp 3.0.5 (a real LLRP client) and from the layouts of LLRP 1.0.1 §16.
"""

import pytest

from coldtrace_sim.llrp.enums import IMPINJ_PEN
from coldtrace_sim.llrp.fields import BitString
from coldtrace_sim.llrp.framing import decode_frame, encode_frame
from coldtrace_sim.llrp.message import Message
from coldtrace_sim.llrp.messages import (
    CloseConnection,
    CustomMessage,
    EnableEventsAndReports,
    GetReaderCapabilities,
    GetReaderConfig,
    GetReport,
    KeepaliveAck,
    SetReaderConfig,
)
from coldtrace_sim.llrp.messages_specs import (
    AddROSpec,
    DeleteAccessSpec,
    DeleteROSpec,
    DisableROSpec,
    EnableROSpec,
    StartROSpec,
    StopROSpec,
)
from coldtrace_sim.llrp.parameter import Custom
from coldtrace_sim.llrp.params_c1g2 import (
    C1G2EPCMemorySelector,
    C1G2Filter,
    C1G2InventoryCommand,
    C1G2SingulationControl,
    C1G2TagInventoryMask,
)
from coldtrace_sim.llrp.params_config import (
    AntennaConfiguration,
    EventNotificationState,
    GPIPortCurrentState,
    KeepaliveSpec,
    ReaderEventNotificationSpec,
    RFTransmitter,
    ROReportSpec,
    TagReportContentSelector,
)
from coldtrace_sim.llrp.params_rospec import (
    AISpec,
    AISpecStopTrigger,
    InventoryParameterSpec,
    ROBoundarySpec,
    ROSpec,
    ROSpecStartTrigger,
    ROSpecStopTrigger,
    TagObservationTrigger,
)


def wire(text: str) -> bytes:
    """Hex with spaces and | separators."""
    return bytes.fromhex(text.replace("|", " "))


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        ("0401 0000000b 00000001 | 00", GetReaderCapabilities(0)),
        ("04400000000a00000004", EnableEventsAndReports()),
        ("04480000000a0000000b", KeepaliveAck()),
        ("040e 0000000a 00000002", CloseConnection()),
        ("043c 0000000a 00000003", GetReport()),
        ("0429 0000000e 00000004 | 00000000", DeleteAccessSpec(0)),
        ("0415 0000000e 00000004 | 00000000", DeleteROSpec(0)),
        ("0418 0000000e 00000006 | 00000001", EnableROSpec(1)),
        ("0419 0000000e 00000007 | 00000001", DisableROSpec(1)),
        ("0416 0000000e 00000008 | 00000001", StartROSpec(1)),
        ("0417 0000000e 00000009 | 00000001", StopROSpec(1)),
        # IMPINJ_ENABLE_EXTENSIONS: PEN 25882, subtype 21, u32 reserved (from the notes' capture)
        ("07ff00000013000000010000651a1500000000", CustomMessage(IMPINJ_PEN, 21, bytes(4))),
        # GET_READER_CONFIG with ImpinjRequestedData (subtype 21, u32 2000 = all)
        (
            "0402 00000021 00000003 | 0000 00 0000 0000 | 03ff 0010 0000651a 00000015 000007d0",
            GetReaderConfig(0, 0, 0, 0, (Custom(IMPINJ_PEN, 21, bytes.fromhex("000007d0")),)),
        ),
    ],
)
def test_decode_client_message(frame: str, expected: Message) -> None:
    message_id, message = decode_frame(wire(frame))
    assert message == expected
    assert encode_frame(message, message_id) == wire(frame)


def test_sllurp_set_reader_config() -> None:
    states = "".join(f"00f5 0007 {kind:04x} 00 " for kind in range(9))
    frame = wire(
        "0403 0000005f 00000001 | 00 | 00f4 0043 " + states + "| 00dc 0009 01 0000ea60 | "
        "00e1 0008 0001 80 00"
    )
    _, message = decode_frame(frame)
    assert message == SetReaderConfig(
        reset_to_factory_default=False,
        event_spec=ReaderEventNotificationSpec(
            tuple(EventNotificationState(kind, enabled=False) for kind in range(9))
        ),
        keepalive=KeepaliveSpec(1, 60_000),
        gpi_ports=(GPIPortCurrentState(1, config=True, state=0),),
    )


def test_sllurp_add_rospec_reporting_every_five_tags() -> None:
    frame = wire(
        "0414000000a20000000500b1009800000001000000b2001200b300050100b600090000000000"
        "00b7006a00020001000200b80019030000000000b9001000000005000000000000000000ba0047"
        "00010100de0020000100e0000a000100010000014a0010000150000b8000040000000000de0020"
        "000200e0000a000100010000014a0010000150000b8000040000000000ed001201000000ee000b"
        "9580015c000500"
    )
    command = C1G2InventoryCommand(
        tag_inventory_state_aware=False, singulation_control=C1G2SingulationControl(2, 4, 0)
    )
    expected = ROSpec(
        rospec_id=1,
        priority=0,
        current_state=0,
        boundary=ROBoundarySpec(ROSpecStartTrigger(1), ROSpecStopTrigger(0, 0)),
        specs=(
            AISpec(
                antenna_ids=(1, 2),
                stop_trigger=AISpecStopTrigger(
                    3, 0, tag_observation=TagObservationTrigger(0, 5, 0, 0, 0)
                ),
                inventory_specs=(
                    InventoryParameterSpec(
                        1,
                        1,
                        tuple(
                            AntennaConfiguration(
                                antenna,
                                rf_transmitter=RFTransmitter(1, 1, 0),
                                inventory_commands=(command,),
                            )
                            for antenna in (1, 2)
                        ),
                    ),
                ),
            ),
        ),
        report_spec=ROReportSpec(
            trigger=1,
            n=0,
            selector=TagReportContentSelector(
                enable_rospec_id=True,
                enable_antenna_id=True,
                enable_peak_rssi=True,
                enable_last_seen_timestamp=True,
                enable_tag_seen_count=True,
                memory_selectors=(C1G2EPCMemorySelector(enable_crc=False, enable_pc_bits=False),),
            ),
        ),
    )
    assert decode_frame(frame) == (5, AddROSpec(expected))
    assert encode_frame(AddROSpec(expected), 5) == frame


def test_tag_mask_filter_is_a_bit_string() -> None:
    # C1G2Filter (331): T=0; C1G2TagInventoryMask (332): MB=1 (EPC bank), pointer 0x20,
    # u1v of 8 bits 0x30 (the SGTIN-96 header)
    mask = wire("014b 000f 00 | 014c 000a 40 0020 0008 30")
    expected = C1G2Filter(0, C1G2TagInventoryMask(1, 0x20, BitString(8, b"\x30")))
    assert expected.encode() == mask
    assert C1G2Filter.from_body(mask, 4, len(mask), 1) == expected
