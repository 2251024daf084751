"""Importing dumps: backfilled readings with corrected time, whole-dump refusals, no duplicates."""

import json

import pytest

from coldtrace_edge.loggers import DumpImporter, ImportOutcome
from coldtrace_protocol.telemetry import Quality, ReadingSource
from coldtrace_sim.loggers.dumpfile import DumpFormat
from tests.edge.loggers.simdumps import (
    IMPORTED_AT,
    drop,
    landed_readings,
    recorded_dump,
    true_times,
)


@pytest.mark.parametrize("fmt", [DumpFormat.JSON, DumpFormat.CSV])
async def test_readings_keep_their_time_corrected_by_the_clock_offset(
    importer, dump_folder, outbox, fmt
):
    dump = recorded_dump()
    result = await importer.import_file(drop(dump, dump_folder.root, fmt))
    assert result.outcome is ImportOutcome.IMPORTED
    assert result.readings == dump.reading_count == 73
    assert result.path.parent == dump_folder.imported
    assert result.path.name.startswith(dump.checksum.value)
    readings = await landed_readings(outbox)
    assert [r.measured_at for r in readings] == true_times(dump)  # logger time - 90 s
    assert [r.temperature_c for r in readings] == [p.temperature_c for p in dump.readings]
    assert [r.humidity_pct for r in readings] == [p.humidity_pct for p in dump.readings]
    for reading in readings:
        assert reading.sensor_id == "CTL-000123"
        assert reading.source is ReadingSource.LOGGER
        assert reading.quality is Quality.OK
        assert reading.received_at == IMPORTED_AT
    assert dump_folder.candidates() == []


def truncated(text: str) -> str:
    return text[: len(text) // 2]


def tampered(text: str) -> str:
    document = json.loads(text)
    document["readings"][10]["temperature_c"] = 4.0  # hide an excursion, keep the checksum
    return json.dumps(document)


def reading_removed(text: str) -> str:
    document = json.loads(text)
    del document["readings"][5]
    return json.dumps(document)


def future_version(text: str) -> str:
    return json.dumps(json.loads(text) | {"format_version": 2})


@pytest.mark.parametrize(
    "case",
    [
        ("cut.json", truncated, "not-parsable"),
        ("edited.json", tampered, "checksum-mismatch"),
        ("short.json", reading_removed, "count-mismatch"),
        ("v2.json", future_version, "unsupported-format"),
        ("notes.txt", lambda _: "shipment arrived fine\n", "unsupported-format"),
        ("sheet.csv", lambda _: "time,temp\n2025-01-06T06:00:00Z,5.0\n", "not-parsable"),
        ("empty.json", lambda _: "", "not-parsable"),
    ],
    ids=lambda case: case[0],
)
async def test_bad_dumps_are_refused_whole_and_moved_aside(importer, dump_folder, outbox, case):
    name, spoil, reason = case
    path = dump_folder.root / name
    path.write_text(spoil(recorded_dump().to_json()))
    result = await importer.import_file(path)
    assert result.outcome is ImportOutcome.REJECTED
    assert result.reason == reason
    assert result.path == dump_folder.rejected / name
    note = (dump_folder.rejected / f"{name}.reason.txt").read_text()
    assert f"reason: {reason}\n" in note
    assert result.message in note
    assert (await outbox.stats()).pending_items == 0  # nothing half-imported
    assert dump_folder.candidates() == []


async def test_oversized_file_is_refused_without_reading_it(dump_folder, outbox):
    importer = DumpImporter(dump_folder, outbox, max_bytes=2048)
    result = await importer.import_file(drop(recorded_dump(), dump_folder.root))
    assert (result.outcome, result.reason) == (ImportOutcome.REJECTED, "too-large")
    assert "over the 2048-byte limit" in result.message
    assert (await outbox.stats()).pending_items == 0


async def test_a_dump_is_imported_once_whatever_its_name_or_rendering(
    importer, dump_folder, outbox
):
    dump = recorded_dump()
    first = await importer.import_file(drop(dump, dump_folder.root))
    again = dump_folder.root / "resent-by-mail.csv"
    again.write_text(dump.to_csv())
    second = await importer.import_file(again)
    assert first.outcome is ImportOutcome.IMPORTED
    assert (second.outcome, second.reason) == (ImportOutcome.REJECTED, "already-imported")
    assert first.path.name in second.message
    assert len(await landed_readings(outbox)) == dump.reading_count
    other = await importer.import_file(drop(recorded_dump("CTL-000124"), dump_folder.root))
    assert other.outcome is ImportOutcome.IMPORTED  # another logger's dump is not a duplicate
