"""Sensors (probes, transit loggers) and their bindings over time to locations or shipments."""

# Every table, so that foreign keys to other domains' tables resolve whatever is imported first.
import coldtrace_cloud.db.models  # noqa: F401
