"""Portal passes, holds and alarms on the wire: golden identities, validation, round trips."""

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from coldtrace_protocol.holds import AlarmBatch, Hold, HoldAlarm, HoldList, HoldReason
from coldtrace_protocol.identifiers import encode_sgtin96, encode_sscc96
from coldtrace_protocol.rfid import (
    EpcIdentity,
    PassDirection,
    PortalPass,
    RfidBatch,
    Zone,
    ZoneReads,
)

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def test_identity_of_the_tds_sgtin_vector() -> None:
    identity = EpcIdentity.of_hex("3074257BF7194E4000001A85")
    assert identity.is_gs1
    assert identity.scheme == "sgtin-96"
    assert identity.pure_uri == "urn:epc:id:sgtin:0614141.812345.6789"
    assert identity.tag_uri == "urn:epc:tag:sgtin-96:3.0614141.812345.6789"
    assert identity.gtin == "80614141123458"
    assert identity.serial == "6789"
    assert identity.filter_value == 3


def test_identity_of_an_sscc_and_of_a_raw_chip() -> None:
    sscc = EpcIdentity.of_hex(encode_sscc96("9521234", "0000000101", 6).hex())
    assert sscc.scheme == "sscc-96"
    assert sscc.sscc is not None
    assert sscc.sscc.startswith("09521234")
    raw = EpcIdentity.of_hex("E28011AABBCCDDEEFF001122")
    assert not raw.is_gs1
    assert raw.scheme == "raw"
    assert raw.pure_uri is None
    assert raw.reason


def a_pass(**changes: object) -> PortalPass:
    epc = encode_sgtin96("9521234", "012345", 1001, 1).hex().upper()
    fields: dict[str, object] = {
        "event_id": uuid4(),
        "portal_id": "door-1",
        "reader_id": "dock-door-1",
        "epc": epc,
        "identity": EpcIdentity.of_hex(epc),
        "first_seen_at": T0,
        "last_seen_at": T0 + timedelta(seconds=9),
        "first_received_at": T0,
        "last_received_at": T0 + timedelta(seconds=9),
        "zone_sequence": [Zone.OUTSIDE, Zone.INSIDE],
        "zones": [
            ZoneReads(
                zone=Zone.OUTSIDE,
                antennas=[1],
                read_count=30,
                peak_rssi_dbm=-48.5,
                first_seen_at=T0,
                last_seen_at=T0 + timedelta(seconds=5),
            ),
            ZoneReads(
                zone=Zone.INSIDE,
                antennas=[2],
                read_count=25,
                peak_rssi_dbm=-50.0,
                first_seen_at=T0 + timedelta(seconds=4),
                last_seen_at=T0 + timedelta(seconds=9),
            ),
        ],
        "read_count": 55,
        "direction": PassDirection.INBOUND,
        "direction_confidence": 0.9,
        "from_location": "dock-1",
        "to_location": "cold-room-1",
    }
    fields.update(changes)
    return PortalPass.model_validate(fields)


def test_a_batch_round_trips_as_json_with_kind_rfid() -> None:
    batch = RfidBatch(
        gateway_id="gw-1", seq=7, message_id=uuid4(), sent_at=T0, passes=[a_pass(), a_pass()]
    )
    text = batch.model_dump_json()
    assert '"kind":"rfid"' in text
    assert '"passes":[' in text
    assert RfidBatch.model_validate_json(text) == batch
    assert batch.passes[0].peak_rssi_dbm == -48.5


@pytest.mark.parametrize(
    "changes",
    [
        {"read_count": 54},  # not the sum of the zones
        {"last_seen_at": T0 - timedelta(seconds=1)},
        {"direction": PassDirection.UNKNOWN, "direction_confidence": 0.5},
        {"epc": "30742"},  # odd hex
        {"epc": "3074257bf7194e4000001a85"},  # lower case is not the canonical form
        {"portal_id": "door/1"},
        {"first_seen_at": datetime(2026, 3, 1, 8, 0)},  # naive  # noqa: DTZ001
    ],
)
def test_inconsistent_passes_are_refused(changes: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        a_pass(**changes)


def test_holds_and_alarms_round_trip() -> None:
    hold = Hold(
        pure_uri="urn:epc:id:sgtin:9521234.012345.1001",
        reason=HoldReason.QUARANTINED,
        lot_number="L2401A",
    )
    holds = HoldList(site_id="site-1", issued_at=T0, version=3, holds=[hold])
    assert HoldList.model_validate_json(holds.model_dump_json()) == holds
    assert holds.by_uri() == {hold.pure_uri: hold}
    alarm = HoldAlarm(
        event_id=uuid4(),
        pass_event_id=uuid4(),
        raised_at=T0,
        portal_id="door-2",
        epc="30" + "00" * 11,
        pure_uri=hold.pure_uri,
        reason=hold.reason,
        direction=PassDirection.OUTBOUND,
        seen_at=T0,
        holds_version=3,
    )
    batch = AlarmBatch(gateway_id="gw-1", seq=1, message_id=uuid4(), sent_at=T0, alarms=[alarm])
    assert '"kind":"alarm"' in batch.model_dump_json()
    assert AlarmBatch.model_validate_json(batch.model_dump_json()) == batch


zones = st.sampled_from(list(Zone))
moments = st.datetimes(
    # hypothesis wants naive bounds and adds the zone itself
    min_value=datetime(2001, 1, 1),  # noqa: DTZ001
    max_value=datetime(2090, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)


@st.composite
def passes(draw: st.DrawFn) -> PortalPass:
    start = draw(moments)
    span = timedelta(microseconds=draw(st.integers(0, 10**9)))
    chosen = draw(st.lists(zones, min_size=1, max_size=2, unique=True))
    summaries = [
        ZoneReads(
            zone=zone,
            antennas=draw(st.lists(st.integers(1, 32), min_size=1, max_size=4, unique=True)),
            read_count=draw(st.integers(1, 10_000)),
            peak_rssi_dbm=draw(st.floats(-128, 127, allow_nan=False)),
            first_seen_at=start,
            last_seen_at=start + span,
        )
        for zone in chosen
    ]
    direction = draw(st.sampled_from(list(PassDirection)))
    confidence = 0.0 if direction is PassDirection.UNKNOWN else draw(st.floats(0, 1))
    epc = draw(st.binary(min_size=1, max_size=62)).hex().upper()
    return PortalPass(
        event_id=UUID(int=draw(st.integers(0, 2**128 - 1))),
        portal_id="door-1",
        reader_id="r1",
        epc=epc,
        identity=EpcIdentity.of_hex(epc),
        first_seen_at=start,
        last_seen_at=start + span,
        first_received_at=start,
        last_received_at=start + span,
        reader_clock_suspect=draw(st.booleans()),
        zone_sequence=draw(st.lists(zones, min_size=1, max_size=64)),
        zones=summaries,
        read_count=sum(z.read_count for z in summaries),
        direction=direction,
        direction_confidence=confidence,
    )


@given(passes())
def test_any_valid_pass_round_trips(portal_pass: PortalPass) -> None:
    assert PortalPass.model_validate_json(portal_pass.model_dump_json()) == portal_pass


@given(st.binary(min_size=1, max_size=62))
def test_any_epc_bytes_give_an_identity(data: bytes) -> None:
    identity = EpcIdentity.of_hex(data.hex())
    assert identity.is_gs1 == (identity.pure_uri is not None)
