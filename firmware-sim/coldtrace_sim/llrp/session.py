"""One client connection: the READER_EVENT_NOTIFICATION greeting, requests, keepalives, errors.

LLRP 1.0.1 §13.2.6.11: the reader's first message on a connection is a READER_EVENT_NOTIFICATION
with a ConnectionAttemptEvent; a second client while one is connected gets a failure status and
is closed, and the connected client is told another connection was attempted.
"""

import asyncio
import logging
from typing import Final

from coldtrace_sim.llrp.enums import HEADER_SIZE, ConnectionAttemptStatus, StatusCode
from coldtrace_sim.llrp.errors import DecodeError, FrameError, SpecError, StatusError
from coldtrace_sim.llrp.framing import Header, decode_body, encode_frame, parse_header
from coldtrace_sim.llrp.handlers import HANDLERS, RESPONSE_TYPES
from coldtrace_sim.llrp.message import MESSAGE_CLASSES, Message
from coldtrace_sim.llrp.messages import ErrorMessage, Keepalive
from coldtrace_sim.llrp.params_events import ConnectionAttemptEvent, ConnectionCloseEvent
from coldtrace_sim.llrp.reader import Reader
from coldtrace_sim.llrp.status import status_of
from coldtrace_sim.llrp.vendor import check_customs

logger = logging.getLogger(__name__)

_WRITE_BUFFER_HIGH: Final = 256 * 1024  # bytes queued before report producers wait


async def _not_a_request(_session: "Session", message: Message) -> Message | None:
    """A message only a reader sends (a response, a report) is not accepted from a client."""
    raise SpecError(
        f"{type(message).__name__} is not a request", status=StatusCode.M_UNSUPPORTED_MESSAGE
    )


