"""Wireshark's LLRP dissector judges a captured plain-mode session: no malformed frame.

The capture runs on loopback with tshark (installed by ``scripts/stack test-tools``) while
sllurp and a raw client make the reader send every kind of message it has.
"""

import asyncio
import contextlib
import re
import shutil
import signal
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from sllurp.llrp import LLRPReaderState

from coldtrace_sim.llrp.enums import MessageType, NotificationEventType, ROSpecStartTriggerType
from coldtrace_sim.llrp.messages import (
    GetReaderCapabilities,
    GetReaderConfig,
    GetReport,
    SetReaderConfig,
)
from coldtrace_sim.llrp.messages_specs import (
    AddROSpec,
    DeleteROSpec,
    EnableROSpec,
    GetROSpecs,
    StartROSpec,
    StopROSpec,
)
from coldtrace_sim.llrp.params_config import (
    EventNotificationState,
    KeepaliveSpec,
    ReaderEventNotificationSpec,
)
from coldtrace_sim.llrp.server import ReaderServer
from tests.sim.llrp.conftest import Connect, StartReader
from tests.sim.llrp.llrp_peer import LlrpPeer
from tests.sim.llrp.rospecs import aispec, rospec
from tests.sim.llrp.sllurp_harness import SllurpHarness

TSHARK = shutil.which("tshark")
TEXT2PCAP = shutil.which("text2pcap")
pytestmark = pytest.mark.skipif(TSHARK is None, reason="tshark is not installed (make test-tools)")

# tshark 4.0's Identification dissector leaves the u8v count of ReaderID out of its byte count,
# so it reports "N bytes decoded, but N+2 bytes claimed" for every spec-exact Identification
# (LLRP 1.0.1 §12.2.2: u8 IDType, u8v ReaderID). The control frame below is the smallest such
# parameter, written by hand: type 218, length 7, IDType 0, an empty ReaderID.
MISCOUNT = re.compile(
    r"Incorrect length of parameter: (\d+) bytes decoded, but (\d+) bytes claimed\."
)
CONTROL = "040c 00000019 00000001 | 011f 0008 0000 0000 | 00da 0007 00 0000"


class Capture:
    """tshark writing a capture file and printing (src port, dst port, FIN) per packet.

    dumpcap hands packets over in batches, so the printed packets are the only way to know the
    capture has caught up with the session before it is stopped.
    """

    def __init__(self, port: int, path: Path) -> None:
        self.port = port
        self.path = path
        self.process: asyncio.subprocess.Process | None = None
        self.fins: set[tuple[int, int]] = set()
        self._changed = asyncio.Condition()

    async def start(self) -> None:
        """Start capturing; skips the test if tshark cannot capture here."""
        assert TSHARK is not None
        self.process = await asyncio.create_subprocess_exec(
            TSHARK, "-i", "lo", "-f", f"tcp port {self.port}", "-w", str(self.path),
            "-P", "-l", "-T", "fields", "-e", "tcp.srcport", "-e", "tcp.dstport",
            "-e", "tcp.flags.fin",
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        assert self.process.stderr is not None
        lines: list[str] = []
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(20):
                while not lines or (lines[-1] and "File:" not in lines[-1]):
                    lines.append((await self.process.stderr.readline()).decode(errors="replace"))
        if not lines or "File:" not in lines[-1]:
            await self.stop()
            pytest.skip(f"tshark cannot capture on lo (needs root): {''.join(lines).strip()}")

    async def pump(self) -> None:
        """Follow the per-packet lines until tshark exits."""
        assert self.process is not None
        assert self.process.stdout is not None
        async for raw in self.process.stdout:
            fields = raw.decode().strip().split("\t")
            if len(fields) == 3 and fields[2] in ("1", "True"):
                async with self._changed:
                    self.fins.add((int(fields[0]), int(fields[1])))
                    self._changed.notify_all()

    async def caught_up(self, src: int, dst: int) -> None:
        """Wait until the capture holds the FIN ``src`` sent to ``dst``."""
        async with asyncio.timeout(30), self._changed:
            await self._changed.wait_for(lambda: (src, dst) in self.fins)

    async def stop(self) -> None:
        """Let tshark finish the file."""
        if self.process is None or self.process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signal.SIGINT)
        async with asyncio.timeout(20):
            await self.process.wait()


def tshark_read(path: Path, port: int, display_filter: str, *fields: str) -> list[str]:
    """Decode the capture with port ``port`` as LLRP; one line per matching packet."""
    assert TSHARK is not None
    command = [TSHARK, "-r", str(path), "-d", f"tcp.port=={port},llrp", "-Y", display_filter]
    if fields:
        command += ["-T", "fields", *[arg for field in fields for arg in ("-e", field)]]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60)
    return [line for line in done.stdout.splitlines() if line.strip()]


def dissector_miscounts_identification(tmp_path: Path) -> bool:
    """Whether this tshark flags the hand-written, spec-exact Identification control frame."""
    if TEXT2PCAP is None:
        return False
    frame = bytes.fromhex(CONTROL.replace("|", " "))
    text = tmp_path / "control.txt"
    text.write_text("0000 " + " ".join(f"{b:02x}" for b in frame) + "\n")
    pcap = tmp_path / "control.pcap"
    subprocess.run(
        [TEXT2PCAP, "-T", "5084,40000", str(text), str(pcap)],
        capture_output=True, check=True, timeout=60,
    )  # fmt: skip
    rows = tshark_read(pcap, 5084, "_ws.malformed", "_ws.expert.message")
    return rows == ["Incorrect length of parameter: 5 bytes decoded, but 7 bytes claimed."]


