"""ROSpec state machine, triggers and reports of the simulated reader (LLRP 1.0.1 §10, §13)."""

import dataclasses

import pytest

from coldtrace_sim.llrp.clock import SimClock
from coldtrace_sim.llrp.enums import (
    NotificationEventType,
    ROReportTriggerType,
    ROSpecEventType,
    ROSpecStartTriggerType,
    ROSpecState,
    StatusCode,
)
from coldtrace_sim.llrp.message import Message
from coldtrace_sim.llrp.messages import GetReport, ReaderEventNotification, SetReaderConfig
from coldtrace_sim.llrp.messages_specs import (
    AddROSpec,
    DeleteROSpec,
    DisableROSpec,
    EnableROSpec,
    GetROSpecs,
    GetROSpecsResponse,
    StartROSpec,
    StopROSpec,
)
from coldtrace_sim.llrp.params_config import (
    EventNotificationState,
    ReaderEventNotificationSpec,
)
from tests.sim.llrp.conftest import Connect, StartReader
from tests.sim.llrp.llrp_peer import LlrpPeer
from tests.sim.llrp.rospecs import ALL_FIELDS, aispec, rospec


def ok(response: Message) -> bool:
    return bool(response.status.ok)  # type: ignore[attr-defined]


async def states(peer: LlrpPeer) -> dict[int, int]:
    response = await peer.request(GetROSpecs())
    assert isinstance(response, GetROSpecsResponse)
    return {spec.rospec_id: spec.current_state for spec in response.rospecs}


async def enable_events(peer: LlrpPeer, *events: NotificationEventType) -> None:
    spec = ReaderEventNotificationSpec(tuple(EventNotificationState(e, True) for e in events))
    assert ok(await peer.request(SetReaderConfig(False, event_spec=spec)))


@pytest.mark.parametrize(
    ("spec", "status"),
    [
        (rospec(state=ROSpecState.ACTIVE), StatusCode.M_PARAMETER_ERROR),
        (rospec(rospec_id=0), StatusCode.M_PARAMETER_ERROR),
        (rospec(specs=(aispec((9,)),)), StatusCode.M_PARAMETER_ERROR),
        (rospec(priority=8), StatusCode.M_PARAMETER_ERROR),
    ],
)
async def test_add_rospec_refuses_what_the_spec_forbids(
    start_reader: StartReader, connect: Connect, spec: object, status: StatusCode
) -> None:
    peer = await connect(await start_reader())
    response = await peer.request(AddROSpec(spec))  # type: ignore[arg-type]
    assert response.status.status_code == status  # type: ignore[attr-defined]
    assert await states(peer) == {}


async def test_duplicate_rospec_id_is_refused(start_reader: StartReader, connect: Connect) -> None:
    peer = await connect(await start_reader())
    assert ok(await peer.request(AddROSpec(rospec())))
    assert not ok(await peer.request(AddROSpec(rospec())))


async def test_null_start_trigger_waits_for_start_rospec(
    start_reader: StartReader, connect: Connect
) -> None:
    peer = await connect(await start_reader(tags=3))
    spec = rospec(
        start=ROSpecStartTriggerType.NULL,
        report=ROReportTriggerType.UPON_N_TAGS_OR_END_OF_AISPEC,
        n=3,
    )
    assert ok(await peer.request(AddROSpec(spec)))
    assert await states(peer) == {1: ROSpecState.DISABLED}
    assert not ok(await peer.request(StartROSpec(1)))  # a Disabled ROSpec cannot start
    assert ok(await peer.request(EnableROSpec(1)))
    assert await states(peer) == {1: ROSpecState.INACTIVE}
    assert ok(await peer.request(StartROSpec(1)))
    tags = await peer.tags(3)
    assert {t.rospec_id for t in tags} == {1}
    assert await states(peer) == {1: ROSpecState.ACTIVE}
    assert ok(await peer.request(StopROSpec(1)))
    assert await states(peer) == {1: ROSpecState.INACTIVE}
    assert not ok(await peer.request(StopROSpec(1)))  # only an Active ROSpec stops
    assert ok(await peer.request(DisableROSpec(1)))
    assert await states(peer) == {1: ROSpecState.DISABLED}


async def test_immediate_rospec_with_tag_observation_reports_every_n_tags(
    start_reader: StartReader, connect: Connect
) -> None:
    peer = await connect(await start_reader(tags=10, antenna_count=2))
    spec = rospec(specs=(aispec((1, 2), n_tags=4),))
    assert ok(await peer.request(AddROSpec(spec)))
    assert ok(await peer.request(EnableROSpec(1)))
    reports = await peer.reports(4)
    assert [len(r.tags) for r in reports] == [4, 4, 4, 4]
    assert {t.antenna_id for r in reports for t in r.tags} == {1, 2}  # the ROSpec loops on
    assert ok(await peer.request(DeleteROSpec(0)))
    assert await states(peer) == {}


async def test_n_tags_per_report_during_a_long_aispec(
    start_reader: StartReader, connect: Connect
) -> None:
    peer = await connect(await start_reader(tags=10))
    spec = rospec(report=ROReportTriggerType.UPON_N_TAGS_OR_END_OF_ROSPEC, n=3)
    assert ok(await peer.request(AddROSpec(spec)))
    assert ok(await peer.request(EnableROSpec(1)))
    assert [len(r.tags) for r in await peer.reports(3)] == [3, 3, 3]


