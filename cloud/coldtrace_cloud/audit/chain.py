"""The hash chain: canonical serialisation of an audit row and its SHA-256.

Canonical form: a JSON object of the row's content (without its id) plus ``prev_hash``, keys
sorted, no insignificant whitespace, UTF-8, times as ISO 8601 in UTC with microseconds. Values
are reduced to JSON types before storing, so what PostgreSQL (JSONB) returns hashes the same.
"""

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Final
from uuid import UUID

GENESIS_HASH: Final = "0" * 64


def jsonable(value: Any) -> Any:
    """``value`` reduced to JSON types (dates as ISO text, decimals and UUIDs as text)."""
    if isinstance(value, float):
        # JSONB keeps numbers as numeric: an integral float comes back as an int.
        return int(value) if value.is_integer() else value
    if isinstance(value, Enum):
        value = value.value
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime | date | Decimal | UUID):
        return utc_iso(value) if isinstance(value, datetime) else str(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [jsonable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    raise TypeError(f"cannot put {type(value).__name__} in the audit trail")


def utc_iso(moment: datetime) -> str:
    """ISO 8601 in UTC with microseconds, the one form the chain hashes."""
    if moment.tzinfo is None:
        raise ValueError("audit times are timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def row_hash(
    *,
    occurred_at: datetime,
    actor: str,
    actor_user_id: int | None,
    action: str,
    entity_type: str,
    entity_id: str,
    old_values: Mapping[str, Any] | None,
    new_values: Mapping[str, Any] | None,
    reason: str | None,
    prev_hash: str,
) -> str:
    """SHA-256 (hex) of the canonical serialisation of one row chained to ``prev_hash``."""
    content = {
        "occurred_at": utc_iso(occurred_at),
        "actor": actor,
        "actor_user_id": actor_user_id,
        "action": action,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "old_values": old_values,
        "new_values": new_values,
        "reason": reason,
        "prev_hash": prev_hash,
    }
    canonical = json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
