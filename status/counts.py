"""What our users see: one anonymous count per classified paste, by minute, category, model and HTTP code.

Classifying is the site's hot path, so counting must cost next to nothing there: `count_classified`
adds one to a counter in this process's memory (a lock and a dict increment, about a microsecond).
When a request has finished and its response is sent, `flush_if_due` writes what piled up to the
database, at most once every COUNT_FLUSH_SECONDS per process: one transaction of one UPDATE ...
SET count = count + n per (minute, category, model, code) seen, an INSERT for the first of a minute.
Any number of processes on any number of machines add to the same rows.

What is lost: a process's last few seconds of counts when it dies, and the counts of a command
(`manage.py classify`) that serves no request: those are developers, not users.
No paste, address or key is kept: only the numbers. A model counts under its ID only when the
catalogue knows it, so a paste cannot make up rows.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F

from classifier import Classification

from .models import ErrorCount

logger = logging.getLogger(__name__)

COUNT_FLUSH_SECONDS = 5.0

_CountKey = tuple[int, str, str, int]  # (minute since the epoch, category, model ID or "", HTTP code or 0)

_lock = threading.Lock()
_pending: Counter[_CountKey] = Counter()
_flush_after = 0.0  # monotonic time


def count_key(classification: Classification, *, epoch_seconds: float) -> _CountKey | None:
    best = classification.best
    if best is None:
        return None
    facts = classification.facts
    model = facts.model or ""
    if facts.model_status in (None, "unknown"):
        model = ""
    code = facts.http_code or best.http_code or 0
    return (int(epoch_seconds) // 60, best.category, model, code)


def count_classified(classification: Classification) -> None:
    """Add one to the count of this paste's minute, category, model and code (none if it matched nothing)."""
    key = count_key(classification, epoch_seconds=time.time())
    if key is not None:
        with _lock:
            _pending[key] += 1


def pending_total() -> int:
    with _lock:
        return sum(_pending.values())


def discard_pending() -> None:
    with _lock:
        _pending.clear()


def flush_if_due(**_: Any) -> None:
    """A request_finished receiver: write the counts if COUNT_FLUSH_SECONDS have passed since the last write."""
    if _pending and time.monotonic() >= _flush_after:
        flush_counts()


def flush_counts() -> int:
    """Write every pending count to the database now; returns how many pastes were written. When the
    write fails nothing was (one transaction), and the counts stay pending for the next flush."""
    global _flush_after
    with _lock:
        batch = Counter(_pending)
        _pending.clear()
        _flush_after = time.monotonic() + COUNT_FLUSH_SECONDS
    if not batch:
        return 0
    try:
        with transaction.atomic():
            for key, number in batch.items():
                _add(key, number)
    except DatabaseError:
        # Counts are advisory: a locked or missing table must never fail a request.
        logger.warning("status: could not store %d paste counts; kept for the next flush", batch.total())
        with _lock:
            _pending.update(batch)  # added to what came in meanwhile
        return 0
    return batch.total()


def _add(key: _CountKey, number: int) -> None:
    minute, category, model_id, http_code = key
    at = datetime.fromtimestamp(minute * 60, tz=UTC)
    rows = ErrorCount.objects.filter(minute=at, category=category, model_id=model_id, http_code=http_code)
    if rows.update(count=F("count") + number):
        return
    try:
        with transaction.atomic():
            ErrorCount.objects.create(
                minute=at, category=category, model_id=model_id, http_code=http_code, count=number
            )
    except IntegrityError:  # another process inserted the minute's row first
        rows.update(count=F("count") + number)
