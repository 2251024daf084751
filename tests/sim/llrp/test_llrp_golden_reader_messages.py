"""Golden bytes of every message the simulated reader sends, from the LLRP 1.0.1 layouts (§16).

Each expected frame is written out field by field from the specification: header
(rsvd/version/type, length, id), then TLV parameters (type, length, value) and TV parameters
(0x80 | type, value). The reader's own builders produce the models where the reader builds them.
"""

import pytest

from coldtrace_sim.llrp.capabilities import capabilities_response
from coldtrace_sim.llrp.config import ReaderConfig
from coldtrace_sim.llrp.enums import IMPINJ_PEN, StatusCode
from coldtrace_sim.llrp.framing import decode_frame, encode_frame
from coldtrace_sim.llrp.gpio import Gpio
from coldtrace_sim.llrp.message import Message
from coldtrace_sim.llrp.messages import (
    CloseConnectionResponse,
    CustomMessage,
    ErrorMessage,
    GetReaderConfig,
    Keepalive,
    ReaderEventNotification,
    ROAccessReport,
    SetReaderConfigResponse,
)
from coldtrace_sim.llrp.messages_specs import (
    AddROSpecResponse,
    DeleteAccessSpecResponse,
    DeleteROSpecResponse,
    DisableAccessSpecResponse,
    DisableROSpecResponse,
    EnableAccessSpecResponse,
    EnableROSpecResponse,
    GetAccessSpecsResponse,
    GetROSpecsResponse,
    StartROSpecResponse,
    StopROSpecResponse,
)
from coldtrace_sim.llrp.parameter import Custom
from coldtrace_sim.llrp.params_common import LLRPStatus, UTCTimestamp
from coldtrace_sim.llrp.params_events import (
    AISpecEvent,
    ConnectionAttemptEvent,
    ConnectionCloseEvent,
    GPIEvent,
    ReaderEventNotificationData,
    ROSpecEvent,
)
from coldtrace_sim.llrp.params_report import TagReportData
from coldtrace_sim.llrp.params_rospec import (
    AISpec,
    AISpecStopTrigger,
    InventoryParameterSpec,
    ROBoundarySpec,
    ROSpec,
    ROSpecStartTrigger,
    ROSpecStopTrigger,
)
from coldtrace_sim.llrp.profile import ReaderProfile, RFMode, VendorMode
from coldtrace_sim.llrp.status import SUCCESS

NOW_US = 1_700_000_000_123_456
NOW = "00060a2418202240"  # NOW_US as u64
EPC = "30364521480c0e4000000001"  # SGTIN-96 9521234.012345.1
SUCCESS_STATUS = "011f 0008 0000 0000"  # LLRPStatus: type 287, length 8, M_Success, no text

TINY = ReaderProfile(
    vendor=VendorMode.PLAIN,
    antenna_count=1,
    gpi_count=1,
    gpo_count=1,
    channels_khz=(902_750,),
    power_table=(1000, 3000),
    modes=(RFMode(0, 0, 0, 2, 640_000, 1500, 6250, 6250),),
)


def wire(text: str) -> bytes:
    """Hex with spaces and | separators, as laid out field by field."""
    return bytes.fromhex(text.replace("|", " "))


def check(message: Message, message_id: int, expected: str) -> None:
    """The message encodes to ``expected`` and the expected bytes decode to the message."""
    frame = wire(expected)
    assert encode_frame(message, message_id).hex() == frame.hex()
    assert decode_frame(frame) == (message_id, message)


def event(**data: object) -> ReaderEventNotification:
    return ReaderEventNotification(ReaderEventNotificationData(UTCTimestamp(NOW_US), **data))  # type: ignore[arg-type]


def test_keepalive_matches_the_capture_in_the_notes() -> None:
    check(Keepalive(), 0x62, "043e | 0000000a | 00000062")


@pytest.mark.parametrize(("status", "code"), [(0, "0000"), (2, "0002"), (4, "0004")])
def test_connection_attempt_event(status: int, code: str) -> None:
    # REN: header, ReaderEventNotificationData (246, len 22), UTCTimestamp (128, len 12),
    # ConnectionAttemptEvent (256, len 6, u16 Status).
    check(
        event(connection_attempt=ConnectionAttemptEvent(status)),
        0,
        f"043f 00000020 00000000 | 00f6 0016 | 0080 000c {NOW} | 0100 0006 {code}",
    )


def test_connection_close_event() -> None:
    check(
        event(connection_close=ConnectionCloseEvent()),
        7,
        f"043f 0000001e 00000007 | 00f6 0014 | 0080 000c {NOW} | 0101 0004",
    )


