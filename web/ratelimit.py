"""A fixed-window rate limit per client, kept in the cache every worker shares (the "shared" alias:
Redis at scale, the database otherwise), so that all workers and machines count one budget."""

from __future__ import annotations

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest

WINDOW_SECONDS = 60
SHARED_CACHE_ALIAS = "shared"


def shared_cache() -> BaseCache:
    """The cache all worker processes read and write: never one process's memory."""
    return caches[SHARED_CACHE_ALIAS]


def client_ip(request: HttpRequest) -> str:
    """The caller's address. X-Forwarded-For counts only behind as many proxies as we trust,
    read from the right, since a client can put anything on the left of that header."""
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= trusted:
            return hops[-trusted]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def login_client_ip(request: HttpRequest) -> str | None:
    """The caller's address for django-axes, which stores it in an IP column: None when it is not
    an address (no REMOTE_ADDR, as in a request made by force_login, or junk in X-Forwarded-For),
    since PostgreSQL refuses anything else there."""
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_digest(client: str) -> str:
    """How the shared cache names a client: hashed, so that no address is kept in it as it is."""
    return hashlib.sha256(client.encode()).hexdigest()[:16]


def budget_key(*, scope: str, client: str, now: float) -> str:
    """Where the minute of `now` counts `client`'s uses of `scope`: its slots are this key plus
    a number, its hint this key plus ":next"."""
    window = int(now // WINDOW_SECONDS)
    return f"ratelimit:{scope}:{client_digest(client)}:{window}"


def allow(*, scope: str, client: str, limit: int, now: float | None = None) -> bool:
    """Count one use of `scope` by `client` in the current minute; False once over `limit`.

    Each use takes one of `limit` numbered slots with add(), the one operation every cache backend
    makes atomic across processes (the database cache's incr() is a read then a write, which two
    workers can interleave). A hint of the next free slot saves trying the taken ones; it may lag,
    which costs a retry, never an extra use.
    """
    key = budget_key(scope=scope, client=client, now=time.time() if now is None else now)
    store = shared_cache()
    ttl = WINDOW_SECONDS + 5
    for slot in range(store.get(f"{key}:next", 0), limit):
        if store.add(f"{key}:{slot}", 1, ttl):
            store.set(f"{key}:next", slot + 1, ttl)
            return True
    return False
