"""The detector on a fixed clock with synthetic counts: a quiet site stays quiet, a real spike is
flagged, a burst in one minute is not, and a count wobbling around the threshold (a flap) does not
flip the verdict each minute. Then the counts themselves: a classified paste adds one."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from classifier import classify
from errors_kb.snapshot import current_snapshot
from status import counts, jobs
from status.detector import (
    BASELINE_DAYS,
    MIN_RECENT_REPORTS,
    RAISE_RATIO,
    detect_elevated_errors,
)
from status.models import Elevation, ErrorCount, ProbeResult, VerdictChange
from status.services import current_verdicts

from .conftest import PROBED

pytestmark = pytest.mark.django_db

SERVER_ERROR_PASTE = (
    "POST https://generativelanguage.googleapis.com/v1beta/models/gemini-3.5-flash:generateContent\n"
    "google.genai.errors.ServerError: 503 UNAVAILABLE. {'error': {'code': 503, 'message': "
    "'The model is overloaded. Please try again later.', 'status': 'UNAVAILABLE'}}"
)


def reports(at: datetime, count: int, *, model: str = PROBED, code: int = 503, category: str = "server_error") -> None:
    minute = at.replace(second=0, microsecond=0)
    row, _ = ErrorCount.objects.get_or_create(
        minute=minute, category=category, model_id=model, http_code=code, defaults={"count": 0}
    )
    row.count += count
    row.save()


def baseline(now: datetime, *, per_window: int) -> None:
    """`per_window` reports per 15 minutes in the same hours of each earlier day."""
    for day in range(1, BASELINE_DAYS + 1):
        for window in range(8):  # the two hours around the same time of day
            reports(now - timedelta(days=day, minutes=60) + timedelta(minutes=15 * window), per_window)


def healthy_probe(now: datetime, *, failing: bool = False) -> None:
    ProbeResult.objects.create(
        model_id=PROBED,
        minute=now - timedelta(minutes=1),
        outcome="service-unavailable" if failing else "ok",
        service_failure=failing,
        http_status=503 if failing else 200,
        latency_ms=300,
    )


def test_a_quiet_site_does_not_cry_wolf(noon):
    # Two 503s in a quarter of an hour with no history at all: "infinitely" above normal, and nothing.
    reports(noon - timedelta(minutes=3), 1)
    reports(noon - timedelta(minutes=9), 1)

    [finding] = detect_elevated_errors(now=noon)

    assert finding.recent_count == 2 and not finding.active
    assert finding.recent_count < MIN_RECENT_REPORTS


def test_a_real_spike_is_flagged_and_degrades_the_model_for_some_users(noon):
    baseline(noon, per_window=1)  # one 503 per quarter of an hour is normal
    for minute in range(1, 13):
        reports(noon - timedelta(minutes=minute), 1)  # twelve, in twelve different minutes
    healthy_probe(noon)

    findings = jobs.detect(now=noon)

    [finding] = [f for f in findings if f.kind == "5xx"]
    assert finding.active and finding.changed
    assert finding.expected_count == pytest.approx(1.0)
    assert finding.ratio == pytest.approx(12.0) and finding.ratio >= RAISE_RATIO
    assert finding.top_code == 503
    [verdict] = current_verdicts(now=noon)
    assert verdict.state == "degraded"
    assert "Degraded for some users: our probes still pass." in verdict.evidence
    assert VerdictChange.objects.get().state_after == "degraded"


def test_a_spike_with_failing_probes_is_an_outage(noon):
    baseline(noon, per_window=1)
    for minute in range(1, 13):
        reports(noon - timedelta(minutes=minute), 1)
    healthy_probe(noon, failing=True)

    jobs.detect(now=noon)

    [verdict] = current_verdicts(now=noon)
    assert verdict.state == "outage" and "Our users and our probes agree." in verdict.evidence


def test_a_busy_baseline_absorbs_the_same_numbers(noon):
    baseline(noon, per_window=6)  # six 503s per quarter of an hour are this site's normal
    for minute in range(1, 13):
        reports(noon - timedelta(minutes=minute), 1)

    [finding] = detect_elevated_errors(now=noon)

    assert not finding.active and finding.ratio == pytest.approx(2.0)


def test_a_burst_in_one_minute_is_not_a_wave(noon):
    reports(noon - timedelta(minutes=2), 40)  # one script retrying in a loop

    [finding] = detect_elevated_errors(now=noon)

    assert finding.recent_count == 40 and not finding.active


def test_429s_are_watched_apart_from_5xx(noon):
    for minute in range(1, 8):
        reports(noon - timedelta(minutes=minute), 2, code=429, category="quota_exceeded")

    findings = {f.kind: f for f in detect_elevated_errors(now=noon)}

    assert set(findings) == {"429"} and findings["429"].active


def test_a_flap_does_not_flip_the_verdict_every_minute(noon):
    """Counts wobbling around the threshold: raised once, held while they stay near it, cleared once
    they are back to normal."""
    baseline(noon, per_window=2)  # expected: 2 per quarter of an hour
    start = noon - timedelta(minutes=30)
    # Minute by minute: 1 report, 0, 1, 0, ... then a run of 1 a minute (about 7 per 15 minutes, 3.5x),
    # then every other minute (about 4, 2x: between the clear and raise ratios), then nothing.
    pattern = [1, 0] * 7 + [1] * 8 + [1, 0] * 8 + [0] * 20
    states = []
    for index, count in enumerate(pattern):
        at = start + timedelta(minutes=index)
        if count:
            reports(at, count)
        jobs.detect(now=at + timedelta(minutes=1))
        states.append(Elevation.objects.get(model_id=PROBED, kind="5xx").active)

    flips = sum(1 for before, after in zip(states, states[1:], strict=False) if before != after)
    assert flips == 2  # up once, down once
    assert list(VerdictChange.objects.order_by("at").values_list("state_after", flat=True)) == [
        "degraded",
        "operational",
    ]


def test_a_classified_paste_adds_one_count_by_minute_category_model_and_code(synced_kb):
    result = classify(current_snapshot(), SERVER_ERROR_PASTE)
    assert result.best is not None and result.best.slug == "service-unavailable"

    counts.count_classified(result)
    counts.count_classified(result)
    unknown_model = classify(current_snapshot(), SERVER_ERROR_PASTE.replace("gemini-3.5-flash", "gemini-made-up"))
    counts.count_classified(unknown_model)
    assert counts.pending_total() == 3
    assert counts.flush_counts() == 3

    rows = {(row.category, row.model_id, row.http_code): row.count for row in ErrorCount.objects.all()}
    assert rows == {("server_error", PROBED, 503): 2, ("server_error", "", 503): 1}
    assert counts.pending_total() == 0


def test_counts_a_failed_write_did_not_store_stay_pending_for_the_next_flush(synced_kb):
    from django.db import connection

    result = classify(current_snapshot(), SERVER_ERROR_PASTE)
    counts.count_classified(result)
    counts.count_classified(result)
    table = ErrorCount._meta.db_table
    with connection.cursor() as cursor:  # a real failure: the table is not there
        cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_away")

    assert counts.flush_counts() == 0
    assert counts.pending_total() == 2

    counts.count_classified(result)  # a paste that came in meanwhile
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table}_away RENAME TO {table}")
    assert counts.flush_counts() == 3
    assert counts.pending_total() == 0
    assert ErrorCount.objects.get().count == 3


def test_a_paste_on_the_site_is_counted_after_its_response(client, synced_kb, monkeypatch):
    monkeypatch.setattr(counts, "_flush_after", 0.0)  # due now: the first request's end writes

    response = client.post("/", {"text": SERVER_ERROR_PASTE})

    assert response.status_code == 200
    row = ErrorCount.objects.get()
    assert (row.category, row.model_id, row.http_code, row.count) == ("server_error", PROBED, 503, 1)


def test_a_paste_that_matches_nothing_is_not_counted(synced_kb):
    counts.count_classified(classify(current_snapshot(), "hello world"))
    assert counts.pending_total() == 0