def test_rospec_event() -> None:
    # ROSpecEvent (249): u8 EventType (1 = End_Of_ROSpec), u32 ROSpecID, u32 PreemptingROSpecID.
    check(
        event(rospec=ROSpecEvent(1, 1)),
        9,
        f"043f 00000027 00000009 | 00f6 001d | 0080 000c {NOW} | 00f9 000d 01 00000001 00000000",
    )


def test_aispec_event() -> None:
    # AISpecEvent (254): u8 EventType (0 = End_Of_AISpec), u32 ROSpecID, u16 SpecIndex.
    check(
        event(aispec=AISpecEvent(0, 1, 1)),
        10,
        f"043f 00000025 0000000a | 00f6 001b | 0080 000c {NOW} | 00fe 000b 00 00000001 0001",
    )


def test_gpi_event() -> None:
    # GPIEvent (248): u16 GPIPortNumber, u1 GPIEvent (high) + 7 reserved bits.
    check(
        event(gpi=GPIEvent(1, True)),
        11,
        f"043f 00000021 0000000b | 00f6 0017 | 0080 000c {NOW} | 00f8 0007 0001 80",
    )


def test_error_message_carries_the_status_and_its_description() -> None:
    status = LLRPStatus(StatusCode.M_UNSUPPORTED_MESSAGE, "no")
    # LLRPStatus: u16 StatusCode 109, utf8v ErrorDescription (u16 count, bytes).
    check(ErrorMessage(status), 5, "0464 00000014 00000005 | 011f 000a 006d 0002 6e6f")


@pytest.mark.parametrize(
    ("response", "type_byte"),
    [
        (SetReaderConfigResponse(SUCCESS), "0d"),
        (CloseConnectionResponse(SUCCESS), "04"),
        (AddROSpecResponse(SUCCESS), "1e"),
        (DeleteROSpecResponse(SUCCESS), "1f"),
        (StartROSpecResponse(SUCCESS), "20"),
        (StopROSpecResponse(SUCCESS), "21"),
        (EnableROSpecResponse(SUCCESS), "22"),
        (DisableROSpecResponse(SUCCESS), "23"),
        (DeleteAccessSpecResponse(SUCCESS), "33"),
        (EnableAccessSpecResponse(SUCCESS), "34"),
        (DisableAccessSpecResponse(SUCCESS), "35"),
        (GetAccessSpecsResponse(SUCCESS), "36"),
    ],
)
def test_status_responses(response: Message, type_byte: str) -> None:
    check(response, 0x1234, f"04{type_byte} 00000012 00001234 | {SUCCESS_STATUS}")


def test_impinj_enable_extensions_response() -> None:
    # CUSTOM_MESSAGE (1023): u32 vendor 25882, u8 subtype 22, then the LLRPStatus parameter.
    check(
        CustomMessage(IMPINJ_PEN, 22, SUCCESS.encode()),
        1,
        f"07ff 00000017 00000001 | 0000651a 16 | {SUCCESS_STATUS}",
    )


def test_get_rospecs_response_with_an_active_rospec() -> None:
    rospec = ROSpec(
        rospec_id=1,
        priority=0,
        current_state=2,
        boundary=ROBoundarySpec(ROSpecStartTrigger(1), ROSpecStopTrigger(0, 0)),
        specs=(AISpec((1,), AISpecStopTrigger(0, 0), (InventoryParameterSpec(1, 1),)),),
    )
    check(
        GetROSpecsResponse(SUCCESS, (rospec,)),
        3,
        "0424 00000046 00000003 | " + SUCCESS_STATUS + " | "
        # ROSpec (177): u32 id, u8 priority, u8 state (2 = Active)
        "00b1 0034 00000001 00 02 | "
        # ROBoundarySpec (178): start trigger (179, Immediate), stop trigger (182, Null, u32 0)
        "00b2 0012 | 00b3 0005 01 | 00b6 0009 00 00000000 | "
        # AISpec (183): u16v antennas [1], stop trigger (184, Null), InventoryParameterSpec
        # (186: u16 id 1, u8 protocol 1 = Gen2)
        "00b7 0018 0001 0001 | 00b8 0009 00 00000000 | 00ba 0007 0001 01",
    )


def test_ro_access_report_with_every_field() -> None:
    tag = TagReportData(
        epc=bytes.fromhex(EPC),
        rospec_id=1,
        spec_index=1,
        inventory_parameter_spec_id=1,
        antenna_id=2,
        peak_rssi_dbm=-61,
        channel_index=7,
        first_seen_utc_us=NOW_US,
        last_seen_utc_us=NOW_US + 1,
        tag_seen_count=3,
        c1g2_pc=0x3000,
        c1g2_crc=0xABCD,
        access_spec_id=0,
        custom=(Custom(IMPINJ_PEN, 57, bytes.fromhex("e82c")),),
    )
    last = f"{NOW_US + 1:016x}"
    check(
        ROAccessReport((tag,)),
        0,
        "043d 0000005c 00000000 | 00f0 0052 | "
        f"8d {EPC} | 89 00000001 | 8e 0001 | 8a 0001 | 81 0002 | 86 c3 | 87 0007 | "
        f"82 {NOW} | 84 {last} | 88 0003 | 8c 3000 | 8b abcd | 90 00000000 | "
        # ImpinjPeakRSSI: custom (1023), vendor 25882, subtype 57, s16 -6100 (dBm x100)
        "03ff 000e 0000651a 00000039 e82c",
    )


