"""Reading scenario files, with errors that say where the problem is and what would be right."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from coldtrace_sim.scenarios.errors import ScenarioFileError
from coldtrace_sim.scenarios.schema import ScenarioDoc


@dataclass(frozen=True, slots=True)
class LoadedScenario:
    """A validated scenario plus the raw mapping (for the keys other components own)."""

    doc: ScenarioDoc
    raw: Mapping[str, Any]
    source: str


def load_scenario(path: Path) -> LoadedScenario:
    """Read and validate the scenario file at ``path``."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"cannot read scenario {path}: {exc}"
        raise ScenarioFileError(msg, source=str(path), problems=()) from exc
    return parse_scenario(text, source=str(path))


def parse_scenario(text: str, *, source: str = "<scenario>") -> LoadedScenario:
    """Validate scenario YAML ``text``; ``source`` names it in error messages."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        msg = f"{source} is not valid YAML"
        raise ScenarioFileError(msg, source=source, problems=(f"{where}{problem}",)) from exc
    except (ValueError, RecursionError) as exc:  # e.g. a date like 2025-13-45, absurd nesting
        msg = f"{source} is not a usable YAML document"
        raise ScenarioFileError(msg, source=source, problems=(str(exc),)) from exc
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        msg = f"{source}: a scenario is a mapping of keys (clock, probes, loggers, ...)"
        raise ScenarioFileError(msg, source=source, problems=())
    try:
        doc = ScenarioDoc.model_validate(raw)
    except ValidationError as exc:
        problems = tuple(_describe(error) for error in exc.errors(include_url=False))
        count = len(problems)
        msg = f"{source}: {count} problem{'s' if count > 1 else ''} in the scenario"
        raise ScenarioFileError(msg, source=source, problems=problems) from exc
    return LoadedScenario(doc=doc, raw=raw, source=source)


def _describe(error: Any) -> str:
    """``probes.locations[0].probes[2].unit: must be <= 247 (got 300)``."""
    where = _path(error["loc"])
    kind = error["type"]
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        message = "unknown key (misspelt? see firmware-sim/README.md for the scenario keys)"
    elif kind == "missing":
        message = "required key missing"
    elif kind == "union_tag_invalid":
        message = f"unknown kind; {message[0].lower()}{message[1:]}"
    got = error.get("input")
    shown = isinstance(got, str | int | float) and repr(got) not in message
    if kind not in {"missing", "extra_forbidden"} and shown:
        message = f"{message} (got {got!r})"
    return f"{where or '(top level)'}: {message}"


def _path(loc: Sequence[int | str]) -> str:
    text = ""
    for index, part in enumerate(loc):
        if isinstance(part, int):
            text += f"[{part}]"
        elif index >= 2 and loc[index - 2] == "events" and isinstance(loc[index - 1], int):
            continue  # pydantic's discriminator branch (the event kind) adds nothing here
        else:
            text += f".{part}" if text else part
    return text
