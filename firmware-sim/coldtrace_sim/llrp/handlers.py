"""What the reader does with each client request, and the response it answers with.

A request decodes into a message model; its handler acts on the reader and returns the response
(or None for ENABLE_EVENTS_AND_REPORTS, KEEPALIVE_ACK and GET_REPORT, which have none). A refused
request is answered with its own response type carrying the error status (LLRP 1.0.1 §14).
"""

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Final

from coldtrace_sim.llrp.capabilities import capabilities_response
from coldtrace_sim.llrp.enums import IMPINJ_PEN, ImpinjMessageSubtype, MessageType, StatusCode
from coldtrace_sim.llrp.errors import SpecError
from coldtrace_sim.llrp.message import Message
from coldtrace_sim.llrp.messages import (
    CloseConnection,
    CloseConnectionResponse,
    CustomMessage,
    EnableEventsAndReports,
    GetReaderCapabilities,
    GetReaderConfig,
    GetReport,
    KeepaliveAck,
    SetReaderConfig,
    SetReaderConfigResponse,
)
from coldtrace_sim.llrp.messages_specs import (
    AddROSpec,
    AddROSpecResponse,
    DeleteAccessSpec,
    DeleteAccessSpecResponse,
    DeleteROSpec,
    DeleteROSpecResponse,
    DisableAccessSpec,
    DisableAccessSpecResponse,
    DisableROSpec,
    DisableROSpecResponse,
    EnableAccessSpec,
    EnableAccessSpecResponse,
    EnableROSpec,
    EnableROSpecResponse,
    GetAccessSpecs,
    GetAccessSpecsResponse,
    GetROSpecs,
    GetROSpecsResponse,
    StartROSpec,
    StartROSpecResponse,
    StopROSpec,
    StopROSpecResponse,
)
from coldtrace_sim.llrp.profile import VendorMode
from coldtrace_sim.llrp.status import SUCCESS, unknown_spec

if TYPE_CHECKING:
    from coldtrace_sim.llrp.session import Session

Handler = Callable[["Session", Message], Awaitable[Message | None]]

# The response type of each request type, for answering a request that failed to decode.
RESPONSE_TYPES: Final[dict[int, int]] = {
    MessageType.GET_READER_CAPABILITIES: MessageType.GET_READER_CAPABILITIES_RESPONSE,
    MessageType.GET_READER_CONFIG: MessageType.GET_READER_CONFIG_RESPONSE,
    MessageType.SET_READER_CONFIG: MessageType.SET_READER_CONFIG_RESPONSE,
    MessageType.CLOSE_CONNECTION: MessageType.CLOSE_CONNECTION_RESPONSE,
    MessageType.ADD_ROSPEC: MessageType.ADD_ROSPEC_RESPONSE,
    MessageType.DELETE_ROSPEC: MessageType.DELETE_ROSPEC_RESPONSE,
    MessageType.START_ROSPEC: MessageType.START_ROSPEC_RESPONSE,
    MessageType.STOP_ROSPEC: MessageType.STOP_ROSPEC_RESPONSE,
    MessageType.ENABLE_ROSPEC: MessageType.ENABLE_ROSPEC_RESPONSE,
    MessageType.DISABLE_ROSPEC: MessageType.DISABLE_ROSPEC_RESPONSE,
    MessageType.GET_ROSPECS: MessageType.GET_ROSPECS_RESPONSE,
    MessageType.DELETE_ACCESSSPEC: MessageType.DELETE_ACCESSSPEC_RESPONSE,
    MessageType.ENABLE_ACCESSSPEC: MessageType.ENABLE_ACCESSSPEC_RESPONSE,
    MessageType.DISABLE_ACCESSSPEC: MessageType.DISABLE_ACCESSSPEC_RESPONSE,
    MessageType.GET_ACCESSSPECS: MessageType.GET_ACCESSSPECS_RESPONSE,
}


async def get_capabilities(session: "Session", message: Message) -> Message:
    """GET_READER_CAPABILITIES (§9.1.1)."""
    assert isinstance(message, GetReaderCapabilities)  # noqa: S101 - dispatched by type
    return capabilities_response(session.reader.profile, message.requested_data)


async def get_config(session: "Session", message: Message) -> Message:
    """GET_READER_CONFIG (§12.1.1); an ImpinjRequestedData is accepted and adds nothing."""
    assert isinstance(message, GetReaderConfig)  # noqa: S101
    return session.reader.config.response(message)


async def set_config(session: "Session", message: Message) -> Message:
    """SET_READER_CONFIG (§12.1.3)."""
    assert isinstance(message, SetReaderConfig)  # noqa: S101
    session.reader.config.apply(message)
    session.keepalive_changed()
    return SetReaderConfigResponse(SUCCESS)


async def enable_events(_session: "Session", _message: Message) -> None:
    """ENABLE_EVENTS_AND_REPORTS (§13.1.6): nothing is held, and there is no response."""


async def keepalive_ack(session: "Session", _message: Message) -> None:
    """KEEPALIVE_ACK (§13.1.4): the client is alive."""
    session.acknowledge_keepalive()


async def get_report(session: "Session", _message: Message) -> None:
    """GET_REPORT (§13.1.1): the accumulated reports are the answer."""
    await session.reader.rospecs.flush()


