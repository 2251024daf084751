"""MQTT topic builders: the only place in coldtrace that assembles topic strings.

Topics are ``{root}/v1/{site}/{gateway}/{kind}``. MQTT 5 §4.7 reserves ``+``, ``#`` and ``/`` in
topic levels and forbids NUL, so site and gateway ids are restricted to a safe alphabet; the
broker's per-gateway ACL (``coldtrace/v1/+/%u/...``) relies on the gateway id being one level.
"""

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from coldtrace_protocol.errors import TopicError

TOPIC_ROOT: Final = "coldtrace"
TOPIC_VERSION: Final = "v1"
_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class TopicKind(StrEnum):
    """What a topic carries; uplink kinds flow edge -> cloud, the others cloud -> edge."""

    TELEMETRY = "telemetry"
    RFID = "rfid"
    LOGGER_DUMP = "logger-dump"
    STATUS = "status"
    ALARM = "alarm"
    PORTAL_STATUS = "portal-status"
    CONFIG = "config"
    HOLDS = "holds"


UPLINK_KINDS: Final = frozenset(
    {
        TopicKind.TELEMETRY,
        TopicKind.RFID,
        TopicKind.LOGGER_DUMP,
        TopicKind.STATUS,
        TopicKind.ALARM,
        TopicKind.PORTAL_STATUS,
    }
)


def check_segment(value: str, *, what: str) -> str:
    """Return ``value`` if it is a legal single topic level for a site or gateway id."""
    if not _SEGMENT.fullmatch(value):
        raise TopicError(f"illegal {what} id {value!r} for an MQTT topic level", topic=value)
    return value


@dataclass(frozen=True, slots=True)
class GatewayTopic:
    """A topic of one gateway, optionally under a test prefix (isolation per test)."""

    site: str
    gateway: str
    kind: TopicKind
    prefix: str = ""

    def __post_init__(self) -> None:
        check_segment(self.site, what="site")
        check_segment(self.gateway, what="gateway")
        if self.prefix:
            check_segment(self.prefix, what="prefix")

    def __str__(self) -> str:
        head = f"{self.prefix}/" if self.prefix else ""
        return f"{head}{TOPIC_ROOT}/{TOPIC_VERSION}/{self.site}/{self.gateway}/{self.kind}"


@dataclass(frozen=True, slots=True)
class CloudTopic:
    """Subscription filters the cloud uses (wildcards over sites and gateways)."""

    kind: TopicKind
    prefix: str = ""

    def filter(self) -> str:
        """The filter matching this kind from every gateway of every site."""
        head = f"{self.prefix}/" if self.prefix else ""
        return f"{head}{TOPIC_ROOT}/{TOPIC_VERSION}/+/+/{self.kind}"

    def shared_filter(self, group: str) -> str:
        """The MQTT 5 shared-subscription filter (§4.8.2) so that workers split the load."""
        check_segment(group, what="share group")
        return f"$share/{group}/{self.filter()}"


def parse_topic(topic: str, *, prefix: str = "") -> GatewayTopic:
    """Split a received topic into site, gateway and kind; reject anything not ours."""
    levels = topic.split("/")
    if prefix:
        if not levels or levels[0] != prefix:
            raise TopicError("topic outside the expected prefix", topic=topic)
        levels = levels[1:]
    if len(levels) != 5 or levels[0] != TOPIC_ROOT or levels[1] != TOPIC_VERSION:
        raise TopicError("not a coldtrace v1 topic", topic=topic)
    try:
        kind = TopicKind(levels[4])
    except ValueError as exc:
        raise TopicError(f"unknown topic kind {levels[4]!r}", topic=topic) from exc
    return GatewayTopic(site=levels[2], gateway=levels[3], kind=kind, prefix=prefix)