async def test_duration_stop_trigger_and_end_of_rospec_report(
    start_reader: StartReader, connect: Connect
) -> None:
    clock = SimClock(speed=10.0)
    peer = await connect(await start_reader(tags=2, clock=clock, min_round_s=0.05))
    # Without ChannelIndex in the report, reads of a tag on any channel share one entry.
    selector = dataclasses.replace(ALL_FIELDS, enable_channel_index=False)
    spec = rospec(
        duration_ms=2000, report=ROReportTriggerType.UPON_N_TAGS_OR_END_OF_ROSPEC, selector=selector
    )
    assert ok(await peer.request(AddROSpec(spec)))
    assert ok(await peer.request(EnableROSpec(1)))
    (report,) = await peer.reports(1)
    assert len(report.tags) == 2  # one entry per tag, reads aggregated
    for tag in report.tags:
        assert tag.tag_seen_count is not None
        assert tag.tag_seen_count > 1
        assert tag.first_seen_utc_us is not None
        assert tag.last_seen_utc_us is not None
        assert 0 < tag.last_seen_utc_us - tag.first_seen_utc_us <= 2_000_000
    assert await states(peer) == {1: ROSpecState.INACTIVE}  # Immediate does not restart it


async def test_end_of_aispec_reports_carry_the_spec_index(
    start_reader: StartReader, connect: Connect
) -> None:
    peer = await connect(await start_reader(tags=2))
    spec = rospec(specs=(aispec(duration_ms=20), aispec(duration_ms=20)))
    assert ok(await peer.request(AddROSpec(spec)))
    assert ok(await peer.request(EnableROSpec(1)))
    first, second = await peer.reports(2)
    assert {t.spec_index for t in first.tags} == {1}
    assert {t.spec_index for t in second.tags} == {2}
    assert {t.inventory_parameter_spec_id for t in first.tags} == {7}


async def test_periodic_start_trigger_and_rospec_events(
    start_reader: StartReader, connect: Connect
) -> None:
    peer = await connect(await start_reader(tags=1))
    await enable_events(peer, NotificationEventType.ROSPEC)
    spec = rospec(start=ROSpecStartTriggerType.PERIODIC, period_ms=100, duration_ms=20)
    assert ok(await peer.request(AddROSpec(spec)))
    assert ok(await peer.request(EnableROSpec(1)))
    kinds: list[int] = []
    while kinds.count(ROSpecEventType.START_OF_ROSPEC) < 3:
        _, event = await peer.expect(ReaderEventNotification)
        assert event.data.rospec is not None
        kinds.append(event.data.rospec.event_type)
    assert kinds[:4] == [0, 1, 0, 1]


async def test_get_report_when_reports_are_not_automatic(
    start_reader: StartReader, connect: Connect
) -> None:
    peer = await connect(await start_reader(tags=3))
    selector = dataclasses.replace(ALL_FIELDS, enable_channel_index=False)
    spec = rospec(
        start=ROSpecStartTriggerType.NULL,
        specs=(aispec(duration_ms=30),),
        report=ROReportTriggerType.NONE,
        selector=selector,
    )
    await enable_events(peer, NotificationEventType.ROSPEC)
    assert ok(await peer.request(AddROSpec(spec)))
    assert ok(await peer.request(EnableROSpec(1)))
    for _ in range(2):  # two runs, nothing reported by the reader on its own
        assert ok(await peer.request(StartROSpec(1)))
        while True:
            _, event = await peer.expect(ReaderEventNotification)
            if event.data.rospec and event.data.rospec.event_type == ROSpecEventType.END_OF_ROSPEC:
                break
    assert not [m for _, m in peer.backlog if not isinstance(m, ReaderEventNotification)]
    await peer.send(GetReport())
    (report,) = await peer.reports(1)
    assert len(report.tags) == 3  # both runs' reads, aggregated per tag
    assert all(t.tag_seen_count is not None and t.tag_seen_count > 1 for t in report.tags)


async def test_priority_preempts_the_active_rospec(
    start_reader: StartReader, connect: Connect
) -> None:
    peer = await connect(await start_reader(tags=1))
    await enable_events(peer, NotificationEventType.ROSPEC)
    assert ok(await peer.request(AddROSpec(rospec(1, priority=3))))
    assert ok(
        await peer.request(AddROSpec(rospec(2, priority=1, start=ROSpecStartTriggerType.NULL)))
    )
    assert ok(await peer.request(EnableROSpec(0)))
    assert ok(await peer.request(StartROSpec(2)))
    while True:
        _, event = await peer.expect(ReaderEventNotification)
        if (
            event.data.rospec
            and event.data.rospec.event_type == ROSpecEventType.PREEMPTION_OF_ROSPEC
        ):
            break
    assert (event.data.rospec.rospec_id, event.data.rospec.preempting_rospec_id) == (1, 2)
    assert (await states(peer))[2] == ROSpecState.ACTIVE


async def test_gpi_start_trigger_waits_for_the_photo_eye(
    start_reader: StartReader, connect: Connect
) -> None:
    server = await start_reader(tags=2)
    peer = await connect(server)
    await enable_events(peer, NotificationEventType.GPI)
    spec = rospec(start=ROSpecStartTriggerType.GPI, gpi_port=1, specs=(aispec(n_tags=2),))
    assert ok(await peer.request(AddROSpec(spec)))
    assert ok(await peer.request(EnableROSpec(1)))
    assert await states(peer) == {1: ROSpecState.INACTIVE}
    server.reader.gpio.set_gpi(1, high=True)  # a pallet breaks the beam
    _, event = await peer.expect(ReaderEventNotification)
    assert event.data.gpi is not None
    assert (event.data.gpi.gpi_port_number, event.data.gpi.gpi_event) == (1, True)
    assert len(await peer.tags(2)) >= 2
