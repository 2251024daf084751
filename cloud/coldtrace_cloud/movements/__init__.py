"""Movements of items and containers, and residency intervals (where each item was, when)."""

# Every table, so that foreign keys to other domains' tables resolve whatever is imported first.
import coldtrace_cloud.db.models  # noqa: F401
