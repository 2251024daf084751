"""Exceptions of the scenario area of the simulator.

ScenarioError            root: a scenario that cannot be loaded, built or run
 +-- ScenarioFileError   the file is missing, not YAML, or does not match the schema
"""


class ScenarioError(Exception):
    """Root of the scenario errors; ``source`` names the file when there is one."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.source = source


class ScenarioFileError(ScenarioError, ValueError):
    """A scenario file that does not load; ``problems`` lists each one as ``where: what``."""

    def __init__(self, message: str, *, source: str | None, problems: tuple[str, ...]) -> None:
        super().__init__(message, source=source)
        self.problems = problems

    def __str__(self) -> str:
        head = super().__str__()
        return "\n  ".join([head, *self.problems]) if self.problems else head
