"""Validation against the official EPCIS 2.0 JSON schema (a copy of GS1's file ships here).

The schema is draft-07; its ``uri`` and ``date-time`` formats are checked by small checkers of
our own (RFC 3986 §3.1 scheme, no whitespace; RFC 3339 §5.6 date-time), because jsonschema only
checks them with optional packages we do not install.
"""

import json
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any, Final

from jsonschema import (  # type: ignore[import-untyped]  # no stubs in the lockfile
    Draft7Validator,
    FormatChecker,
)

SCHEMA_FILE: Final = "EPCIS-JSON-Schema.json"
_URI: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*$")
_DATE_TIME: Final = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
)
MAX_ERRORS: Final = 20


def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or _URI.match(value) is not None


def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if _DATE_TIME.match(value) is None:
        return False
    try:
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


@cache
def schema() -> dict[str, Any]:
    """The official schema, loaded once."""
    text = resources.files("coldtrace_cloud.epcis").joinpath(SCHEMA_FILE).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def validator() -> Draft7Validator:
    """A draft-07 validator of the schema with the uri and date-time formats enforced."""
    checker = FormatChecker()
    checker.checks("uri")(_is_uri)
    checker.checks("date-time")(_is_date_time)
    return Draft7Validator(schema(), format_checker=checker)


@dataclass(frozen=True)
class SchemaViolation:
    """One place where a document breaks the schema."""

    path: str
    message: str

    def as_dict(self) -> dict[str, str]:
        """The violation as a problem+json ``errors`` entry."""
        return {"path": self.path, "message": self.message}


def violations(document: object) -> list[SchemaViolation]:
    """What in ``document`` breaks the schema (at most ``MAX_ERRORS``); empty when valid."""
    found = []
    for error in validator().iter_errors(document):
        path = "/" + "/".join(str(p) for p in error.absolute_path)
        found.append(SchemaViolation(path, error.message[:300]))
        if len(found) >= MAX_ERRORS:
            break
    return found
