"""What /status/ and GET /api/status show: the verdict per model with its evidence and charts, the
official incidents open and recent, our own recent changes, and how fresh each signal is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from .charts import ModelCharts, model_charts
from .models import FeedFetch, OfficialIncident, ProbeResult, VerdictChange
from .verdicts import DEGRADED, OPERATIONAL, OUTAGE, ModelVerdict, compute_verdicts

RECENT_INCIDENT_DAYS = 14
RECENT_CHANGES = 20
STATE_LABELS = {OPERATIONAL: "Operational", DEGRADED: "Degraded", OUTAGE: "Outage"}


@dataclass(frozen=True)
class ModelStatus:
    verdict: ModelVerdict
    label: str
    latest_probe: ProbeResult | None
    charts: ModelCharts


@dataclass(frozen=True)
class StatusPage:
    generated_at: datetime
    overall: str
    models: list[ModelStatus]
    open_incidents: list[OfficialIncident]
    recent_incidents: list[OfficialIncident]
    changes: list[VerdictChange]
    feeds: list[FeedFetch]
    probing: bool


def _overall(verdicts: list[ModelVerdict]) -> str:
    states = {verdict.state for verdict in verdicts}
    return OUTAGE if OUTAGE in states else DEGRADED if DEGRADED in states else OPERATIONAL


def latest_probes(model_ids: list[str], *, now: datetime) -> dict[str, ProbeResult]:
    """Each model's newest probe of the last day, in one query that returns one row per model (the
    (model_id, minute) unique index answers the subquery)."""
    newest = ProbeResult.objects.filter(model_id=OuterRef("model_id")).order_by("-minute").values("minute")[:1]
    rows = ProbeResult.objects.filter(
        model_id__in=model_ids, minute__gte=now - timedelta(days=1), minute=Subquery(newest)
    )
    return {row.model_id: row for row in rows}


def status_page(*, now: datetime | None = None) -> StatusPage:
    now = now or timezone.now()
    verdicts = compute_verdicts(now=now)
    model_ids = [verdict.model_id for verdict in verdicts]
    charts = {chart.model_id: chart for chart in model_charts(model_ids, now=now)}
    latest = latest_probes(model_ids, now=now)
    recent_since = now - timedelta(days=RECENT_INCIDENT_DAYS)
    incidents = OfficialIncident.objects.filter(
        Q(state=OfficialIncident.State.OPEN) | Q(ended_at__gte=recent_since)
    ).order_by("-started_at")
    return StatusPage(
        generated_at=now,
        overall=_overall(verdicts),
        models=[
            ModelStatus(verdict, STATE_LABELS[verdict.state], latest.get(verdict.model_id), charts[verdict.model_id])
            for verdict in verdicts
        ],
        open_incidents=[incident for incident in incidents if incident.is_open],
        recent_incidents=[incident for incident in incidents if not incident.is_open],
        changes=list(VerdictChange.objects.order_by("-at", "-id")[:RECENT_CHANGES]),
        feeds=list(FeedFetch.objects.order_by("url")),
        probing=bool(settings.PROBE_API_KEY),
    )


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def status_json(page: StatusPage) -> dict[str, Any]:
    """The contract of GET /api/status (see status/openapi.py)."""
    return {
        "generated_at": _iso(page.generated_at),
        "overall": page.overall,
        "models": [
            {
                "model_id": item.verdict.model_id,
                "state": item.verdict.state,
                "since": _iso(item.verdict.since),
                "evidence": list(item.verdict.evidence),
                "latest_probe": None
                if item.latest_probe is None
                else {
                    "at": _iso(item.latest_probe.minute),
                    "outcome": item.latest_probe.outcome,
                    "http_status": item.latest_probe.http_status,
                    "latency_ms": item.latest_probe.latency_ms,
                },
            }
            for item in page.models
        ],
        "incidents": [
            {
                "title": incident.title,
                "state": incident.state,
                "started_at": _iso(incident.started_at),
                "ended_at": _iso(incident.ended_at),
                "products": list(incident.products),
                "link": incident.link,
            }
            for incident in [*page.open_incidents, *page.recent_incidents]
        ],
        "feeds": [
            {"url": feed.url, "ok": feed.ok, "last_ok_at": _iso(feed.last_ok_at), "error": feed.last_error}
            for feed in page.feeds
        ],
    }
