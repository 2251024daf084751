"""Password hashing (argon2id) and bearer tokens (random, stored as SHA-256 digests).

Tokens carry 256 random bits, so a fast digest is enough to store them safely (no dictionary to
guess from); passwords are chosen by people and get argon2id (RFC 9106) with its default cost.
"""

import hashlib
import secrets
from functools import cache
from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

TOKEN_PREFIX: Final = "ct_"  # noqa: S105  # a marker, not a secret
_HASHER: Final = PasswordHasher()
MIN_PASSWORD_LENGTH: Final = 12


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (salted, parameters embedded)."""
    return _HASHER.hash(password)


@cache
def _dummy_hash() -> str:
    """Verified against when the user does not exist, so timing does not reveal usernames."""
    return _HASHER.hash("coldtrace-no-such-user")


def verify_password(password_hash: str | None, password: str) -> bool:
    """True if ``password`` matches; a missing hash still costs one verification."""
    try:
        return (
            _HASHER.verify(password_hash or _dummy_hash(), password) and password_hash is not None
        )
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    """A new bearer token (shown to its owner once)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What the database keeps of a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
