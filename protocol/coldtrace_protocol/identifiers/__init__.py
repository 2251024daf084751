"""GS1 EPC identifiers: decode what RFID readers report, encode what the simulator writes.

Implements the 96-bit encodings of the GS1 EPC Tag Data Standard (TDS) coldtrace uses:
SGTIN-96 (items), SSCC-96 (pallets and cases), SGLN-96 (locations), GIAI-96 (assets), with
their pure identity and tag URIs, and the GS1 keys (GTIN-14, SSCC-18, GLN-13) behind them.
"""

from coldtrace_protocol.errors import IdentifierError
from coldtrace_protocol.identifiers.epc import DecodedEpc, GS1Epc, decode_epc, decode_epc_bytes
from coldtrace_protocol.identifiers.giai import Giai96, encode_giai96
from coldtrace_protocol.identifiers.gs1_keys import (
    gs1_check_digit,
    has_valid_check_digit,
    validate_gln,
    validate_gtin,
    validate_sscc,
    with_check_digit,
)
from coldtrace_protocol.identifiers.raw import RawEpc
from coldtrace_protocol.identifiers.scheme import EpcScheme
from coldtrace_protocol.identifiers.sgln import Sgln96, encode_sgln96
from coldtrace_protocol.identifiers.sgtin import Sgtin96, encode_sgtin96
from coldtrace_protocol.identifiers.sscc import Sscc96, encode_sscc96
from coldtrace_protocol.identifiers.uri import parse_epc_uri, parse_pure_uri, parse_tag_uri

__all__ = [
    "DecodedEpc",
    "EpcScheme",
    "GS1Epc",
    "Giai96",
    "IdentifierError",
    "RawEpc",
    "Sgln96",
    "Sgtin96",
    "Sscc96",
    "decode_epc",
    "decode_epc_bytes",
    "encode_giai96",
    "encode_sgln96",
    "encode_sgtin96",
    "encode_sscc96",
    "gs1_check_digit",
    "has_valid_check_digit",
    "parse_epc_uri",
    "parse_pure_uri",
    "parse_tag_uri",
    "validate_gln",
    "validate_gtin",
    "validate_sscc",
    "with_check_digit",
]
