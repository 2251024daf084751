"""Webhooks signed with HMAC-SHA256 (RFC 2104) over the timestamp and the exact body.

Headers: ``X-Coldtrace-Timestamp`` (Unix seconds) and ``X-Coldtrace-Signature: sha256=<hex>``
of ``HMAC(secret, timestamp + "." + body)``. The receiver recomputes it over the raw body,
compares in constant time and refuses old timestamps, so a captured request cannot be replayed.
"""

import hashlib
import hmac
import time
from typing import Final

import httpx

from coldtrace_cloud.notifications import NotificationError

SIGNATURE_HEADER: Final = "X-Coldtrace-Signature"
TIMESTAMP_HEADER: Final = "X-Coldtrace-Timestamp"
MAX_AGE_S: Final = 300


def signature(secret: str, timestamp_s: int, body: bytes) -> str:
    """``sha256=<hex>`` of the HMAC over ``timestamp.body``."""
    mac = hmac.new(secret.encode(), f"{timestamp_s}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def verify(secret: str, timestamp_s: int, body: bytes, header: str, *, now_s: float) -> bool:
    """True when ``header`` signs ``body`` at ``timestamp_s`` and the timestamp is fresh."""
    if abs(now_s - timestamp_s) > MAX_AGE_S:
        return False
    return hmac.compare_digest(signature(secret, timestamp_s, body), header)


async def post_signed(
    client: httpx.AsyncClient, url: str, secret: str, body: bytes, *, event: str
) -> None:
    """POST ``body`` (JSON) signed; any non-2xx answer or transport error is a failure."""
    stamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "X-Coldtrace-Event": event,
        TIMESTAMP_HEADER: str(stamp),
        SIGNATURE_HEADER: signature(secret, stamp, body),
    }
    try:
        response = await client.post(url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        raise NotificationError(f"webhook failed: {exc}", target=url) from exc
    if not response.is_success:
        raise NotificationError(f"webhook answered {response.status_code}", target=url)
