"""Users, roles, site and category grants, hashed bearer tokens, login with rate limiting."""

# Every table, so that foreign keys to other domains' tables resolve whatever is imported first.
import coldtrace_cloud.db.models  # noqa: F401
