"""The one module that imports sllurp: an LLRP reader session kept alive from asyncio.

sllurp runs one thread per reader and calls back on it; every callback here only hands its
arguments to the event loop with ``call_soon_threadsafe`` (STYLE.md). The blocking connect and
disconnect run in a thread. sllurp's own reconnect waits a fixed 60 s for a dead reader, so it is
off: this client reconnects with jittered backoff, and a watchdog drops a session that has been
silent for three keepalive periods (LLRP 1.0.1 §12.2.2 KeepaliveSpec), so a reader that comes back
is used within seconds. A session is only ever closed once it reached INVENTORYING (a disconnect
during the handshake breaks it: sllurp issue #210).
"""

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from sllurp.llrp import LLRPReaderClient, LLRPReaderConfig, LLRPReaderState

from coldtrace_edge.rfid.config import ReaderConfig
from coldtrace_edge.rfid.reads import RawRead
from coldtrace_protocol.backoff import Backoff

logger = logging.getLogger(__name__)

SELECTOR: Final = {
    "EnableROSpecID": False,
    "EnableSpecIndex": False,
    "EnableInventoryParameterSpecID": False,
    "EnableAntennaID": True,
    "EnableChannelIndex": False,
    "EnablePeakRSSI": True,
    "EnableFirstSeenTimestamp": True,
    "EnableLastSeenTimestamp": True,
    "EnableTagSeenCount": True,
    "EnableAccessSpecID": False,
}
WATCHDOG_KEEPALIVES: Final = 3
STOP_TIMEOUT_S: Final = 5.0


def sllurp_config(reader: ReaderConfig) -> dict[str, Any]:
    """sllurp's configuration dictionary (keys from LLRP-NOTES.md; misspelt ones are ignored)."""
    config: dict[str, Any] = {
        "antennas": sorted(a.port for a in reader.antennas),
        "report_every_n_tags": reader.report_every_n_tags,
        "report_timeout_ms": reader.report_timeout_ms,
        "session": reader.session,
        "tag_population": reader.tag_population,
        "keepalive_interval": reader.keepalive_ms,
        "tag_content_selector": dict(SELECTOR),
        "reconnect": False,
        "start_inventory": True,
        "reset_on_connect": True,
    }
    if reader.tx_power_dbm is not None:
        config["tx_power_dbm"] = reader.tx_power_dbm
    else:
        config["tx_power"] = 0  # index 0 of the power table: the reader's maximum
    return config


def raw_reads(tags: Sequence[Mapping[str, Any]]) -> list[RawRead]:
    """sllurp's tag dicts as typed reads; entries without an EPC are skipped."""
    reads: list[RawRead] = []
    for tag in tags:
        epc = tag.get("EPC-96") or tag.get("EPC")
        if not epc:
            continue
        text = epc.decode("ascii") if isinstance(epc, bytes | bytearray) else str(epc)
        impinj = tag.get("ImpinjPeakRSSI")
        rssi = impinj / 100 if isinstance(impinj, int) else float(tag.get("PeakRSSI", -128))
        reads.append(
            RawRead(
                epc=text.upper(),
                antenna=int(tag.get("AntennaID", 0)),
                rssi_dbm=rssi,
                seen_count=max(1, int(tag.get("TagSeenCount", 1))),
                first_seen_us=tag.get("FirstSeenTimestampUTC"),
                last_seen_us=tag.get("LastSeenTimestampUTC"),
            )
        )
    return reads


@dataclass
class ReaderStatus:
    """What the gateway knows about a reader right now (portal health)."""

    reader_id: str
    connected: bool = False
    sessions: int = 0
    last_report_s: float | None = None
    last_report_at: datetime | None = None
    last_error: str | None = None


