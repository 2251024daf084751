"""A minimal LLRP client for tests: the codec under test on a real TCP socket.

It is a real protocol peer (no fakes): it frames requests, matches responses by message id and
keeps the unsolicited messages (reports, events, keepalives) it receives in between.
"""

import asyncio
import contextlib
import itertools
from typing import TypeVar

from coldtrace_sim.llrp.enums import HEADER_SIZE
from coldtrace_sim.llrp.framing import decode_frame, encode_frame
from coldtrace_sim.llrp.message import Message
from coldtrace_sim.llrp.messages import Keepalive, ReaderEventNotification, ROAccessReport
from coldtrace_sim.llrp.params_report import TagReportData

M = TypeVar("M", bound=Message)
UNSOLICITED = (ROAccessReport, ReaderEventNotification, Keepalive)
TIMEOUT_S = 5.0


class LlrpPeer:
    """The client end of one LLRP connection."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.backlog: list[tuple[int, Message]] = []
        self._ids = itertools.count(1000)

    @classmethod
    async def connect(cls, port: int) -> "LlrpPeer":
        """Open a connection to a reader on loopback."""
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(reader, writer)

    async def read_frame(self, timeout_s: float = TIMEOUT_S) -> tuple[int, Message]:
        """The next message on the wire."""
        async with asyncio.timeout(timeout_s):
            head = await self.reader.readexactly(HEADER_SIZE)
            length = int.from_bytes(head[2:6], "big")
            body = await self.reader.readexactly(length - HEADER_SIZE)
        return decode_frame(head + body)

    async def send(self, message: Message, message_id: int | None = None) -> int:
        """Send a message; returns its id."""
        mid = next(self._ids) if message_id is None else message_id
        self.writer.write(encode_frame(message, mid))
        await self.writer.drain()
        return mid

    async def send_raw(self, data: bytes) -> None:
        """Send bytes as they are."""
        self.writer.write(data)
        await self.writer.drain()

    async def expect(self, kind: type[M], timeout_s: float = TIMEOUT_S) -> tuple[int, M]:
        """The first message of ``kind`` (from the backlog first); others go to the backlog."""
        for index, (mid, message) in enumerate(self.backlog):
            if isinstance(message, kind):
                del self.backlog[index]
                return mid, message
        async with asyncio.timeout(timeout_s):
            while True:
                mid, message = await self.read_frame(timeout_s)
                if isinstance(message, kind):
                    return mid, message
                self.backlog.append((mid, message))

    async def request(self, message: Message, timeout_s: float = TIMEOUT_S) -> Message:
        """Send ``message`` and return the message that answers it (same id, not unsolicited)."""
        mid = await self.send(message)
        async with asyncio.timeout(timeout_s):
            while True:
                got_id, got = await self.read_frame(timeout_s)
                if got_id == mid and not isinstance(got, UNSOLICITED):
                    return got
                self.backlog.append((got_id, got))

    async def greeting(self) -> ReaderEventNotification:
        """The READER_EVENT_NOTIFICATION that opens every connection."""
        _, event = await self.expect(ReaderEventNotification)
        return event

    async def tags(self, count: int, timeout_s: float = TIMEOUT_S) -> list[TagReportData]:
        """Collect TagReportData from reports until at least ``count`` arrived."""
        found: list[TagReportData] = []
        async with asyncio.timeout(timeout_s):
            while len(found) < count:
                _, report = await self.expect(ROAccessReport, timeout_s)
                found.extend(report.tags)
        return found

    async def reports(self, count: int, timeout_s: float = TIMEOUT_S) -> list[ROAccessReport]:
        """The next ``count`` reports."""
        return [(await self.expect(ROAccessReport, timeout_s))[1] for _ in range(count)]

    async def closed_by_reader(self, timeout_s: float = TIMEOUT_S) -> bool:
        """Read (and keep) messages until the reader closes the connection."""
        try:
            async with asyncio.timeout(timeout_s):
                while True:
                    self.backlog.append(await self.read_frame(timeout_s))
        except (asyncio.IncompleteReadError, ConnectionError):
            return True

    async def close(self) -> None:
        """Close our end."""
        self.writer.close()
        with contextlib.suppress(ConnectionError):
            await self.writer.wait_closed()
