"""Connection handling of the simulated reader: greeting, one client at a time, errors, closing."""

import asyncio

from coldtrace_sim.llrp.enums import ConnectionAttemptStatus, StatusCode
from coldtrace_sim.llrp.messages import (
    CloseConnection,
    CloseConnectionResponse,
    CustomMessage,
    EnableEventsAndReports,
    ErrorMessage,
    GetReaderCapabilities,
    GetReaderCapabilitiesResponse,
    GetReaderConfig,
    GetReaderConfigResponse,
    Keepalive,
    KeepaliveAck,
    ReaderEventNotification,
    ROAccessReport,
    SetReaderConfig,
)
from coldtrace_sim.llrp.messages_specs import (
    AddROSpec,
    DeleteAccessSpec,
    DeleteAccessSpecResponse,
    DeleteROSpec,
    DeleteROSpecResponse,
    EnableROSpec,
    GetROSpecs,
    GetROSpecsResponse,
)
from coldtrace_sim.llrp.parameter import Custom
from coldtrace_sim.llrp.params_config import KeepaliveSpec
from tests.sim.llrp.conftest import Connect, StartReader
from tests.sim.llrp.llrp_peer import LlrpPeer
from tests.sim.llrp.rospecs import aispec, rospec


async def test_first_message_is_a_successful_connection_attempt(start_reader: StartReader) -> None:
    server = await start_reader()
    peer = await LlrpPeer.connect(server.port)
    _, first = await peer.read_frame()
    assert isinstance(first, ReaderEventNotification)
    assert first.data.connection_attempt is not None
    assert first.data.connection_attempt.status == ConnectionAttemptStatus.SUCCESS
    assert abs(first.data.timestamp.microseconds - server.clock.now_us()) < 5_000_000
    await peer.close()


async def test_responses_echo_the_request_id(start_reader: StartReader, connect: Connect) -> None:
    peer = await connect(await start_reader())
    mid = await peer.send(GetReaderCapabilities(0), message_id=0xDEADBEEF)
    got_id, response = await peer.expect(GetReaderCapabilitiesResponse)
    assert got_id == mid == 0xDEADBEEF
    assert response.status.ok


async def test_unknown_message_type_gets_error_message_and_the_session_goes_on(
    start_reader: StartReader, connect: Connect
) -> None:
    peer = await connect(await start_reader())
    await peer.send_raw(bytes.fromhex("07e7 0000000a 00000042"))  # type 999, version 1
    mid, error = await peer.expect(ErrorMessage)
    assert mid == 0x42
    assert error.status.status_code == StatusCode.M_UNSUPPORTED_MESSAGE
    assert isinstance(await peer.request(GetROSpecs()), GetROSpecsResponse)


async def test_unsupported_version_gets_error_message(
    start_reader: StartReader, connect: Connect
) -> None:
    peer = await connect(await start_reader())
    await peer.send_raw(bytes.fromhex("0801 0000000b 00000043 00"))  # version 2
    _, error = await peer.expect(ErrorMessage)
    assert error.status.status_code == StatusCode.M_UNSUPPORTED_VERSION
    assert isinstance(await peer.request(GetROSpecs()), GetROSpecsResponse)


async def test_reader_messages_are_not_requests(
    start_reader: StartReader, connect: Connect
) -> None:
    peer = await connect(await start_reader())
    response = await peer.request(ROAccessReport())
    assert isinstance(response, ErrorMessage)
    assert response.status.status_code == StatusCode.M_UNSUPPORTED_MESSAGE


async def test_malformed_frame_gets_error_message_then_close_and_the_reader_serves_on(
    start_reader: StartReader, connect: Connect
) -> None:
    server = await start_reader()
    peer = await connect(server)
    await peer.send_raw(bytes.fromhex("0401 00000005 00000077"))  # length shorter than a header
    mid, error = await peer.expect(ErrorMessage)
    assert mid == 0x77
    assert not error.status.ok
    assert await peer.closed_by_reader()
    await server.wait_for(lambda: not server.connected())
    again = await connect(server)
    assert isinstance(await again.request(GetROSpecs()), GetROSpecsResponse)


