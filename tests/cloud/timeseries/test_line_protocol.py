"""Line protocol escaping, against the rules of InfluxDB's v1 write API and a real InfluxDB."""

import itertools
import math

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coldtrace_cloud.timeseries.line_protocol import (
    LineProtocolError,
    escape_key,
    escape_measurement,
    render_field,
    render_point,
)
from devstack.cli import Stack


def test_escaping_rules() -> None:
    assert escape_measurement("cold room,a") == r"cold\ room\,a"
    assert escape_key("a=b, c") == r"a\=b\,\ c"
    assert render_field('say "hi" \\ now') == r'"say \"hi\" \\ now"'
    assert render_field(3) == "3i"
    assert render_field(True) == "true"
    assert render_field(4.25) == "4.25"


def test_point_shape_sorted_tags_and_no_none_fields() -> None:
    line = render_point("readings", {"z": "1", "a": "x y"}, {"t": 1.5, "h": None, "q": "ok"}, 10)
    assert line == r'readings,a=x\ y,z=1 t=1.5,q="ok" 10'


@pytest.mark.parametrize(
    ("tags", "fields"),
    [({}, {}), ({}, {"x": None}), ({"a\nb": "1"}, {"x": 1.0}), ({}, {"x": float("nan")})],
)
def test_unwritable_points_are_refused(tags: dict[str, str], fields: dict[str, float]) -> None:
    with pytest.raises(LineProtocolError):
        render_point("m", tags, fields, 1)


_timestamps = itertools.count(1_000)
safe_text = st.text(
    st.characters(exclude_characters="\n\r", exclude_categories=["Cs"]), min_size=1, max_size=20
)


@settings(max_examples=60, deadline=None)
@given(tag=safe_text, text=safe_text, value=st.floats(allow_nan=False, allow_infinity=False))
def test_real_influxdb_reads_back_what_we_escape(
    stack: Stack, influx_database: str, tag: str, text: str, value: float
) -> None:
    if tag.strip() == "" or tag.endswith("\\") or text.endswith("\\"):
        return  # InfluxDB 1.x refuses empty tag values and mis-parses a trailing backslash
    at = next(_timestamps)
    line = render_point("esc test", {"tag key": tag}, {"f,v": value, "s=t": text}, at)
    response = httpx.post(
        f"{stack.influx.url}/write",
        params={"db": influx_database},
        content=line.encode(),
        timeout=10,
    )
    assert response.status_code == 204, (line, response.text)
    query = f'SELECT "f,v", "s=t", "tag key" FROM "esc test" WHERE time = {at}'
    result = httpx.get(
        f"{stack.influx.url}/query", params={"db": influx_database, "q": query}, timeout=10
    ).json()
    row = result["results"][0]["series"][0]["values"][-1]
    # InfluxDB renders integral floats as JSON integers with shortest digits: compare closely.
    assert math.isclose(row[1], value, rel_tol=1e-15, abs_tol=1e-300)
    assert row[2:] == [text, tag]
