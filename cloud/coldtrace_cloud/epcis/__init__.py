"""EPCIS 2.0 / CBV 2.0: event hash ids, export of our history, capture and query for partners."""

from coldtrace_cloud.epcis.event_hash import event_hash, prehash

__all__ = ["event_hash", "prehash"]
