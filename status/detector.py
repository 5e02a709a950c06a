"""The detector: are our users reporting a model's 5xx or 429 errors far more often than usual?

The rules, per model and kind of error (5xx: HTTP 500-599; 429):
- recent: the reports of the last RECENT_MINUTES minutes.
- expected: the reports in the same hours on each of the BASELINE_DAYS earlier days (the same time
  of day, BASELINE_HALF_WIDTH_MINUTES either side), scaled to one RECENT_MINUTES window; never
  less than EXPECTED_FLOOR, so a model with no history needs real numbers, not one report.
- ratio = recent / expected.
- It becomes elevated when ratio >= RAISE_RATIO, with at least MIN_RECENT_REPORTS reports spread
  over at least MIN_REPORT_MINUTES different minutes: a quiet site, or one script pasting the same
  error fifty times in one minute, does not cry wolf.
- Once elevated it stays so while ratio >= CLEAR_RATIO and recent >= CLEAR_MIN_REPORTS, so a count
  that wobbles around the threshold (a flap) does not flip the verdict every minute.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q, Sum
from django.utils import timezone

from .models import Elevation, ErrorCount

RECENT_MINUTES = 15
BASELINE_DAYS = 7
BASELINE_HALF_WIDTH_MINUTES = 60
EXPECTED_FLOOR = 1.0
RAISE_RATIO = 3.0
MIN_RECENT_REPORTS = 5
MIN_REPORT_MINUTES = 3
CLEAR_RATIO = 1.5
CLEAR_MIN_REPORTS = 3

SERVER_ERRORS, RATE_LIMITED = "5xx", "429"


def kind_of(http_code: int) -> str | None:
    if 500 <= http_code <= 599:
        return SERVER_ERRORS
    if http_code == 429:
        return RATE_LIMITED
    return None


@dataclass(frozen=True)
class Finding:
    model_id: str
    kind: str
    active: bool
    changed: bool
    recent_count: int
    expected_count: float
    ratio: float
    top_code: int | None


@dataclass
class _Tally:
    count: int = 0
    minutes: set[datetime] = field(default_factory=set)
    codes: Counter[int] = field(default_factory=Counter)


def _recent(now: datetime) -> dict[tuple[str, str], _Tally]:
    rows = ErrorCount.objects.filter(
        minute__gte=now - timedelta(minutes=RECENT_MINUTES), minute__lt=now, http_code__gte=429
    ).values_list("model_id", "http_code", "minute", "count")
    tallies: dict[tuple[str, str], _Tally] = {}
    for model_id, http_code, minute, count in rows:
        kind = kind_of(http_code)
        if kind is None or count <= 0:
            continue
        tally = tallies.setdefault((model_id, kind), _Tally())
        tally.count += count
        tally.minutes.add(minute)
        tally.codes[http_code] += count
    return tallies


def _expected(now: datetime) -> dict[tuple[str, str], float]:
    half = timedelta(minutes=BASELINE_HALF_WIDTH_MINUTES)
    bands = Q()
    for day in range(1, BASELINE_DAYS + 1):
        centre = now - timedelta(days=day)
        bands |= Q(minute__gte=centre - half, minute__lt=centre + half)
    rows = (
        ErrorCount.objects.filter(bands, http_code__gte=429)
        .values("model_id", "http_code")
        .annotate(total=Sum("count"))
        .values_list("model_id", "http_code", "total")
    )
    windows = BASELINE_DAYS * (2 * BASELINE_HALF_WIDTH_MINUTES / RECENT_MINUTES)
    totals: Counter[tuple[str, str]] = Counter()
    for model_id, http_code, total in rows:
        kind = kind_of(http_code)
        if kind is not None:
            totals[(model_id, kind)] += total or 0
    return {key: total / windows for key, total in totals.items()}


def judge(*, recent: int, minutes: int, expected: float, was_active: bool) -> tuple[bool, float]:
    """(elevated, ratio) by the rules in this module's docstring."""
    ratio = recent / max(expected, EXPECTED_FLOOR)
    raised = ratio >= RAISE_RATIO and recent >= MIN_RECENT_REPORTS and minutes >= MIN_REPORT_MINUTES
    held = was_active and ratio >= CLEAR_RATIO and recent >= CLEAR_MIN_REPORTS
    return raised or held, ratio


def detect_elevated_errors(*, now: datetime | None = None) -> list[Finding]:
    """Compare the last RECENT_MINUTES with the baseline for every model and kind with reports now or
    an elevation standing, and store the result (an Elevation row each)."""
    now = now or timezone.now()
    recent = _recent(now)
    expected = _expected(now)
    standing = {(row.model_id, row.kind): row for row in Elevation.objects.all()}
    findings = []
    for key in sorted(set(recent) | set(standing)):
        tally = recent.get(key) or _Tally()
        row = standing.get(key)
        was_active = row is not None and row.active
        active, ratio = judge(
            recent=tally.count, minutes=len(tally.minutes), expected=expected.get(key, 0.0), was_active=was_active
        )
        top_code = tally.codes.most_common(1)[0][0] if tally.codes else None
        finding = Finding(
            key[0], key[1], active, active != was_active, tally.count, expected.get(key, 0.0), ratio, top_code
        )
        _store(finding, row, now=now)
        findings.append(finding)
    return findings


def _store(finding: Finding, row: Elevation | None, *, now: datetime) -> None:
    if not finding.active:
        since = None
    else:
        since = row.since if row is not None and row.active and row.since else now
    Elevation.objects.update_or_create(
        model_id=finding.model_id,
        kind=finding.kind,
        defaults={
            "active": finding.active,
            "since": since,
            "checked_at": now,
            "recent_count": finding.recent_count,
            "expected_count": finding.expected_count,
            "ratio": finding.ratio,
            "top_code": finding.top_code,
        },
    )