class Session:
    """The reader side of one TCP connection."""

    def __init__(
        self, reader: Reader, stream: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.reader = reader
        self.impinj_enabled = False
        self._stream = stream
        self._writer = writer
        self._closed = asyncio.Event()
        self._keepalive_wake = asyncio.Event()
        self._unacked = 0
        self._close_after_response = False
        peer = writer.get_extra_info("peername")
        self.peer = f"{peer[0]}:{peer[1]}" if isinstance(peer, tuple) else str(peer)
        writer.transport.set_write_buffer_limits(high=_WRITE_BUFFER_HIGH)

    @property
    def closed(self) -> bool:
        """True once the connection is closing or closed."""
        return self._closed.is_set()

    def post(self, message: Message, message_id: int | None = None) -> None:
        """Queue a message without waiting for the socket (small messages, events)."""
        if self.closed:
            return
        mid = self.reader.next_message_id() if message_id is None else message_id
        self._writer.write(encode_frame(message, mid))

    async def send(self, message: Message, message_id: int | None = None) -> None:
        """Queue a message and wait until the socket drains below its high-water mark."""
        if self.closed:
            return
        self.post(message, message_id)
        try:
            await self._writer.drain()
        except ConnectionError:
            logger.info("client %s went away while we were sending", self.peer)
            self.close(graceful=False)

    def close(self, *, graceful: bool) -> None:
        """Close the connection; a graceful close sends ConnectionCloseEvent first (§13.2.6.12)."""
        if self.closed:
            return
        if graceful:
            self.post(self.reader.event_message(connection_close=ConnectionCloseEvent()))
        self._closed.set()
        self._keepalive_wake.set()
        self._writer.close()
        # A client that stopped reading cannot be closed politely (the close waits for its
        # buffer to drain): after a grace period the connection is reset.
        grace_s = self.reader.profile.close_grace_s
        asyncio.get_running_loop().call_later(grace_s, self._writer.transport.abort)

    def refuse(self) -> None:
        """Turn away a second client: ConnectionAttemptEvent failure, then close."""
        status = ConnectionAttemptStatus.FAILED_CLIENT_INITIATED_CONNECTION_EXISTS
        self.post(self.reader.event_message(connection_attempt=ConnectionAttemptEvent(status)))
        self._closed.set()
        self._writer.close()

    def keepalive_changed(self) -> None:
        """The KeepaliveSpec may have changed: restart the keepalive timer."""
        self._keepalive_wake.set()

    def acknowledge_keepalive(self) -> None:
        """A KEEPALIVE_ACK arrived."""
        self._unacked = 0

    def close_after_response(self) -> None:
        """CLOSE_CONNECTION: close once the response is out."""
        self._close_after_response = True

    async def run(self) -> None:
        """Greet the client, then serve requests and send keepalives until the connection ends."""
        self.post(
            self.reader.event_message(
                connection_attempt=ConnectionAttemptEvent(ConnectionAttemptStatus.SUCCESS)
            )
        )
        try:
            async with asyncio.TaskGroup() as group:
                group.create_task(self._keepalive(), name=f"llrp-keepalive-{self.peer}")
                try:
                    await self._serve()
                finally:
                    self.close(graceful=False)
        finally:
            try:
                async with asyncio.timeout(self.reader.profile.close_grace_s):
                    await self._writer.wait_closed()
            except TimeoutError:
                self._writer.transport.abort()
            except ConnectionError:
                logger.debug("connection to %s ended with a reset", self.peer)

    async def _serve(self) -> None:
        try:
            while not self.closed:
                raw = await self._stream.readexactly(HEADER_SIZE)
                message_id = int.from_bytes(raw[6:10], "big")
                try:
                    header = parse_header(raw)
                    body = await self._stream.readexactly(header.length - HEADER_SIZE)
                    message = decode_body(header, raw + body)
                    check_customs(message, impinj_enabled=self.impinj_enabled)
                except FrameError as exc:
                    logger.warning("malformed frame from %s: %s; closing", self.peer, exc)
                    await self.send(ErrorMessage(status_of(exc)), message_id)
                    return
                except DecodeError as exc:
                    logger.info("refused message from %s: %s", self.peer, exc)
                    await self.send(self._error_response(header, exc), message_id)
                    continue
                await self._handle(message, message_id)
                if self._close_after_response:
                    self.close(graceful=False)
        except (asyncio.IncompleteReadError, ConnectionError):
            logger.info("client %s disconnected", self.peer)

    async def _handle(self, message: Message, message_id: int) -> None:
        handler = HANDLERS.get(type(message), _not_a_request)
        try:
            response = await handler(self, message)
        except SpecError as exc:
            logger.info("refused %s from %s: %s", type(message).__name__, self.peer, exc)
            header = Header(1, message.TYPE, 0, message_id)
            response = self._error_response(header, exc)
        if response is not None:
            await self.send(response, message_id)

    @staticmethod
    def _error_response(header: Header, error: StatusError) -> Message:
        """The request's own response with the error status, or ERROR_MESSAGE (§14.1.3)."""
        status = status_of(error)
        response_type = RESPONSE_TYPES.get(header.message_type)
        unsupported = (StatusCode.M_UNSUPPORTED_MESSAGE, StatusCode.M_UNSUPPORTED_VERSION)
        if response_type is None or error.status in unsupported:
            return ErrorMessage(status)
        return MESSAGE_CLASSES[response_type](status=status)  # type: ignore[call-arg]

    async def _keepalive(self) -> None:
        """KEEPALIVE every KeepaliveSpec interval (§12.2.4), real time; close when unanswered."""
        limit = self.reader.profile.keepalive_missed_limit
        while not self.closed:
            interval_ms = self.reader.config.keepalive_ms
            try:
                await asyncio.wait_for(
                    self._keepalive_wake.wait(), interval_ms / 1000 if interval_ms else None
                )
            except TimeoutError:
                if limit and self._unacked >= limit:
                    logger.warning("client %s missed %s keepalives; closing", self.peer, limit)
                    self.close(graceful=True)
                    return
                self._unacked += 1
                self.post(Keepalive())
            else:
                self._keepalive_wake.clear()
