"""Receiving by scan: GS1 element strings, bracketed HRI and Digital Link URIs into stock."""

# Every table, so that foreign keys to other domains' tables resolve whatever is imported first.
import coldtrace_cloud.db.models  # noqa: F401
