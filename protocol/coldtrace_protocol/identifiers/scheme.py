"""Names of the EPC binary encodings coldtrace decodes, as written in the EPC Tag URI (TDS §12)."""

from enum import StrEnum


class EpcScheme(StrEnum):
    """The tag-encoding name of a decoded EPC; ``raw`` marks what we keep but cannot decode."""

    SGTIN_96 = "sgtin-96"
    SSCC_96 = "sscc-96"
    SGLN_96 = "sgln-96"
    GIAI_96 = "giai-96"
    RAW = "raw"
