"""A lock in the shared cache, so that one instance runs a job however many workers or consumers run.

With Redis (REDIS_URL) every process of every machine sees the same lock. With the local-memory
default it holds within one process: the embedded setup runs one Huey consumer, so that is enough.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import cache

LOCK_PREFIX = "status:lock:"


@contextmanager
def held(name: str, *, timeout_seconds: int) -> Iterator[bool]:
    """Yields True when this caller holds the lock, False when someone else does. The timeout frees
    a lock whose holder died; a holder releases it on leaving, unless it has already expired."""
    key = LOCK_PREFIX + name
    token = secrets.token_hex(8)
    acquired = bool(cache.add(key, token, timeout_seconds))
    try:
        yield acquired
    finally:
        if acquired and cache.get(key) == token:
            cache.delete(key)
