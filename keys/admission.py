"""Whether a key check may start now, so that slow Gemini answers never hold the threads serving pages.

A check holds the server thread that waits for it, up to KEY_CHECK_BUDGET_SECONDS. Two gates
answer at once, before any call:

1. One check in flight per client: marked in the shared cache, so that it holds across workers and
   machines. A second check from the same client waits for nothing: it is refused (429).
2. At most KEY_CHECK_MAX_CONCURRENT checks running in this process. Kept below the worker's
   threads, the cap leaves threads for pages however slow Gemini is; over it, "busy" (503 with
   Retry-After).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import BaseCache

from web.ratelimit import client_digest, shared_cache

RETRY_AFTER_SECONDS = 5
# An in-flight mark outlives the longest check (its budget and two graces) by this much, so that a
# worker that died mid-check frees its client soon after.
IN_FLIGHT_MARGIN_SECONDS = 10
# How often a mark the store failed to write is asked for again, and the pause before each retry.
MARK_ATTEMPTS = 3
MARK_RETRY_SECONDS = 0.02

IN_FLIGHT_MESSAGE = (
    "A key check from your address is still running: wait for its answer, then try again. "
    "One check at a time per address."
)
BUSY_MESSAGE = (
    "The key checker is busy with other checks: try again in a few seconds. "
    "Pasting the error text still works meanwhile."
)


@dataclass(frozen=True)
class Refusal:
    """Why a check did not start: the HTTP status the API answers, the message, when to retry."""

    status: int
    message: str
    retry_after: int | None = None


class Refused(Exception):
    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.message)
        self.refusal = refusal


class ProcessSlots:
    """How many checks this process runs; the limit is read at every take, since it is a setting."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._taken = 0

    def take(self, limit: int) -> bool:
        with self._lock:
            if self._taken >= limit:
                return False
            self._taken += 1
            return True

    def give_back(self) -> None:
        with self._lock:
            self._taken -= 1


RUNNING = ProcessSlots()


def take_mark(cache: BaseCache, mark: str, lifetime: int) -> bool | None:
    """True: this request holds the mark now. False: another request of the client does. None: the
    store could not record it.

    add() is atomic, so one request of a client wins. But a database cache's add() also answers
    False when its write failed (SQLite refuses a write while another one commits): a mark that is
    not there was taken by no one, so add() is asked again, and after that the check goes ahead
    unmarked rather than turning the client away (the process's cap still bounds the work).
    """
    for attempt in range(MARK_ATTEMPTS):
        if cache.add(mark, 1, lifetime):
            return True
        if cache.get(mark) is not None:
            return False
        time.sleep(MARK_RETRY_SECONDS * (attempt + 1))
    return None


@contextmanager
def key_check_slot(client: str) -> Iterator[None]:
    """Hold `client`'s one slot and one of this process's for the check run inside. Raises Refused."""
    cache = shared_cache()
    mark = f"keycheck:in-flight:{client_digest(client)}"
    held = take_mark(cache, mark, int(settings.KEY_CHECK_BUDGET_SECONDS) + IN_FLIGHT_MARGIN_SECONDS)
    if held is False:
        raise Refused(Refusal(429, IN_FLIGHT_MESSAGE, RETRY_AFTER_SECONDS))
    try:
        if not RUNNING.take(settings.KEY_CHECK_MAX_CONCURRENT):
            raise Refused(Refusal(503, BUSY_MESSAGE, RETRY_AFTER_SECONDS))
        try:
            yield
        finally:
            RUNNING.give_back()
    finally:
        if held:  # never another request's mark
            cache.delete(mark)
