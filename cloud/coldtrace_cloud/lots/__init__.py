"""Lots (GTIN + lot number) with expiry and their status: released, quarantined, rejected, ..."""

# Every table, so that foreign keys to other domains' tables resolve whatever is imported first.
import coldtrace_cloud.db.models  # noqa: F401
