"""coldtrace wire contract shared by edge, cloud and simulator.

Pure data: message models, topic builders, schema versions and identifier codecs. Importing this
package has no side effects and does no I/O.
"""

from coldtrace_protocol.envelope import UplinkEnvelope
from coldtrace_protocol.errors import ProtocolError, TopicError
from coldtrace_protocol.topics import CloudTopic, GatewayTopic, TopicKind, parse_topic
from coldtrace_protocol.version import ACCEPTED_SCHEMA_VERSIONS, SCHEMA_VERSION

__all__ = [
    "ACCEPTED_SCHEMA_VERSIONS",
    "SCHEMA_VERSION",
    "CloudTopic",
    "GatewayTopic",
    "ProtocolError",
    "TopicError",
    "TopicKind",
    "UplinkEnvelope",
    "parse_topic",
]
