"""Shipments: planned -> loading -> in_transit -> delivered -> closed, with legs and contents."""

# Every table, so that foreign keys to other domains' tables resolve whatever is imported first.
import coldtrace_cloud.db.models  # noqa: F401
