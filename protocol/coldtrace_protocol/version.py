"""Schema versions of the uplink messages.

The cloud accepts the current and the previous version, because gateways in the field upgrade
later than the cloud (ARCHITECTURE.md, "The wire contract").
"""

from typing import Final

SCHEMA_VERSION: Final = 1
ACCEPTED_SCHEMA_VERSIONS: Final = frozenset({SCHEMA_VERSION, SCHEMA_VERSION - 1} - {0})
