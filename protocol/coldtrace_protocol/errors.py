"""Exceptions of coldtrace_protocol.

ProtocolError            root of everything this package raises
 +-- TopicError          a topic string that is not one of ours, or an illegal topic segment
 +-- IdentifierError     an EPC or GS1 string that does not decode (carries the offending input)
"""


class ProtocolError(Exception):
    """Root of the exceptions raised by coldtrace_protocol."""


class TopicError(ProtocolError, ValueError):
    """A topic that coldtrace does not build, or a segment that would break the topic tree."""

    def __init__(self, message: str, *, topic: str) -> None:
        super().__init__(message)
        self.topic = topic


class IdentifierError(ProtocolError, ValueError):
    """An identifier (EPC, GTIN, GS1 element string) that does not decode."""

    def __init__(self, message: str, *, value: str) -> None:
        super().__init__(message)
        self.value = value
