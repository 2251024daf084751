"""``coldtrace-sim logger-dump`` end to end: files on disk, read back with the protocol parser."""

import pytest

from coldtrace_protocol.loggerdump import parse_logger_dump_csv, parse_logger_dump_json
from coldtrace_sim.cli import main as sim_main
from coldtrace_sim.loggers.cli import main


def test_json_dump_file_with_an_excursion(tmp_path, capsys):
    out = tmp_path / "trip.json"
    code = main(
        [
            "--out", str(out), "--serial", "CTL-000123", "--start", "2025-01-06T06:00:00Z",
            "--hours", "20", "--interval-min", "5", "--excursion", "6h,90m,14.5",
            "--drift-ppm", "40", "--trip-ref", "SHP-9",
        ]
    )  # fmt: skip
    assert code == 0
    assert capsys.readouterr().out.strip() == str(out)
    dump = parse_logger_dump_json(out.read_bytes())
    assert dump.logger.serial == "CTL-000123"
    assert dump.trip_ref == "SHP-9"
    assert dump.reading_count == 241
    assert max(r.temperature_c for r in dump.readings) > 12.0
    assert [p.name for p in tmp_path.iterdir()] == ["trip.json"]  # no partial file left


def test_folder_target_and_csv_through_the_top_level_command(tmp_path, capsys):
    code = sim_main(
        [
            "logger-dump", "--out", str(tmp_path), "--serial", "CTL-9", "--hours", "2",
            "--start", "2025-01-06T06:00:00Z", "--format", "csv", "--no-humidity",
        ]
    )  # fmt: skip
    assert code == 0
    written = tmp_path / "CTL-9_20250106T060000Z.csv"
    assert capsys.readouterr().out.strip() == str(written)
    assert parse_logger_dump_csv(written.read_text()).reading_count == 25


def test_bad_excursion_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--out", str(tmp_path), "--serial", "X", "--hours", "1", "--excursion", "6h,hot"])
    assert caught.value.code == 2
    assert "AT,FOR,PEAK_C" in capsys.readouterr().err


def test_unwritable_target_exits_1(tmp_path, capsys):
    target = tmp_path / "missing-folder" / "trip.json"
    assert main(["--out", str(target), "--serial", "CTL-1", "--hours", "1"]) == 1
    assert "cannot write logger dump" in capsys.readouterr().err
