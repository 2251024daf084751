"""CBV 2.0 event hash: the reference vector, canonical forms, and hypothesis properties."""

import json
import random
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from coldtrace_cloud.epcis.digital_link import canonical_uri, pattern_prefix
from coldtrace_cloud.epcis.event_hash import canonical_number, canonical_time, event_hash, prehash

VECTORS = Path(__file__).resolve().parents[2] / "data" / "epcis" / "hash-vectors"
DATA = VECTORS.parent


def _vector_event() -> dict[str, Any]:
    doc = json.loads((VECTORS / "epcisDocWithSingleEvent.jsonld").read_text())
    event: dict[str, Any] = doc["epcisBody"]["eventList"][0]
    return event


def test_the_reference_implementations_vector() -> None:
    event = _vector_event()
    expected_prehash = (VECTORS / "epcisDocWithSingleEvent.prehashes").read_text().strip()
    expected_hash = (VECTORS / "epcisDocWithSingleEvent.hashes").read_text().strip()
    assert prehash(event) == expected_prehash
    assert event_hash(event) == expected_hash


def test_epc_urns_become_canonical_digital_links() -> None:
    # CBV 2.0 §8.9 rule 17 and the TDS 2.0 / Digital Link 1.2 mapping.
    assert (
        canonical_uri("urn:epc:id:sgtin:0614141.107346.2017")
        == "https://id.gs1.org/01/10614141073464/21/2017"
    )
    assert (
        canonical_uri("urn:epc:id:sgln:4012345.00005.0") == "https://id.gs1.org/414/4012345000054"
    )
    assert canonical_uri("urn:epc:id:giai:4000001.111") == "https://id.gs1.org/8004/4000001111"
    assert (
        canonical_uri("urn:epc:id:sscc:4012345.0000000333")
        == "https://id.gs1.org/00/040123450000003338"
    )
    assert (
        canonical_uri("urn:epc:id:grai:4012345.00077.8765")
        == "https://id.gs1.org/8003/040123450007718765"
    )
    # Rule 18: custom domain, query string and coarser qualifiers go.
    assert (
        canonical_uri("https://example.com/shop/01/9520123000116/10/L1/21/S9?x=1")
        == "https://id.gs1.org/01/09520123000116/21/S9"
    )
    assert canonical_uri("urn:coldtrace:location:north:cold") == "urn:coldtrace:location:north:cold"
    assert (
        pattern_prefix("urn:epc:idpat:sgtin:0614141.107346.*")
        == "https://id.gs1.org/01/10614141073464/21/"
    )


def test_times_and_numbers_take_their_canonical_form() -> None:
    assert canonical_time("2019-04-02T15:00:00+01:00") == "2019-04-02T14:00:00.000Z"
    assert canonical_time("2005-07-11T11:30:47.0Z") == "2005-07-11T11:30:47.000Z"
    assert canonical_time("2020-01-01T00:00:00.1235Z") == "2020-01-01T00:00:00.124Z"
    assert canonical_number(26.0) == "26"
    assert canonical_number(12.10) == "12.1"
    assert canonical_number(1e-7) == "0.0000001"


def test_the_bare_term_the_urn_and_the_web_uri_hash_alike() -> None:
    event = _vector_event()
    urn = {**event, "bizStep": "urn:epcglobal:cbv:bizstep:shipping"}
    web = {**event, "bizStep": "https://ref.gs1.org/cbv/BizStep-shipping"}
    assert event_hash(urn) == event_hash(event) == event_hash(web)


def test_the_gs1_sensor_example_hashes_its_sensor_reports_in_canonical_order() -> None:
    doc = json.loads((DATA / "SensorDataExample1.jsonld").read_text())
    text = prehash(doc["epcisBody"]["eventList"][0])
    assert "sensorElementListsensorElementsensorMetadatatime=2019-04-02T13:05:00.000Z" in text
    assert "sensorReporttype=https://gs1.org/voc/Temperaturevalue=26uom=CEL" in text
    assert "rawData=https://id.gs1.org/8004/401234599999" in text


def _shuffled(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {k: _shuffled(value[k], rng) for k in keys}
    if isinstance(value, list):
        items = [_shuffled(v, rng) for v in value]
        rng.shuffle(items)
        return items
    if isinstance(value, str) and rng.random() < 0.3:
        return f"  {value} "
    return value


def _examples() -> list[dict[str, Any]]:
    events = [_vector_event()]
    for path in sorted(DATA.glob("SensorDataExample*.jsonld")):
        events += json.loads(path.read_text())["epcisBody"]["eventList"]
    return events


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False), st.sampled_from(_examples()))
def test_key_order_list_order_and_whitespace_do_not_change_the_hash(
    rng: random.Random, event: dict[str, Any]
) -> None:
    again = json.loads(json.dumps(_shuffled(event, rng), indent=rng.choice([None, 1, 4])))
    assert event_hash(again) == event_hash(event)


_EVENT_STRINGS = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1)


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["bizTransaction", "epc", "readPoint", "value", "eventTime", "uom"]),
    st.integers(min_value=1, max_value=10_000),
)
def test_changing_a_value_changes_the_hash(field: str, delta: int) -> None:
    event = json.loads(json.dumps(_vector_event()))
    event["sensorElementList"] = [{"sensorReport": [{"type": "Temperature", "value": 4.5}]}]
    before = event_hash(event)
    report = event["sensorElementList"][0]["sensorReport"][0]
    if field == "bizTransaction":
        event["bizTransactionList"][0]["bizTransaction"] += str(delta)
    elif field == "epc":
        event["epcList"][0] += str(delta)
    elif field == "readPoint":
        event["readPoint"]["id"] = f"urn:epc:id:sgln:0614141.07346.{delta}"
    elif field == "value":
        report["value"] = 4.5 + delta / 1000
    elif field == "eventTime":
        event["eventTime"] = f"2022-02-16T20:33:{delta % 60:02d}.{delta % 999:03d}-05:00"
    else:
        report["uom"] = "FAH"
    assert event_hash(event) != before


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12), _EVENT_STRINGS)
def test_an_added_or_removed_extension_changes_the_hash(name: str, value: str) -> None:
    event = _vector_event()
    extended = {**event, "@context": {"ex": "https://ns.example.com/"}, f"ex:{name}": value}
    assert event_hash(extended) != event_hash(event)
    assert prehash(extended).endswith(f"{{https://ns.example.com/}}{name}={value.strip()}")
