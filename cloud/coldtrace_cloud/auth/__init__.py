"""Users, roles, site and category grants, hashed bearer tokens, login with rate limiting."""
