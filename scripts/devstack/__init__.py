"""Private instances of Mosquitto, InfluxDB and PostgreSQL for development, demo and tests.

Stdlib only, so that it runs before the project's virtual environment exists. Each service is a
class that owns one folder and one port; ``cli`` composes the default stack under ``.state/``, and
tests reuse the same classes to start extra instances they may kill.
"""

from devstack.config import StackConfig, load_stack_config
from devstack.errors import StackError

__all__ = ["StackConfig", "StackError", "load_stack_config"]
