"""RFID portal passes in the cloud: movements from passes, reconciliation, alarms, portal health."""

# Every table, so that foreign keys to other domains' tables resolve whatever is imported first.
import coldtrace_cloud.db.models  # noqa: F401
