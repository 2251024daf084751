"""decode_epc: every reader value comes back typed; raw tags are kept and flagged, never raised."""

import pytest

from coldtrace_protocol.identifiers import (
    EpcScheme,
    IdentifierError,
    RawEpc,
    Sgtin96,
    decode_epc,
)

SGTIN_HEX = "3074257BF7194E4000001A85"


@pytest.mark.parametrize(
    "text",
    [SGTIN_HEX, SGTIN_HEX.lower(), f"0x{SGTIN_HEX}", f"  {SGTIN_HEX}\n", f"0X{SGTIN_HEX.lower()}"],
)
def test_hex_spellings_decode_alike(text: str) -> None:
    assert decode_epc(text) == decode_epc(bytes.fromhex(SGTIN_HEX))


def test_bytes_like_inputs() -> None:
    data = bytes.fromhex(SGTIN_HEX)
    assert isinstance(decode_epc(bytearray(data)), Sgtin96)
    assert isinstance(decode_epc(memoryview(data)), Sgtin96)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("E2801160600002000000000A", "header 0xE2 is not a GS1 EPC header"),
        ("3674257BF6B7A659B2C2BF100000000000000000000000000000", "SGTIN-198 is not decoded"),
        ("3374257BF40C0E400000162E", "GRAI-96 is not decoded"),
        (SGTIN_HEX + "0000", "SGTIN-96 header on a 112-bit EPC"),
        (SGTIN_HEX[:-4], "SGTIN-96 header on a 80-bit EPC"),
        ("307E257BF7194E4000001A85", "partition value 7 is reserved"),
        ("", "empty EPC"),
        ("ABC", "odd number of hex digits"),
    ],
)
def test_non_gs1_values_come_back_raw(text: str, reason: str) -> None:
    epc = decode_epc(text)
    assert isinstance(epc, RawEpc)
    assert epc.scheme is EpcScheme.RAW
    assert epc.is_gs1 is False
    assert epc.filter_value is None
    assert epc.hex == text.upper()
    assert reason in epc.reason


def test_raw_uri() -> None:
    # TDS §12.1: urn:epc:raw:<length in bits>.x<hex>.
    epc = decode_epc("e2801160600002000000000a")
    assert epc.tag_uri == "urn:epc:raw:96.xE2801160600002000000000A"
    assert epc.pure_uri == epc.tag_uri
    assert decode_epc("").tag_uri == "urn:epc:raw:0"


def test_raw_epc_can_be_built_directly() -> None:
    assert RawEpc(hex="e280", is_gs1=False) == RawEpc(hex="E280")


@pytest.mark.parametrize(
    "value", ["30 74", "3074-257B", "urn:epc:id:sgtin:0614141.812345.6789", "g"]
)
def test_text_that_is_not_hex_raises(value: str) -> None:
    with pytest.raises(IdentifierError, match="not a hexadecimal") as caught:
        decode_epc(value)
    assert caught.value.value == value


def test_other_types_raise() -> None:
    with pytest.raises(IdentifierError):
        decode_epc(0x30)  # type: ignore[arg-type]