async def close_connection(session: "Session", _message: Message) -> Message:
    """CLOSE_CONNECTION (§14.1.1): answer, then the session closes."""
    session.close_after_response()
    return CloseConnectionResponse(SUCCESS)


async def add_rospec(session: "Session", message: Message) -> Message:
    """ADD_ROSPEC (§10.1.1)."""
    assert isinstance(message, AddROSpec)  # noqa: S101
    session.reader.rospecs.add(message.rospec)
    return AddROSpecResponse(SUCCESS)


async def delete_rospec(session: "Session", message: Message) -> Message:
    """DELETE_ROSPEC (§10.1.3)."""
    assert isinstance(message, DeleteROSpec)  # noqa: S101
    await session.reader.rospecs.delete(message.rospec_id)
    return DeleteROSpecResponse(SUCCESS)


async def start_rospec(session: "Session", message: Message) -> Message:
    """START_ROSPEC (§10.1.5)."""
    assert isinstance(message, StartROSpec)  # noqa: S101
    session.reader.rospecs.start(message.rospec_id)
    return StartROSpecResponse(SUCCESS)


async def stop_rospec(session: "Session", message: Message) -> Message:
    """STOP_ROSPEC (§10.1.7)."""
    assert isinstance(message, StopROSpec)  # noqa: S101
    await session.reader.rospecs.stop(message.rospec_id)
    return StopROSpecResponse(SUCCESS)


async def enable_rospec(session: "Session", message: Message) -> Message:
    """ENABLE_ROSPEC (§10.1.9)."""
    assert isinstance(message, EnableROSpec)  # noqa: S101
    session.reader.rospecs.enable(message.rospec_id)
    return EnableROSpecResponse(SUCCESS)


async def disable_rospec(session: "Session", message: Message) -> Message:
    """DISABLE_ROSPEC (§10.1.11)."""
    assert isinstance(message, DisableROSpec)  # noqa: S101
    await session.reader.rospecs.disable(message.rospec_id)
    return DisableROSpecResponse(SUCCESS)


async def get_rospecs(session: "Session", _message: Message) -> Message:
    """GET_ROSPECS (§10.1.13)."""
    return GetROSpecsResponse(SUCCESS, session.reader.rospecs.snapshot())


def _no_access_specs(message: Message) -> None:
    """The reader holds no AccessSpecs (MaxNumAccessSpecs 0): only id 0, "all", exists."""
    spec_id = getattr(message, "access_spec_id", 0)
    if spec_id != 0:
        raise unknown_spec(f"no AccessSpec {spec_id}")


async def delete_access_spec(_session: "Session", message: Message) -> Message:
    """DELETE_ACCESSSPEC (§11.1.3): deleting all of none succeeds."""
    _no_access_specs(message)
    return DeleteAccessSpecResponse(SUCCESS)


async def enable_access_spec(_session: "Session", message: Message) -> Message:
    """ENABLE_ACCESSSPEC (§11.1.5)."""
    _no_access_specs(message)
    return EnableAccessSpecResponse(SUCCESS)


async def disable_access_spec(_session: "Session", message: Message) -> Message:
    """DISABLE_ACCESSSPEC (§11.1.7)."""
    _no_access_specs(message)
    return DisableAccessSpecResponse(SUCCESS)


async def get_access_specs(_session: "Session", _message: Message) -> Message:
    """GET_ACCESSSPECS (§11.1.9): none."""
    return GetAccessSpecsResponse(SUCCESS)


async def custom_message(session: "Session", message: Message) -> Message:
    """CUSTOM_MESSAGE (§8.1): IMPINJ_ENABLE_EXTENSIONS on an Impinj reader, nothing else."""
    assert isinstance(message, CustomMessage)  # noqa: S101
    impinj = session.reader.profile.vendor is VendorMode.IMPINJ
    if impinj and (message.vendor, message.subtype) == (
        IMPINJ_PEN,
        ImpinjMessageSubtype.ENABLE_EXTENSIONS,
    ):
        session.impinj_enabled = True
        return CustomMessage(
            IMPINJ_PEN, ImpinjMessageSubtype.ENABLE_EXTENSIONS_RESPONSE, SUCCESS.encode()
        )
    raise SpecError(
        f"custom message {message.vendor}/{message.subtype} is not supported",
        status=StatusCode.M_UNSUPPORTED_MESSAGE,
    )


HANDLERS: Final[dict[type[Message], Handler]] = {
    GetReaderCapabilities: get_capabilities,
    GetReaderConfig: get_config,
    SetReaderConfig: set_config,
    EnableEventsAndReports: enable_events,
    KeepaliveAck: keepalive_ack,
    GetReport: get_report,
    CloseConnection: close_connection,
    AddROSpec: add_rospec,
    DeleteROSpec: delete_rospec,
    StartROSpec: start_rospec,
    StopROSpec: stop_rospec,
    EnableROSpec: enable_rospec,
    DisableROSpec: disable_rospec,
    GetROSpecs: get_rospecs,
    DeleteAccessSpec: delete_access_spec,
    EnableAccessSpec: enable_access_spec,
    DisableAccessSpec: disable_access_spec,
    GetAccessSpecs: get_access_specs,
    CustomMessage: custom_message,
}
