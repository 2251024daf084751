"""A simulated reader listening on TCP, owning the tasks of its sessions and ROSpecs.

Use as an async context manager; ``port=0`` binds a free port, found in ``server.port``::

    async with ReaderServer(profile, field, clock=clock, port=0) as server:
        ...
"""

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from types import TracebackType
from typing import Any, Self

from coldtrace_sim.llrp.clock import SimClock
from coldtrace_sim.llrp.enums import ConnectionAttemptStatus
from coldtrace_sim.llrp.params_events import ConnectionAttemptEvent
from coldtrace_sim.llrp.profile import ReaderProfile
from coldtrace_sim.llrp.reader import Reader
from coldtrace_sim.llrp.session import Session
from coldtrace_sim.llrp.tags import TagField

logger = logging.getLogger(__name__)

LLRP_PORT = 5084  # IANA-registered LLRP port


class ReaderServer:
    """One simulated reader on ``host:port``, serving one client at a time."""

    def __init__(
        self,
        profile: ReaderProfile,
        field: TagField,
        *,
        clock: SimClock | None = None,
        host: str = "127.0.0.1",
        port: int = LLRP_PORT,
    ) -> None:
        self.profile = profile
        self.host = host
        self.port = port
        self.clock = clock or SimClock()
        self.reader = Reader(profile, field, self.clock, self._spawn)
        self.sessions_served = 0
        self._stack = contextlib.AsyncExitStack()
        self._group: asyncio.TaskGroup | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._server: asyncio.Server | None = None
        self._changed = asyncio.Condition()

    async def __aenter__(self) -> Self:
        self._group = await self._stack.enter_async_context(asyncio.TaskGroup())
        self._server = await asyncio.start_server(self._accept, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        logger.info(
            "reader %s (%s) listening on %s:%s",
            self.profile.name,
            self.profile.vendor.value,
            self.host,
            self.port,
        )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._server is not None:
            self._server.close()
        session = self.reader.session
        if session is not None:
            session.close(graceful=True)
        for task in list(self._tasks):
            task.cancel()
        await self._stack.aclose()
        if self._server is not None:
            await self._server.wait_closed()

    def _spawn(self, coro: Coroutine[Any, Any, None], name: str) -> "asyncio.Task[None]":
        """Run ``coro`` as a named task of this server's task group."""
        if self._group is None:
            coro.close()
            raise RuntimeError("the reader server is not running")
        task = self._group.create_task(self._guard(coro, name), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    @staticmethod
    async def _guard(coro: Coroutine[Any, Any, None], name: str) -> None:
        try:
            await coro
        except Exception:
            # Task boundary: a fault in one session or ROSpec must not stop the reader.
            logger.exception("task %s failed", name)

    def _accept(self, stream: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        session = Session(self.reader, stream, writer)
        self._spawn(self._serve(session), f"llrp-session-{session.peer}")

    async def _serve(self, session: Session) -> None:
        current = self.reader.session
        if current is not None and not current.closed:
            logger.warning("refusing %s: %s is connected", session.peer, current.peer)
            session.refuse()
            attempted = ConnectionAttemptStatus.ANOTHER_CONNECTION_ATTEMPTED
            current.post(
                self.reader.event_message(connection_attempt=ConnectionAttemptEvent(attempted))
            )
            return
        logger.info("client %s connected to %s", session.peer, self.profile.name)
        await self._set_session(session)
        try:
            await session.run()
        finally:
            if self.reader.session is session:
                await self._set_session(None)
            self.sessions_served += 1
            async with self._changed:
                self._changed.notify_all()

    async def _set_session(self, session: Session | None) -> None:
        self.reader.session = session
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(self, predicate: Callable[[], bool]) -> None:
        """Wait until ``predicate()`` holds, re-checked whenever a client connects or leaves."""
        async with self._changed:
            await self._changed.wait_for(predicate)

    def connected(self) -> bool:
        """Whether a client is connected."""
        return self.reader.session is not None and not self.reader.session.closed

    def drop_client(self) -> None:
        """Close the client's connection without warning, as a reader losing its network does."""
        if self.reader.session is not None:
            self.reader.session.close(graceful=False)