def unexplained_malformed(path: Path, port: int, *, identification_bug: bool) -> list[str]:
    """Malformed frames, except (on a tshark with the bug) the Identification miscount alone."""
    rows = tshark_read(
        path, port, "_ws.malformed", "frame.number", "_ws.expert.message", "llrp.param.reader_id"
    )
    unexplained = []
    for row in rows:
        number, messages, reader_id = [*row.split("\t"), "", ""][:3]
        matches = [MISCOUNT.fullmatch(fault) for fault in messages.split(";")]
        explained = (
            identification_bug
            and reader_id != ""
            and all(m is not None and int(m[2]) - int(m[1]) == 2 for m in matches)
        )
        if not explained:
            unexplained.append(f"frame {number}: {messages}")
    return unexplained


async def sllurp_session(server: ReaderServer) -> None:
    """sllurp connects, reads, pauses, resumes and stops politely."""
    client = SllurpHarness(
        server.port,
        {
            "antennas": [1, 2],
            "report_every_n_tags": 4,
            "tag_content_selector": {
                "EnableROSpecID": True,
                "EnableSpecIndex": True,
                "EnableInventoryParameterSpecID": True,
                "EnableAntennaID": True,
                "EnableChannelIndex": True,
                "EnablePeakRSSI": True,
                "EnableFirstSeenTimestamp": True,
                "EnableLastSeenTimestamp": True,
                "EnableTagSeenCount": True,
                "EnableAccessSpecID": True,
            },
        },
    )
    try:
        await client.connect()
        await client.reach(LLRPReaderState.STATE_INVENTORYING)
        await client.tags(8)
        await client.pause()
        await client.resume()
        await client.tags(4)
    finally:
        await client.close()
    await server.wait_for(lambda: not server.connected())


async def raw_session(peer: LlrpPeer) -> None:
    """Requests sllurp does not make, events, keepalives, errors, a refused second client."""
    events = ReaderEventNotificationSpec(
        tuple(EventNotificationState(e, enabled=True) for e in NotificationEventType)
    )
    await peer.request(SetReaderConfig(False, event_spec=events, keepalive=KeepaliveSpec(1, 30)))
    for part in range(5):
        await peer.request(GetReaderCapabilities(part))
    for part in range(12):
        await peer.request(GetReaderConfig(0, part, 0, 0))
    await peer.request(AddROSpec(rospec(specs=(aispec(duration_ms=30),))))
    await peer.request(AddROSpec(rospec(2, start=ROSpecStartTriggerType.NULL, report=None)))
    await peer.request(EnableROSpec(0))
    await peer.tags(2)
    await peer.request(StartROSpec(2))
    await peer.send(GetReport())
    await peer.request(GetROSpecs())
    await peer.request(StopROSpec(2))
    await peer.request(DeleteROSpec(7))  # refused: no such ROSpec
    await peer.request(DeleteROSpec(0))
    await peer.send_raw(bytes.fromhex("07e7 0000000a 00000042"))  # unknown type: ERROR_MESSAGE
    await peer.read_frame()


async def test_plain_session_has_no_malformed_frame(
    start_reader: StartReader, connect: Connect, tmp_path: Path
) -> None:
    server = await start_reader(tags=6, vendor="plain", antenna_count=2)
    capture = Capture(server.port, tmp_path / "llrp.pcapng")
    await capture.start()
    async with asyncio.TaskGroup() as group:
        group.create_task(capture.pump(), name="tshark-lines")
        try:
            await sllurp_session(server)
            peer = await connect(server)
            second = await LlrpPeer.connect(server.port)  # refused with a ConnectionAttemptEvent
            assert await second.closed_by_reader()
            await second.close()
            await raw_session(peer)
            client_port = peer.writer.get_extra_info("sockname")[1]
            server.drop_client()
            await capture.caught_up(server.port, client_port)
        finally:
            await capture.stop()
    capture_file = capture.path

    bug = dissector_miscounts_identification(tmp_path)
    assert unexplained_malformed(capture_file, server.port, identification_bug=bug) == []
    types = Counter(
        int(t)
        for line in tshark_read(capture_file, server.port, "llrp", "llrp.type")
        for t in line.split(",")
    )
    sent_by_reader = {
        MessageType.READER_EVENT_NOTIFICATION,
        MessageType.GET_READER_CAPABILITIES_RESPONSE,
        MessageType.GET_READER_CONFIG_RESPONSE,
        MessageType.SET_READER_CONFIG_RESPONSE,
        MessageType.ADD_ROSPEC_RESPONSE,
        MessageType.ENABLE_ROSPEC_RESPONSE,
        MessageType.DISABLE_ROSPEC_RESPONSE,
        MessageType.START_ROSPEC_RESPONSE,
        MessageType.STOP_ROSPEC_RESPONSE,
        MessageType.DELETE_ROSPEC_RESPONSE,
        MessageType.GET_ROSPECS_RESPONSE,
        MessageType.DELETE_ACCESSSPEC_RESPONSE,
        MessageType.RO_ACCESS_REPORT,
        MessageType.KEEPALIVE,
        MessageType.ERROR_MESSAGE,
    }
    assert sent_by_reader <= set(types), sent_by_reader - set(types)
    assert types[MessageType.RO_ACCESS_REPORT] >= 3
