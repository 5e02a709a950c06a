"""One verdict per model from three signals: Google's open incidents, our probes, what our users paste.

The rules, in order (the first that holds decides):
1. An open official incident that concerns the model is an outage. An incident that names models
   concerns those; one that names none concerns every model.
2. PROBE_OUTAGE_STREAK probes in a row failing on Google's side (5xx, a timeout, no connection) is
   an outage. 429s never make an outage on their own: the probe key's own quota may be spent.
3. Users reporting elevated 5xx or 429 errors while our latest probe fails too is an outage: two
   independent signals agree.
4. A latest probe failing on Google's side (fewer than PROBE_OUTAGE_STREAK in a row, or a 429) is
   degraded.
5. Users reporting elevated errors while our probes pass is degraded: "degraded for some users".
6. Otherwise operational.
Probes older than PROBE_FRESH_MINUTES probe intervals say nothing about now and are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .detector import EXPECTED_FLOOR, RECENT_MINUTES
from .models import Elevation, OfficialIncident, ProbeResult, VerdictChange, VerdictState

PROBE_OUTAGE_STREAK = 3
PROBE_FRESH_MINUTES = 5
# Models probed or reported within this window get a verdict even when PROBE_MODELS leaves them out.
RECENT_MODELS_HOURS = 24

OPERATIONAL, DEGRADED, OUTAGE = VerdictState.OPERATIONAL.value, VerdictState.DEGRADED.value, VerdictState.OUTAGE.value


@dataclass(frozen=True)
class ModelVerdict:
    model_id: str
    state: str  # "operational", "degraded" or "outage"
    evidence: tuple[str, ...]
    since: datetime | None  # when the model entered this state, if we recorded it


@dataclass(frozen=True)
class ProbeView:
    minute: datetime
    outcome: str
    http_status: int | None
    latency_ms: int
    service_failure: bool

    @property
    def label(self) -> str:
        code = f"HTTP {self.http_status}" if self.http_status else "no answer"
        return f"{self.outcome} ({code}, {self.latency_ms} ms)"


@dataclass(frozen=True)
class IncidentView:
    title: str
    started_at: datetime | None
    link: str


@dataclass(frozen=True)
class ElevationView:
    kind: str  # "5xx" or "429"
    ratio: float
    recent_count: int
    top_code: int | None
    expected_count: float = 0.0

    @classmethod
    def of(cls, row: Elevation) -> ElevationView:
        return cls(row.kind, row.ratio, row.recent_count, row.top_code, row.expected_count)

    def summary(self, *, model_id: str = "") -> str:
        """What our users report, in the words the status page and a paste's status line both use."""
        codes = f"{self.top_code}s" if self.top_code else f"{self.kind} errors"
        source = f" from {model_id}" if model_id else ""
        if self.expected_count < EXPECTED_FLOOR:
            return (
                f"{self.recent_count} reports of {codes}{source} in the last {RECENT_MINUTES} minutes, "
                "where we usually see almost none"
            )
        return f"{codes}{source} are {self.ratio:.0f}x normal in the last {RECENT_MINUTES} minutes"


@dataclass(frozen=True)
class Signals:
    model_id: str
    probes: tuple[ProbeView, ...]  # fresh ones only, newest first
    incidents: tuple[IncidentView, ...]  # open ones that concern the model
    elevations: tuple[ElevationView, ...]  # active ones only


def judge(signals: Signals) -> tuple[str, tuple[str, ...]]:
    """The state and its evidence, by the rules in this module's docstring."""
    evidence: list[str] = [_incident_line(incident) for incident in signals.incidents]
    probes = signals.probes
    streak = 0
    for probe in probes:
        if not probe.service_failure:
            break
        streak += 1
    hard_streak = 0
    for probe in probes:
        if not probe.service_failure or probe.http_status == 429:
            break
        hard_streak += 1
    latest_fails = bool(probes) and probes[0].service_failure
    if streak:
        shown = ", ".join(probe.label for probe in probes[:streak])
        evidence.append(
            f"Our last {streak} probes failed: {shown}." if streak > 1 else f"Our latest probe failed: {shown}."
        )
    elif probes:
        evidence.append(f"Our probes pass: the latest at {probes[0].minute:%H:%M} UTC took {probes[0].latency_ms} ms.")
    else:
        evidence.append("No recent probe of this model.")
    for elevation in signals.elevations:
        evidence.append(f"From our users: {elevation.summary()}.")

    if signals.incidents or hard_streak >= PROBE_OUTAGE_STREAK:
        return OUTAGE, tuple(evidence)
    if signals.elevations and latest_fails:
        return OUTAGE, (*evidence, "Our users and our probes agree.")
    if latest_fails:
        return DEGRADED, tuple(evidence)
    if signals.elevations:
        return DEGRADED, (*evidence, "Degraded for some users: our probes still pass.")
    evidence.append("No open incident in Google's status feeds.")
    return OPERATIONAL, tuple(evidence)