async def test_truncated_parameter_closes_the_connection(
    start_reader: StartReader, connect: Connect
) -> None:
    server = await start_reader()
    peer = await connect(server)
    # ADD_ROSPEC whose ROSpec parameter claims 0x40 bytes but the message holds 8.
    await peer.send_raw(bytes.fromhex("0414 00000012 00000010 00b1 0040 00000001"))
    _, error = await peer.expect(ErrorMessage)
    assert error.status.status_code == StatusCode.M_PARAMETER_ERROR
    assert await peer.closed_by_reader()


async def test_well_framed_unknown_parameter_is_answered_in_the_response(
    start_reader: StartReader, connect: Connect
) -> None:
    peer = await connect(await start_reader())
    # DELETE_ROSPEC(0) followed by an unknown TLV parameter 1000 (length 4).
    await peer.send_raw(bytes.fromhex("0415 00000012 00000011 00000000 03e8 0004"))
    mid, response = await peer.expect(DeleteROSpecResponse)
    assert mid == 0x11
    assert response.status.status_code == StatusCode.M_UNKNOWN_PARAMETER
    assert response.status.parameter_error is not None
    assert response.status.parameter_error.parameter_type == 1000


async def test_second_client_is_refused_and_the_first_is_told(
    start_reader: StartReader, connect: Connect
) -> None:
    server = await start_reader()
    first = await connect(server)
    second = await LlrpPeer.connect(server.port)
    _, refusal = await second.read_frame()
    assert isinstance(refusal, ReaderEventNotification)
    assert refusal.data.connection_attempt is not None
    assert refusal.data.connection_attempt.status == (
        ConnectionAttemptStatus.FAILED_CLIENT_INITIATED_CONNECTION_EXISTS
    )
    assert await second.closed_by_reader()
    _, notice = await first.expect(ReaderEventNotification)
    assert notice.data.connection_attempt is not None
    assert notice.data.connection_attempt.status == (
        ConnectionAttemptStatus.ANOTHER_CONNECTION_ATTEMPTED
    )
    assert isinstance(await first.request(GetROSpecs()), GetROSpecsResponse)
    await second.close()


async def test_a_vanished_client_frees_the_reader(
    start_reader: StartReader, connect: Connect
) -> None:
    server = await start_reader()
    peer = await connect(server)
    peer.writer.transport.abort()  # the client dies: RST, no goodbye
    await server.wait_for(lambda: not server.connected())
    successor = await connect(server)
    assert isinstance(await successor.request(GetROSpecs()), GetROSpecsResponse)


async def test_deleting_nothing_succeeds(start_reader: StartReader, connect: Connect) -> None:
    peer = await connect(await start_reader())
    all_access_specs = await peer.request(DeleteAccessSpec(0))
    assert isinstance(all_access_specs, DeleteAccessSpecResponse)
    assert all_access_specs.status.ok
    deleted = await peer.request(DeleteROSpec(0))
    assert isinstance(deleted, DeleteROSpecResponse)
    assert deleted.status.ok
    missing = await peer.request(DeleteROSpec(5))
    assert isinstance(missing, DeleteROSpecResponse)
    assert missing.status.status_code == StatusCode.M_FIELD_ERROR
    no_access_spec = await peer.request(DeleteAccessSpec(3))
    assert isinstance(no_access_spec, DeleteAccessSpecResponse)
    assert not no_access_spec.status.ok


async def test_enable_events_and_reports_has_no_response(
    start_reader: StartReader, connect: Connect
) -> None:
    peer = await connect(await start_reader())
    await peer.send(EnableEventsAndReports())
    mid = await peer.send(GetROSpecs())
    got_id, message = await peer.read_frame()
    assert (got_id, type(message)) == (mid, GetROSpecsResponse)


