"""A fixed-window rate limit per client, kept in the shared cache so that every worker process
(and every machine, with Redis) counts against the same budget."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 60


def client_ip(request: HttpRequest) -> str:
    """The caller's address. X-Forwarded-For counts only behind as many proxies as we trust,
    read from the right, since a client can put anything on the left of that header."""
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= trusted:
            return hops[-trusted]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(*, scope: str, client: str, limit: int, now: float | None = None) -> bool:
    """Count one use of `scope` by `client` in the current minute; False once over `limit`."""
    window = int((now if now is not None else time.time()) // WINDOW_SECONDS)
    # Hashed so that no address is kept in the cache as it is.
    client_hash = hashlib.sha256(client.encode()).hexdigest()[:16]
    key = f"ratelimit:{scope}:{client_hash}:{window}"
    # add() is atomic: exactly one request creates the counter; incr() is atomic in Redis.
    if cache.add(key, 1, WINDOW_SECONDS + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, WINDOW_SECONDS + 5)
            count = 1
    return count <= limit