def test_ro_access_report_uses_epcdata_for_other_lengths() -> None:
    tag = TagReportData(epc=bytes.fromhex("3034257bf7194e4000001a85ffff"), epc_bits=112)
    # EPCData (241): u1v = u16 bit count (112) then the bits.
    check(
        ROAccessReport((tag,)),
        0,
        "043d 00000022 00000000 | 00f0 0018 | 00f1 0014 0070 3034257bf7194e4000001a85ffff",
    )


def test_capabilities_response_of_a_tiny_plain_reader() -> None:
    check(
        capabilities_response(TINY, 0),
        2,
        "040b 000000c2 00000002 | " + SUCCESS_STATUS + " | "
        # GeneralDeviceCapabilities (137): 1 antenna, UTC clock flag (bit 14), PEN 0, model 1,
        # firmware "coldtrace-sim 0.1"; sensitivity entry (139), GPIO (141), air protocol (140)
        "0089 003c 0001 4000 00000000 00000001 0011 636f6c6474726163652d73696d20302e31 | "
        "008b 0008 0001 0000 | 008d 0008 0001 0001 | 008c 0009 0001 0001 01 | "
        # LLRPCapabilities (142): no optional features, priorities up to 7, 8 ROSpecs,
        # 16 specs per ROSpec, 4 InventoryParameterSpecs, no AccessSpecs
        "008e 001c 00 07 0000 00000008 00000010 00000004 00000000 00000000 | "
        # RegulatoryCapabilities (143): country 840, FCC part 15; UHFBandCapabilities (144):
        # power entries (145) 10.00 and 30.00 dBm, FrequencyInformation (146, hopping) with a
        # hop table (147) of 902.750 MHz, Gen2 mode table (328) with one entry (329)
        "008f 0051 0348 0001 | 0090 0049 | 0091 0008 0001 03e8 | 0091 0008 0002 0bb8 | "
        "0092 0011 80 | 0093 000c 01 00 0001 000dc65e | "
        "0148 0024 | 0149 0020 00000000 80 00 00 02 0009c400 000005dc 0000186a 0000186a 00000000 | "
        # C1G2LLRPCapabilities (327): no block erase/write, 2 Select filters per query
        "0147 0007 00 0002",
    )


def test_get_reader_config_response_all_of_a_tiny_reader() -> None:
    config = ReaderConfig(TINY, Gpio(1, 1))
    states = " ".join(f"00f5 0007 {event_type:04x} 00" for event_type in range(9))
    check(
        config.response(GetReaderConfig(0, 0, 0, 0)),
        4,
        "040c 000000d0 00000004 | " + SUCCESS_STATUS + " | "
        # Identification (218): MAC address (0), u8v 6 bytes
        "00da 000d 00 0006 001625c0ffee | "
        # AntennaProperties (221): connected, antenna 1, gain 6 dBi (x100)
        "00dd 0009 80 0001 0258 | "
        # AntennaConfiguration (222): RFReceiver (223), RFTransmitter (224: hop table 1,
        # channel 1, power index 2), C1G2InventoryCommand (330) with C1G2RFControl (335: mode 0,
        # Tari 0) and C1G2SingulationControl (336: session 2, population 32, transit 0)
        "00de 002e 0001 | 00df 0006 0001 | 00e0 000a 0001 0001 0002 | "
        "014a 0018 00 | 014f 0008 0000 0000 | 0150 000b 80 0020 00000000 | "
        # ReaderEventNotificationSpec (244): the 9 event types, all off
        f"00f4 0043 | {states} | "
        # ROReportSpec (237): Upon_N_Tags_Or_End_Of_ROSpec, N 0; TagReportContentSelector (238):
        # ROSpecID, AntennaID, PeakRSSI, FirstSeen, LastSeen, TagSeenCount
        "00ed 000d 02 0000 | 00ee 0006 9780 | "
        # AccessReportSpec (239), LLRPConfigurationStateValue (217), KeepaliveSpec (220: Null)
        "00ef 0005 00 | 00d9 0008 00000001 | 00dc 0009 00 00000000 | "
        # GPIPortCurrentState (225: port 1, enabled, unknown), GPOWriteData (219: port 1, low),
        # EventsAndReports (226: no hold)
        "00e1 0008 0001 80 02 | 00db 0007 0001 00 | 00e2 0005 00",
    )