class ReaderClient:
    """Keeps one reader inventorying; hands each report's reads to ``on_reads`` on the loop."""

    def __init__(
        self,
        config: ReaderConfig,
        on_reads: Callable[[str, list[RawRead]], None],
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self.config = config
        self.on_reads = on_reads
        self.on_change = on_change or (lambda: None)
        self.status = ReaderStatus(config.id)
        self._loop = asyncio.get_running_loop()
        self._session = 0
        self._inventorying = asyncio.Event()
        self._lost = asyncio.Event()
        self._heard = asyncio.Event()
        self._client: LLRPReaderClient | None = None

    # --- sllurp thread: hand over to the loop, nothing else ------------------------------------
    def _callbacks(self, client: LLRPReaderClient, session: int) -> None:
        def on_tags(_reader: object, tags: list[dict[str, Any]]) -> None:
            self._loop.call_soon_threadsafe(self._tags_in_loop, session, tags)

        def on_state(_reader: object, state: int) -> None:
            self._loop.call_soon_threadsafe(self._state_in_loop, session, state)

        def on_keepalive(_reader: object, _message: object) -> None:
            self._loop.call_soon_threadsafe(self._heard_in_loop, session)

        def on_disconnected(_reader: object) -> None:
            self._loop.call_soon_threadsafe(self._lost_in_loop, session)

        client.add_tag_report_callback(on_tags)
        client.add_state_callback(LLRPReaderState.STATE_INVENTORYING, on_state)
        client.add_message_callback("KEEPALIVE", on_keepalive)
        client.add_disconnected_callback(on_disconnected)

    # --- event loop side -----------------------------------------------------------------------
    def _tags_in_loop(self, session: int, tags: list[dict[str, Any]]) -> None:
        if session != self._session:
            return
        self.status.last_report_s = time.monotonic()
        self.status.last_report_at = datetime.now(UTC)
        self._heard.set()
        self.on_reads(self.config.id, raw_reads(tags))

    def _state_in_loop(self, session: int, _state: int) -> None:
        if session == self._session:
            self._inventorying.set()

    def _heard_in_loop(self, session: int) -> None:
        if session == self._session:
            self._heard.set()

    def _lost_in_loop(self, session: int) -> None:
        if session == self._session:
            self._lost.set()

    async def run(self) -> None:
        """Keep the reader inventorying until cancelled; then stop it politely."""
        config = self.config
        backoff = Backoff(config.reconnect_min_s, config.reconnect_max_s)
        try:
            while True:
                if await self._session_once():
                    backoff.reset()
                delay_s = backoff.next_delay_s()
                logger.info("reader %s: reconnecting in %.1fs", config.id, delay_s)
                await asyncio.sleep(delay_s)
        finally:
            await asyncio.shield(self._close())

    async def _session_once(self) -> bool:
        """One connection; returns True if it reached INVENTORYING."""
        config = self.config
        self._session += 1
        self._inventorying.clear()
        self._lost.clear()
        self._heard.clear()
        client = LLRPReaderClient(
            config.host, config.port, LLRPReaderConfig(sllurp_config(config)), timeout=5.0
        )
        self._callbacks(client, self._session)
        self._client = client
        try:
            await asyncio.to_thread(client.connect)
        except OSError as exc:
            self.status.last_error = str(exc)
            logger.warning(
                "reader %s at %s:%s unreachable: %s", config.id, config.host, config.port, exc
            )
            self._client = None
            return False
        if not await self._handshake_done():
            await self._close()
            return False
        self.status.connected = True
        self.status.sessions += 1
        self.on_change()
        logger.info("reader %s inventorying (session %s)", config.id, self.status.sessions)
        await self._watch()
        self.status.connected = False
        self.on_change()
        await self._close()
        return True

    async def _handshake_done(self) -> bool:
        """Wait for INVENTORYING; False if the connection dropped or it took too long."""
        timeout_s = self.config.connect_timeout_s
        waits = {
            asyncio.ensure_future(self._inventorying.wait()),
            asyncio.ensure_future(self._lost.wait()),
        }
        try:
            await asyncio.wait(waits, timeout=timeout_s, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiting in waits:
                waiting.cancel()
        if self._inventorying.is_set():
            return True
        if self._lost.is_set():
            self.status.last_error = "connection lost during the handshake"
            logger.warning("reader %s: connection lost during the handshake", self.config.id)
        else:
            self.status.last_error = "handshake timed out"
            logger.warning("reader %s: no INVENTORYING within %.1fs", self.config.id, timeout_s)
        return False

    async def _watch(self) -> None:
        """Return when sllurp lost the connection or the reader fell silent."""
        silence_s = WATCHDOG_KEEPALIVES * self.config.keepalive_ms / 1000
        lost = asyncio.ensure_future(self._lost.wait())
        try:
            while not self._lost.is_set():
                self._heard.clear()
                heard = asyncio.ensure_future(self._heard.wait())
                done, _ = await asyncio.wait({lost, heard}, timeout=silence_s)
                if not done:
                    heard.cancel()
                    self.status.last_error = "watchdog: reader silent"
                    logger.warning(
                        "reader %s silent for %.1fs: dropping the session",
                        self.config.id,
                        silence_s,
                    )
                    return
                heard.cancel()
            self.status.last_error = "connection lost"
            logger.warning("reader %s: connection lost", self.config.id)
        finally:
            lost.cancel()

    async def _close(self) -> None:
        """Stop politely if inventorying (DELETE_ACCESSSPEC/ROSPEC), then close the socket."""
        client, self._client = self._client, None
        if client is None:
            return
        if not self._inventorying.is_set() and not self._lost.is_set() and client.is_alive():
            # Mid-handshake: let it finish first, a polite stop now would break it (sllurp #210).
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._inventorying.wait(), self.config.connect_timeout_s)
        self._session += 1  # late callbacks of this session are ignored from now on
        if self._inventorying.is_set() and not self._lost.is_set() and client.is_alive():
            with contextlib.suppress(OSError, RuntimeError):
                await asyncio.to_thread(client.disconnect, STOP_TIMEOUT_S)
        await asyncio.to_thread(client.hard_disconnect)
        await asyncio.to_thread(client.join, STOP_TIMEOUT_S)
