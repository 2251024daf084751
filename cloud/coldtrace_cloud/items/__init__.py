"""Serialized items (SGTIN): lot, status, and where each one is now."""

# Every table, so that foreign keys to other domains' tables resolve whatever is imported first.
import coldtrace_cloud.db.models  # noqa: F401
