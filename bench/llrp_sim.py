"""Tag reports per second the LLRP reader simulator delivers to one sllurp 3.0.5 client.

The simulator runs in its own process (``coldtrace-sim reader``, reads as fast as the socket
takes them) with 100 tags in its field; sllurp asks for a report every N tags (N = 1, then
N = 100) and the bench counts the TagReportData its callback receives over a fixed window. To
say which side is the limit it also measures the simulator alone, with a raw client that only
counts TagReportData, and the CPU each process used: the side that is saturated is the limit.

    make bench-llrp-sim
    .venv/bin/python bench/llrp_sim.py --window 5

The last line printed is one JSON object:
``{"reports_per_s_n1": ..., "reports_per_s_n100": ..., "limit": "sim|client"}``.
"""

import argparse
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sllurp.llrp import LLRPReaderClient, LLRPReaderConfig, LLRPReaderState

from coldtrace_sim.llrp.framing import encode_frame
from coldtrace_sim.llrp.messages import CloseConnection
from coldtrace_sim.llrp.messages_specs import AddROSpec, DeleteROSpec, EnableROSpec
from coldtrace_sim.llrp.params_config import ROReportSpec, TagReportContentSelector
from coldtrace_sim.llrp.params_rospec import (
    AISpec,
    AISpecStopTrigger,
    InventoryParameterSpec,
    ROBoundarySpec,
    ROSpec,
    ROSpecStartTrigger,
    ROSpecStopTrigger,
    TagObservationTrigger,
)

TAGS = 100
TICKS_PER_S = os.sysconf("SC_CLK_TCK")
SELECTOR = {
    "EnableROSpecID": False,
    "EnableSpecIndex": False,
    "EnableInventoryParameterSpecID": False,
    "EnableAntennaID": True,
    "EnableChannelIndex": False,
    "EnablePeakRSSI": True,
    "EnableFirstSeenTimestamp": False,
    "EnableLastSeenTimestamp": True,
    "EnableTagSeenCount": True,
    "EnableAccessSpecID": False,
}


@dataclass
class Measure:
    """Tag reports counted over a window, and the CPU share each process used."""

    tags_per_s: float
    sim_cpu: float
    client_cpu: float


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS_PER_S


