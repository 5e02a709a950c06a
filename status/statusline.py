"""The line above the fix on a paste answer whose facts are a 5xx, 429, 499 or a timeout: is it the
user, or is it Gemini?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone

from classifier import Facts

from .detector import RATE_LIMITED, SERVER_ERRORS
from .models import Elevation, FeedFetch, ProbeResult
from .verdicts import OPERATIONAL, OUTAGE, ElevationView, ModelVerdict, compute_verdicts

# Which answers get the line: these HTTP codes, API statuses (a timeout is DEADLINE_EXCEEDED or
# CANCELLED) and KB categories.
LINE_HTTP_CODES = frozenset({429, 499, *range(500, 600)})
LINE_API_STATUSES = frozenset({"DEADLINE_EXCEEDED", "CANCELLED", "UNAVAILABLE", "INTERNAL", "RESOURCE_EXHAUSTED"})
LINE_CATEGORIES = frozenset({"server_error", "request_cancelled", "quota_exceeded"})
# "Healthy" needs evidence: a probe this recent that passed, or a feed read this recently.
HEALTHY_EVIDENCE_MINUTES = 30
# Pastes come in bursts during an outage: the verdicts behind the line are shared this long.
VERDICT_CACHE_SECONDS = 15
VERDICT_CACHE_KEY = "status:verdicts"


@dataclass(frozen=True)
class StatusLine:
    tone: str  # "problem": it is not just you; "healthy": the cause is most likely on your side
    text: str
    model_id: str = ""


def wants_status_line(facts: Facts, *, category: str | None = None) -> bool:
    return facts.http_code in LINE_HTTP_CODES or facts.api_status in LINE_API_STATUSES or category in LINE_CATEGORIES


def status_line_for(facts: Facts, *, category: str | None = None, now: datetime | None = None) -> StatusLine | None:
    """The line for an answer with these facts, or None when the answer is not about a failure of
    Google's kind, or when we have no evidence either way."""
    if not wants_status_line(facts, category=category):
        return None
    moment = now or timezone.now()
    model = str(facts.model or "")
    kind = RATE_LIMITED if facts.http_code == 429 or category == "quota_exceeded" else SERVER_ERRORS
    elevation = _elevation(model, kind)
    if elevation is not None:
        return StatusLine(
            "problem", _elevated_text(elevation, probe_failing=_probe_failing(elevation.model_id)), elevation.model_id
        )
    verdicts = _verdicts(now)
    # The pasted model's verdict when we have one; otherwise any model's trouble is worth saying.
    mine = [v for v in verdicts if v.model_id == model] or verdicts
    troubled = sorted((v for v in mine if v.state != OPERATIONAL), key=lambda v: v.state != OUTAGE)
    if troubled:
        verdict = troubled[0]
        what = "has an outage" if verdict.state == OUTAGE else "is degraded"
        return StatusLine(
            "problem",
            f"It's not just you: {verdict.model_id} {what} right now. {verdict.evidence[0]}",
            verdict.model_id,
        )
    if _healthy_evidence(moment):
        return StatusLine("healthy", "Gemini looks healthy right now: the cause is most likely on your side.")
    return None


def _verdicts(now: datetime | None) -> list[ModelVerdict]:
    if now is not None:
        return compute_verdicts(now=now)
    verdicts = cache.get(VERDICT_CACHE_KEY)
    if verdicts is None:
        verdicts = compute_verdicts()
        cache.set(VERDICT_CACHE_KEY, verdicts, VERDICT_CACHE_SECONDS)
    return list(verdicts)


def _elevation(model: str, kind: str) -> Elevation | None:
    """The active elevation for the pasted model (or for pastes naming none); without a model, the biggest."""
    rows = Elevation.objects.filter(active=True, kind=kind)
    rows = rows.filter(model_id=model) if model else rows
    return rows.order_by("-ratio").first()


def _probe_failing(model: str) -> bool | None:
    latest = ProbeResult.objects.filter(model_id=model).order_by("-minute").first() if model else None
    return None if latest is None else latest.service_failure


def _elevated_text(elevation: Elevation, *, probe_failing: bool | None) -> str:
    if probe_failing is None:
        probes = ""
    else:
        probes = " (our probes agree)" if probe_failing else " (our probes still pass: it may hit some users only)"
    return f"It's not just you: {ElevationView.of(elevation).summary(model_id=elevation.model_id)}{probes}."


def _healthy_evidence(now: datetime) -> bool:
    since = now - timedelta(minutes=HEALTHY_EVIDENCE_MINUTES)
    return (
        ProbeResult.objects.filter(minute__gte=since, outcome="ok").exists()
        or FeedFetch.objects.filter(last_ok_at__gte=since).exists()
    )
