"""Constrained field types of the API: codes, names, GS1 keys, database-safe ids and texts.

PostgreSQL refuses NUL characters in text and ids beyond a BIGINT; validating both at the edge
turns what would be a server error into a 422 naming the field.
"""

from typing import Annotated, Final

from pydantic import Field, StringConstraints

MAX_BIGINT: Final = 2**63 - 1
# Printable text: no C0 control characters (tab and newline allowed in free text only).
_LINE = r"^[^\x00-\x1f\x7f]*$"
_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"

Id = Annotated[int, Field(ge=1, le=MAX_BIGINT)]
Code = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")
]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=_LINE)]
ShortText = Annotated[str, StringConstraints(max_length=200, pattern=_LINE)]
Reason = Annotated[
    str,
    StringConstraints(min_length=1, max_length=2000, pattern=_TEXT, strip_whitespace=True),
]
Gtin14 = Annotated[str, StringConstraints(pattern=r"^[0-9]{14}$")]
Sscc18 = Annotated[str, StringConstraints(pattern=r"^[0-9]{18}$")]
Gln13 = Annotated[str, StringConstraints(pattern=r"^[0-9]{13}$")]
# GS1 AI (10) and (21): up to 20 characters of the GS1 AI encodable character set 82.
LotNumber = Annotated[
    str, StringConstraints(min_length=1, max_length=20, pattern=r"^[!\"%-?A-Z_a-z]+$")
]
Serial = LotNumber
Category = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_-]*$")
]
Temperature = Annotated[float, Field(ge=-273.15, le=1000.0, allow_inf_nan=False)]
Percent = Annotated[float, Field(ge=0.0, le=100.0, allow_inf_nan=False)]
Limit = Annotated[int, Field(ge=1, le=500, description="page size")]