@contextmanager
def simulator() -> Iterator[tuple[int, int]]:
    """``coldtrace-sim reader`` in its own process: yields (pid, port)."""
    command = [
        sys.executable, "-m", "coldtrace_sim", "reader", "--port", "0", "--tags", str(TAGS),
        "--antennas", "1", "--plain", "--read-rate", "0", "--round-ms", "0",
        "--read-probability", "1", "--log-level", "WARNING",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # "listening HOST PORT"
        yield process.pid, int(line.split()[2])
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def measure_sllurp(pid: int, port: int, n: int, warmup_s: float, window_s: float) -> Measure:
    """sllurp with report_every_n_tags = n; counts the tags its report callback receives."""
    config = LLRPReaderConfig(
        {"antennas": [1], "report_every_n_tags": n, "tag_content_selector": SELECTOR}
    )
    client = LLRPReaderClient("127.0.0.1", port, config)
    counted = [0]
    inventorying = threading.Event()
    client.add_tag_report_callback(
        lambda _reader, tags: counted.__setitem__(0, counted[0] + len(tags))
    )
    client.add_state_callback(LLRPReaderState.STATE_INVENTORYING, lambda *_: inventorying.set())
    client.connect()
    try:
        if not inventorying.wait(10):
            raise RuntimeError("sllurp did not start inventorying")
        time.sleep(warmup_s)
        start_count, start = counted[0], time.monotonic()
        sim0, client0 = process_cpu_s(pid), time.process_time()
        time.sleep(window_s)
        elapsed = time.monotonic() - start
        tags = counted[0] - start_count
        sim_cpu = (process_cpu_s(pid) - sim0) / elapsed
        client_cpu = (time.process_time() - client0) / elapsed
    finally:
        client.disconnect(10)
        client.join(10)
    return Measure(tags / elapsed, sim_cpu, client_cpu)


def raw_rospec(n: int) -> ROSpec:
    """The ROSpec sllurp adds for report_every_n_tags = n."""
    selector = TagReportContentSelector(
        enable_antenna_id=True,
        enable_peak_rssi=True,
        enable_last_seen_timestamp=True,
        enable_tag_seen_count=True,
    )
    return ROSpec(
        rospec_id=1,
        priority=0,
        current_state=0,
        boundary=ROBoundarySpec(ROSpecStartTrigger(1), ROSpecStopTrigger(0, 0)),
        specs=(
            AISpec(
                (1,),
                AISpecStopTrigger(3, 0, tag_observation=TagObservationTrigger(0, n, 0, 0, 0)),
                (InventoryParameterSpec(1, 1),),
            ),
        ),
        report_spec=ROReportSpec(1, 0, selector),
    )


def measure_raw(pid: int, port: int, n: int, warmup_s: float, window_s: float) -> Measure:
    """The simulator alone: a client that frames messages and counts TagReportData."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(encode_frame(DeleteROSpec(0), 1) + encode_frame(AddROSpec(raw_rospec(n)), 2))
        sock.sendall(encode_frame(EnableROSpec(1), 3))
        buffer = bytearray()
        tags = 0
        start = end = time.monotonic() + warmup_s
        sim0 = client0 = 0.0
        counting = False
        while True:
            now = time.monotonic()
            if not counting and now >= start:
                counting, tags = True, 0
                sim0, client0 = process_cpu_s(pid), time.process_time()
                end = now + window_s
            if counting and now >= end:
                break
            buffer += sock.recv(1 << 20)
            offset = 0
            while len(buffer) - offset >= 10:
                word, length = struct.unpack_from(">HI", buffer, offset)
                if len(buffer) - offset < length:
                    break
                if word & 0x3FF == 61 and length > 10:  # RO_ACCESS_REPORT
                    # Every TagReportData of a run has the same size (one selector, 96-bit
                    # EPCs), so the first one's length divides the report: O(1) per report.
                    tag_length = struct.unpack_from(">H", buffer, offset + 12)[0]
                    tags += (length - 10) // tag_length
                offset += length
            del buffer[:offset]
        sim_cpu = (process_cpu_s(pid) - sim0) / window_s
        client_cpu = (time.process_time() - client0) / window_s
        # Leave the way clients should, so the reader is free for the next one at once.
        sock.sendall(encode_frame(DeleteROSpec(0), 4) + encode_frame(CloseConnection(), 5))
        while sock.recv(1 << 20):
            pass
    return Measure(tags / window_s, sim_cpu, client_cpu)


def main() -> int:
    """Run the measurements and print the figures, then the JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--window", type=float, default=5.0, help="seconds measured per run")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds before measuring")
    args = parser.parse_args()
    results: dict[int, Measure] = {}
    capacity: dict[int, float] = {}
    with simulator() as (pid, port):
        for n in (1, TAGS):
            raw = measure_raw(pid, port, n, args.warmup, args.window)
            capacity[n] = raw.tags_per_s
            print(
                f"N={n:<3} simulator alone: {raw.tags_per_s:9.0f} tag reports/s "
                f"(sim CPU {raw.sim_cpu:.0%}, counting client CPU {raw.client_cpu:.0%})"
            )
            client = measure_sllurp(pid, port, n, args.warmup, args.window)
            results[n] = client
            print(
                f"N={n:<3} sllurp 3.0.5:     {client.tags_per_s:9.0f} tag reports/s "
                f"(sim CPU {client.sim_cpu:.0%}, client CPU {client.client_cpu:.0%})"
            )
    at_100 = results[TAGS]
    # The client is the limit when the simulator alone delivers clearly more than sllurp takes.
    limit = "client" if at_100.tags_per_s < 0.9 * capacity[TAGS] else "sim"
    print(
        json.dumps(
            {
                "reports_per_s_n1": round(results[1].tags_per_s),
                "reports_per_s_n100": round(at_100.tags_per_s),
                "limit": limit,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
