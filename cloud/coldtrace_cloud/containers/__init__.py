"""Containers (SSCC: pallets, cases, totes) and what they hold over time."""

# Every table, so that foreign keys to other domains' tables resolve whatever is imported first.
import coldtrace_cloud.db.models  # noqa: F401