def _incident_line(incident: IncidentView) -> str:
    since = f" since {incident.started_at:%Y-%m-%d %H:%M} UTC" if incident.started_at else ""
    return f"Google reports an open incident{since}: {incident.title}"


# ---- reading the signals -----------------------------------------------------------------------------


def verdict_model_ids(*, now: datetime) -> list[str]:
    """PROBE_MODELS first, in their order, then any other model probed or reported elevated lately."""
    ids = list(dict.fromkeys(settings.PROBE_MODELS))
    since = now - timedelta(hours=RECENT_MODELS_HOURS)
    probed = ProbeResult.objects.filter(minute__gte=since).values_list("model_id", flat=True).distinct()
    elevated = Elevation.objects.filter(active=True).exclude(model_id="").values_list("model_id", flat=True)
    extra = sorted({*probed, *elevated} - set(ids))
    return ids + extra


def _probe_interval_minutes() -> int:
    return max(1, int(settings.PROBE_INTERVAL_MINUTES))


def fresh_probes(model_ids: Sequence[str], *, now: datetime) -> dict[str, tuple[ProbeView, ...]]:
    """The latest PROBE_OUTAGE_STREAK probes of each model, newest first, if the newest is fresh."""
    interval = _probe_interval_minutes()
    lookback = now - timedelta(minutes=interval * (PROBE_OUTAGE_STREAK + PROBE_FRESH_MINUTES))
    rows = ProbeResult.objects.filter(model_id__in=model_ids, minute__gte=lookback, minute__lte=now).order_by("-minute")
    found: dict[str, list[ProbeView]] = {}
    for row in rows:
        views = found.setdefault(row.model_id, [])
        if len(views) < PROBE_OUTAGE_STREAK:
            views.append(ProbeView(row.minute, row.outcome, row.http_status, row.latency_ms, row.service_failure))
    fresh_after = now - timedelta(minutes=interval * PROBE_FRESH_MINUTES)
    return {model: tuple(views) for model, views in found.items() if views[0].minute >= fresh_after}


def _mentions(text: str, model_id: str) -> bool:
    return re.search(rf"(?<![\w.-]){re.escape(model_id)}(?![\w.-])", text, re.IGNORECASE) is not None


def open_incidents_by_model(model_ids: Sequence[str]) -> dict[str, tuple[IncidentView, ...]]:
    found: dict[str, list[IncidentView]] = {model: [] for model in model_ids}
    for incident in OfficialIncident.objects.filter(state=OfficialIncident.State.OPEN).order_by("started_at"):
        text = " ".join([incident.title, incident.summary, *map(str, incident.products)])
        named = [model for model in model_ids if _mentions(text, model)]
        for model in named or model_ids:
            found[model].append(IncidentView(incident.title, incident.started_at, incident.link))
    return {model: tuple(views) for model, views in found.items()}


def active_elevations(model_ids: Sequence[str]) -> dict[str, tuple[ElevationView, ...]]:
    found: dict[str, list[ElevationView]] = {}
    for row in Elevation.objects.filter(active=True, model_id__in=model_ids).order_by("kind"):
        found.setdefault(row.model_id, []).append(ElevationView.of(row))
    return {model: tuple(views) for model, views in found.items()}


def gather_signals(model_ids: Sequence[str], *, now: datetime) -> list[Signals]:
    probes = fresh_probes(model_ids, now=now)
    incidents = open_incidents_by_model(model_ids)
    elevations = active_elevations(model_ids)
    return [
        Signals(model, probes.get(model, ()), incidents.get(model, ()), elevations.get(model, ()))
        for model in model_ids
    ]


def last_changes(model_ids: Iterable[str]) -> dict[str, VerdictChange]:
    latest: dict[str, VerdictChange] = {}
    for change in VerdictChange.objects.filter(model_id__in=list(model_ids)).order_by("model_id", "-at", "-id"):
        latest.setdefault(change.model_id, change)
    return latest


def compute_verdicts(*, now: datetime | None = None) -> list[ModelVerdict]:
    now = now or timezone.now()
    model_ids = verdict_model_ids(now=now)
    changes = last_changes(model_ids)
    verdicts = []
    for signals in gather_signals(model_ids, now=now):
        state, evidence = judge(signals)
        change = changes.get(signals.model_id)
        since = change.at if change is not None and change.state_after == state else None
        verdicts.append(ModelVerdict(signals.model_id, state, evidence, since))
    return verdicts


def record_changes(verdicts: Sequence[ModelVerdict], *, now: datetime) -> list[VerdictChange]:
    """A VerdictChange for each model whose state differs from the last one recorded (operational
    when none is: a model we never saw fail needs no entry)."""
    changes = last_changes(verdict.model_id for verdict in verdicts)
    created = []
    for verdict in verdicts:
        change = changes.get(verdict.model_id)
        before = change.state_after if change is not None else OPERATIONAL
        if before != verdict.state:
            created.append(
                VerdictChange.objects.create(
                    model_id=verdict.model_id,
                    state_before=before,
                    state_after=verdict.state,
                    at=now,
                    evidence="\n".join(verdict.evidence),
                )
            )
    return created
