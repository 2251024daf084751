"""Where the stack lives and which ports it uses (overridable by environment variables)."""

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class StackConfig:
    """Ports and the state folder of the private stack.

    The defaults avoid the system services (1883, 5432, 8086) so both can run side by side.
    """

    state_dir: Path
    mqtt_port: int = 18830
    influx_port: int = 18086
    postgres_port: int = 15433

    @property
    def logs_dir(self) -> Path:
        """Every service's log file lives here."""
        return self.state_dir / "logs"


def load_stack_config() -> StackConfig:
    """Build the config from ``COLDTRACE_STACK_*`` variables, defaulting to ``.state/``."""
    env = os.environ
    return StackConfig(
        state_dir=Path(env.get("COLDTRACE_STACK_STATE_DIR", str(REPO_ROOT / ".state"))).resolve(),
        mqtt_port=int(env.get("COLDTRACE_STACK_MQTT_PORT", "18830")),
        influx_port=int(env.get("COLDTRACE_STACK_INFLUX_PORT", "18086")),
        postgres_port=int(env.get("COLDTRACE_STACK_POSTGRES_PORT", "15433")),
    )
