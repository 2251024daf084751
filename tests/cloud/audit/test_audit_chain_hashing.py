"""The chain's canonical serialisation: stable, sensitive to every field, JSON round-trip safe."""

import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coldtrace_cloud.audit.chain import GENESIS_HASH, jsonable, row_hash

ROW: dict[str, Any] = {
    "occurred_at": datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=UTC),
    "actor": "qa",
    "actor_user_id": 7,
    "action": "transition",
    "entity_type": "lot",
    "entity_id": "42",
    "old_values": {"status": "quarantined"},
    "new_values": {"status": "released"},
    "reason": "excursion assessed, stability data cover it",
    "prev_hash": GENESIS_HASH,
}


def test_hash_is_deterministic_and_hex() -> None:
    first = row_hash(**ROW)
    assert first == row_hash(**dict(reversed(list(ROW.items()))))
    assert len(first) == 64
    int(first, 16)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("occurred_at", ROW["occurred_at"] + timedelta(microseconds=1)),
        ("actor", "qa2"),
        ("actor_user_id", 8),
        ("action", "update"),
        ("entity_type", "item"),
        ("entity_id", "43"),
        ("old_values", {"status": "released"}),
        ("new_values", None),
        ("reason", None),
        ("prev_hash", "1" * 64),
    ],
)
def test_every_field_is_covered(field: str, value: object) -> None:
    assert row_hash(**{**ROW, field: value}) != row_hash(**ROW)


def test_the_same_instant_in_another_zone_hashes_the_same() -> None:
    cet = ROW["occurred_at"].astimezone(timezone(timedelta(hours=1)))
    assert row_hash(**{**ROW, "occurred_at": cet}) == row_hash(**ROW)


def test_jsonable_reduces_python_values() -> None:
    assert jsonable({"d": date(2026, 1, 31), "x": Decimal("1.50"), "f": 2.0, "s": {3, 1}}) == {
        "d": "2026-01-31",
        "x": "1.50",
        "f": 2,
        "s": [1, 3],
    }
    with pytest.raises(TypeError):
        jsonable(object())


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**62), 2**62)
    | st.floats(allow_nan=False, allow_infinity=False, width=64)
    | st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00")),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@given(json_values)
def test_values_survive_a_json_round_trip_unchanged(value: object) -> None:
    # What PostgreSQL's JSONB returns (numbers as exact decimals) must hash like what we wrote.
    stored = jsonable({"v": value})
    returned = json.loads(json.dumps(stored), parse_float=_like_numeric)
    assert row_hash(**{**ROW, "new_values": returned}) == row_hash(**{**ROW, "new_values": stored})


def _like_numeric(text: str) -> float | int:
    number = Decimal(text)
    return (
        int(number)
        if number == number.to_integral_value() and "e" not in text.lower()
        else float(text)
    )
