"""What other apps use from the status app: the verdicts, the paste answer's status line, the
count of a classified paste and the lock that keeps a job to one runner. Everything else in status/
is its own business."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from .counts import count_classified
from .locks import held
from .models import VerdictChange
from .statusline import StatusLine, status_line_for
from .verdicts import ModelVerdict, compute_verdicts, record_changes

__all__ = [
    "ModelVerdict",
    "StatusLine",
    "count_classified",
    "current_verdicts",
    "held",
    "refresh_verdicts",
    "status_line_for",
]


def current_verdicts(*, now: datetime | None = None) -> list[ModelVerdict]:
    """One verdict per model (the probed models first), each with its evidence and since when."""
    return compute_verdicts(now=now)


def refresh_verdicts(*, now: datetime | None = None) -> list[VerdictChange]:
    """Compute the verdicts and record a VerdictChange for each model whose state changed. Every job
    calls this when it has run; a lock keeps two jobs finishing at once from recording a change twice."""
    now = now or timezone.now()
    with held("verdicts", timeout_seconds=60) as mine:
        if not mine:
            return []
        return record_changes(compute_verdicts(now=now), now=now)
