"""Modbus TCP probes: configuration, register-map decoding and the async poller."""

from coldtrace_edge.sensors.config import ProbeConfig, ProbeConfigError, load_probe_config
from coldtrace_edge.sensors.endpoint import EndpointPoller, PollOptions
from coldtrace_edge.sensors.poller import ProbePoller
from coldtrace_edge.sensors.sink import ReadingSink

__all__ = [
    "EndpointPoller",
    "PollOptions",
    "ProbeConfig",
    "ProbeConfigError",
    "ProbePoller",
    "ReadingSink",
    "load_probe_config",
]
