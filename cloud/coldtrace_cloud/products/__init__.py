"""Products (GTIN-14) and the storage profiles (temperature and humidity bands) they follow."""

# Every table, so that foreign keys to other domains' tables resolve whatever is imported first.
import coldtrace_cloud.db.models  # noqa: F401
