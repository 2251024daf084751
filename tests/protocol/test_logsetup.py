"""Logging: JSON lines for services, readable lines on a terminal, context carried along."""

import io
import json
import logging

import pytest

from coldtrace_protocol.logsetup import configure_logging


class FakeTty(io.StringIO):
    """A stream that says it is a terminal (the one fact the formatter choice depends on)."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def restore_root_logger():
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_json_lines_when_not_a_terminal() -> None:
    out = io.StringIO()
    configure_logging("INFO", stream=out)
    logging.getLogger("coldtrace.test").info("seen %s", "tag", extra={"gateway": "gw-1"})
    record = json.loads(out.getvalue())
    assert record["message"] == "seen tag"
    assert record["gateway"] == "gw-1"
    assert record["level"] == "info"
    assert record["time"].endswith("+00:00")


def test_exceptions_are_kept_in_json() -> None:
    out = io.StringIO()
    configure_logging("INFO", stream=out)
    try:
        int("boom")
    except ValueError:
        logging.getLogger("x").exception("failed")
    assert "ValueError: invalid literal" in json.loads(out.getvalue())["exception"]


def test_console_on_a_terminal() -> None:
    out = FakeTty()
    configure_logging("DEBUG", stream=out)
    logging.getLogger("coldtrace.test").debug("hello", extra={"portal": "dock-1"})
    line = out.getvalue()
    assert "hello" in line
    assert "portal=dock-1" in line
    assert not line.startswith("{")
