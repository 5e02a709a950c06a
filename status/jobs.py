"""The periodic jobs, as plain functions: Huey runs them (tasks.py), so do the run-once commands and
the tests. Each job that can change a signal then refreshes the verdicts, which records a
VerdictChange for every model whose state changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from .detector import BASELINE_DAYS, Finding, detect_elevated_errors
from .feeds import KEEP_RESOLVED_DAYS, FeedReport, read_status_feeds
from .models import ErrorCount, OfficialIncident, ProbeResult
from .probes import ProbeRun, run_probes
from .services import refresh_verdicts

# How long what the status page and the detector read is kept.
PROBE_RETENTION_DAYS = 8
COUNT_RETENTION_DAYS = BASELINE_DAYS + 2
RESOLVED_INCIDENT_RETENTION_DAYS = KEEP_RESOLVED_DAYS  # as long as a feed read keeps them


def probe_models(*, now: datetime | None = None) -> ProbeRun:
    run = run_probes(now=now)
    if run.ran:
        refresh_verdicts(now=now)
    return run


def read_feeds(*, now: datetime | None = None) -> list[FeedReport]:
    reports = read_status_feeds(now=now)
    refresh_verdicts(now=now)
    return reports


def detect(*, now: datetime | None = None) -> list[Finding]:
    findings = detect_elevated_errors(now=now)
    refresh_verdicts(now=now)
    return findings


@dataclass(frozen=True)
class Pruned:
    probes: int
    counts: int
    incidents: int


def prune_status_history(*, now: datetime | None = None) -> Pruned:
    now = now or timezone.now()
    probes, _ = ProbeResult.objects.filter(minute__lt=now - timedelta(days=PROBE_RETENTION_DAYS)).delete()
    counts, _ = ErrorCount.objects.filter(minute__lt=now - timedelta(days=COUNT_RETENTION_DAYS)).delete()
    incidents, _ = OfficialIncident.objects.filter(
        state=OfficialIncident.State.RESOLVED,
        ended_at__lt=now - timedelta(days=RESOLVED_INCIDENT_RETENTION_DAYS),
    ).delete()
    return Pruned(probes, counts, incidents)