async def test_close_connection(start_reader: StartReader, connect: Connect) -> None:
    server = await start_reader()
    peer = await connect(server)
    response = await peer.request(CloseConnection())
    assert isinstance(response, CloseConnectionResponse)
    assert response.status.ok
    assert await peer.closed_by_reader()
    await server.wait_for(lambda: not server.connected())


async def test_keepalives_flow_and_unanswered_ones_close_the_connection(
    start_reader: StartReader, connect: Connect
) -> None:
    server = await start_reader(keepalive_missed_limit=2)
    peer = await connect(server)
    configured = await peer.request(SetReaderConfig(False, keepalive=KeepaliveSpec(1, 20)))
    assert configured.status.ok  # type: ignore[attr-defined]
    mid, _ = await peer.expect(Keepalive)
    await peer.send(KeepaliveAck(), mid)
    await peer.expect(Keepalive)
    assert await peer.closed_by_reader()  # two more unanswered: the reader gives up
    closing = [m for _, m in peer.backlog if isinstance(m, ReaderEventNotification)]
    assert closing
    assert closing[-1].data.connection_close is not None


async def test_plain_reader_refuses_impinj_extensions(
    start_reader: StartReader, connect: Connect
) -> None:
    peer = await connect(await start_reader(vendor="plain"))
    refused = await peer.request(CustomMessage(25882, 21, bytes(4)))
    assert isinstance(refused, ErrorMessage)
    assert refused.status.status_code == StatusCode.M_UNSUPPORTED_MESSAGE
    impinj_param = GetReaderConfig(0, 0, 0, 0, (Custom(25882, 21, bytes(4)),))
    response = await peer.request(impinj_param)
    assert isinstance(response, GetReaderConfigResponse)
    assert response.status.status_code == StatusCode.M_UNSUPPORTED_PARAMETER


async def test_impinj_reader_accepts_its_parameters_once_extensions_are_enabled(
    start_reader: StartReader, connect: Connect
) -> None:
    peer = await connect(await start_reader(vendor="impinj"))
    impinj_param = GetReaderConfig(0, 0, 0, 0, (Custom(25882, 21, bytes(4)),))
    before = await peer.request(impinj_param)
    assert not before.status.ok  # type: ignore[attr-defined]
    enabled = await peer.request(CustomMessage(25882, 21, bytes(4)))
    assert isinstance(enabled, CustomMessage)
    assert (enabled.vendor, enabled.subtype) == (25882, 22)
    after = await peer.request(impinj_param)
    assert after.status.ok  # type: ignore[attr-defined]


async def test_dropping_the_client_is_seen_as_end_of_stream(
    start_reader: StartReader, connect: Connect
) -> None:
    server = await start_reader()
    peer = await connect(server)
    server.drop_client()
    assert await peer.closed_by_reader()
    await asyncio.wait_for(server.wait_for(lambda: not server.connected()), 5)


async def test_a_client_that_stops_reading_is_cut_off_and_the_reader_freed(
    start_reader: StartReader, connect: Connect
) -> None:
    server = await start_reader(
        tags=100, read_rate_per_s=0, min_round_s=0, keepalive_missed_limit=1, close_grace_s=0.2
    )
    stuck = await connect(server)
    # From here on the test never reads from "stuck": its buffers fill and reports pile up.
    await stuck.send(SetReaderConfig(False, keepalive=KeepaliveSpec(1, 500)))
    await stuck.send(AddROSpec(rospec(specs=(aispec(n_tags=100),))))
    await stuck.send(EnableROSpec(1))
    await asyncio.wait_for(server.wait_for(lambda: not server.connected()), 30)
    # Its socket cannot drain, so only the reset after the grace period ends the session.
    await asyncio.wait_for(server.wait_for(lambda: server.sessions_served == 1), 30)
    successor = await connect(server)
    assert isinstance(await successor.request(GetROSpecs()), GetROSpecsResponse)
