"""Property tests: every valid EPC round-trips; no input makes the decoder raise unexpectedly."""

import contextlib

from hypothesis import given
from hypothesis import strategies as st

from coldtrace_protocol.identifiers import (
    Giai96,
    GS1Epc,
    IdentifierError,
    RawEpc,
    Sgln96,
    Sgtin96,
    Sscc96,
    decode_epc,
    has_valid_check_digit,
    parse_epc_uri,
    parse_pure_uri,
    parse_tag_uri,
)

filters = st.integers(0, 7)


def digits(count: int) -> st.SearchStrategy[str]:
    """Exactly ``count`` ASCII digits, leading zeros included."""
    return st.text(alphabet="0123456789", min_size=count, max_size=count)


@st.composite
def sgtins(draw: st.DrawFn) -> Sgtin96:
    prefix_digits = draw(st.integers(6, 12))
    return Sgtin96(
        draw(digits(prefix_digits)),
        draw(digits(13 - prefix_digits)),
        draw(st.integers(0, (1 << 38) - 1)),
        draw(filters),
    )


@st.composite
def ssccs(draw: st.DrawFn) -> Sscc96:
    prefix_digits = draw(st.integers(6, 12))
    return Sscc96(draw(digits(prefix_digits)), draw(digits(17 - prefix_digits)), draw(filters))


@st.composite
def sglns(draw: st.DrawFn) -> Sgln96:
    prefix_digits = draw(st.integers(6, 12))
    return Sgln96(
        draw(digits(prefix_digits)),
        draw(digits(12 - prefix_digits)),
        draw(st.integers(0, (1 << 41) - 1)),
        draw(filters),
    )


# TDS §14.5.5: asset reference bits per company prefix length.
GIAI_ASSET_BITS = {12: 42, 11: 45, 10: 48, 9: 52, 8: 55, 7: 58, 6: 62}


@st.composite
def giais(draw: st.DrawFn) -> Giai96:
    prefix_digits = draw(st.integers(6, 12))
    bits = GIAI_ASSET_BITS[prefix_digits]
    return Giai96(draw(digits(prefix_digits)), draw(st.integers(0, (1 << bits) - 1)), draw(filters))


gs1_epcs = st.one_of(sgtins(), ssccs(), sglns(), giais())


@given(gs1_epcs)
def test_binary_round_trip(epc: GS1Epc) -> None:
    data = epc.to_bytes()
    assert len(data) == 12
    assert decode_epc(data) == epc
    assert decode_epc(epc.hex) == epc
    assert decode_epc(epc.hex.lower()) == epc


@given(gs1_epcs)
def test_uri_round_trip(epc: GS1Epc) -> None:
    assert parse_tag_uri(epc.tag_uri) == epc
    assert parse_pure_uri(epc.pure_uri, filter_value=epc.filter_value) == epc
    assert parse_epc_uri(epc.tag_uri) == epc


@given(gs1_epcs)
def test_gs1_keys_carry_a_valid_check_digit(epc: GS1Epc) -> None:
    if isinstance(epc, Sgtin96):
        assert has_valid_check_digit(epc.gtin)
        assert len(epc.gtin) == 14
    elif isinstance(epc, Sscc96):
        assert has_valid_check_digit(epc.sscc)
        assert len(epc.sscc) == 18
    elif isinstance(epc, Sgln96):
        assert has_valid_check_digit(epc.gln)
        assert len(epc.gln) == 13


@given(gs1_epcs)
def test_layout_matches_a_bit_string_oracle(epc: GS1Epc) -> None:
    # An independent reading of the TDS §14.5 layouts as bit strings, against the packer.
    def field(value: int, width: int) -> str:
        return format(value, f"0{width}b")

    prefix_bits = {12: 40, 11: 37, 10: 34, 9: 30, 8: 27, 7: 24, 6: 20}[len(epc.company_prefix)]
    head = field(epc.filter_value, 3) + field(12 - len(epc.company_prefix), 3)
    head += field(int(epc.company_prefix), prefix_bits)
    if isinstance(epc, Sgtin96):
        bits = "00110000" + head + field(int(epc.item_reference), 44 - prefix_bits)
        bits += field(epc.serial, 38)
    elif isinstance(epc, Sscc96):
        bits = "00110001" + head + field(int(epc.serial_reference), 58 - prefix_bits) + "0" * 24
    elif isinstance(epc, Sgln96):
        bits = "00110010" + head + field(int(epc.location_reference or "0"), 41 - prefix_bits)
        bits += field(epc.extension, 41)
    else:
        bits = "00110100" + head + field(epc.asset_reference, 82 - prefix_bits)
    assert len(bits) == 96
    assert epc.to_bytes() == int(bits, 2).to_bytes(12, "big")


@given(st.binary(max_size=40))
def test_any_bytes_decode_without_raising(data: bytes) -> None:
    epc = decode_epc(data)
    # Whatever decodes as GS1 re-encodes to exactly the bytes read off the tag.
    if isinstance(epc, RawEpc):
        assert epc.hex == data.hex().upper()
    else:
        assert epc.to_bytes() == data


@given(st.sampled_from([0x30, 0x31, 0x32, 0x34]), st.binary(min_size=11, max_size=11))
def test_any_96_bit_gs1_header_decodes_or_stays_raw(header: int, rest: bytes) -> None:
    data = bytes([header]) + rest
    epc = decode_epc(data)
    if isinstance(epc, RawEpc):
        assert epc.reason
    else:
        assert epc.to_bytes() == data


@given(st.text(alphabet="0123456789abcdefABCDEF", max_size=60))
def test_any_hex_text_decodes_without_raising(text: str) -> None:
    assert decode_epc(text).hex == text.upper()


@given(st.text(max_size=40))
def test_arbitrary_text_raises_only_identifier_error(text: str) -> None:
    with contextlib.suppress(IdentifierError):
        decode_epc(text)


@given(st.one_of(st.text(max_size=60), gs1_epcs.map(lambda epc: epc.tag_uri[:-1] + "%")))
def test_arbitrary_uris_raise_only_identifier_error(text: str) -> None:
    for uri in (text, "urn:epc:tag:" + text, "urn:epc:id:" + text, "urn:epc:id:sgtin:" + text):
        with contextlib.suppress(IdentifierError):
            parse_epc_uri(uri)
