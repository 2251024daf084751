"""Cursor pagination: an opaque cursor that carries the last key of the page (keyset paging).

The cursor is URL-safe base64 of a small JSON array, so clients treat it as a token and servers
can change what it holds; a cursor that does not decode is a 422, never a server error.
"""

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from coldtrace_cloud.errors import ValidationFailedError

T = TypeVar("T")
CursorKey = list[int | str]


class Page(BaseModel, Generic[T]):
    """One page of a list; ``next_cursor`` is null on the last page."""

    items: list[T]
    next_cursor: str | None = None


def encode_cursor(key: Sequence[int | str | datetime]) -> str:
    """Opaque cursor for the key of the last row of a page."""
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in key]
    raw = json.dumps(plain, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, *, size: int = 1) -> CursorKey | None:
    """The key a cursor carries (``size`` values), or None for the first page."""
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error) as exc:
        raise ValidationFailedError("cursor is not valid", field="cursor") from exc
    if (
        not isinstance(key, list)
        or len(key) != size
        or not all(isinstance(v, int | str) and not isinstance(v, bool) for v in key)
    ):
        raise ValidationFailedError("cursor is not valid", field="cursor")
    return key


def cursor_int(cursor: str | None) -> int | None:
    """The id a single-key cursor carries (id keyset paging), or None."""
    key = decode_cursor(cursor)
    if key is None:
        return None
    value = key[0]
    if not isinstance(value, int) or not 0 <= value < 2**63:
        raise ValidationFailedError("cursor is not valid", field="cursor")
    return value


@dataclass(frozen=True)
class Slice(Generic[T]):
    """What a service returns for a list: the rows of one page and the cursor of the next."""

    rows: list[T]
    next_cursor: str | None


def slice_of(rows: Sequence[T], limit: int, key: Callable[[T], Sequence[Any]]) -> Slice[T]:
    """A page from ``limit + 1`` fetched rows: the extra row only says another page exists."""
    if len(rows) > limit:
        kept = list(rows[:limit])
        return Slice(kept, encode_cursor(key(kept[-1])))
    return Slice(list(rows), None)


M = TypeVar("M", bound=BaseModel)


def to_page(found: Slice[Any], model: type[M]) -> Page[M]:
    """The API page of a service slice, each row validated into ``model``."""
    return Page[model](  # type: ignore[valid-type]
        items=[model.model_validate(row, from_attributes=True) for row in found.rows],
        next_cursor=found.next_cursor,
    )
