"""Probes through the real google-genai against the emulator on loopback: each scenario key gives
the right outcome, HTTP status, latency and, after a few minutes of it, the right verdict."""

from __future__ import annotations

import json
import logging
import urllib.request
from datetime import timedelta

import pytest
from django.utils import timezone

from errors_kb.models import GeminiModel
from errors_kb.snapshot import current_snapshot, kb_version
from status import jobs
from status.models import ProbeResult, VerdictChange
from status.probes import TIMEOUT, run_probes
from status.services import current_verdicts

from .conftest import PROBED

pytestmark = pytest.mark.django_db


# key, outcome, HTTP status, verdict after one failing minute, verdict after three.
SCENARIOS = [
    ("AQ.fake-valid", "ok", 200, "operational", "operational"),
    ("AQ.fake-overloaded", "service-unavailable", 503, "degraded", "outage"),
    ("AQ.fake-internal", "internal-error", 500, "degraded", "outage"),
    ("AQ.fake-deadline", "deadline-exceeded", 504, "degraded", "outage"),
    ("AQ.fake-hang", TIMEOUT, None, "degraded", "outage"),
    # The probe key's own quota may be spent: 429s degrade, they never make an outage alone.
    ("AQ.fake-quota", "quota-per-minute", 429, "degraded", "degraded"),
]


@pytest.mark.parametrize(("key", "outcome", "http_status", "after_one", "after_three"), SCENARIOS)
def test_probe_records_outcome_status_latency_and_verdict(
    settings, probes_emulator, noon, caplog, key, outcome, http_status, after_one, after_three
):
    settings.PROBE_API_KEY = key
    caplog.set_level(logging.DEBUG)

    first = jobs.probe_models(now=noon)

    [(model_id, result)] = first.results
    assert (model_id, result.outcome, result.http_status) == (PROBED, outcome, http_status)
    if key == "AQ.fake-hang":
        # The timeout (1 s here) ends the call: neither the hang nor a retry holds the probe longer.
        assert 900 <= result.latency_ms < 3000
    else:
        assert 0 <= result.latency_ms < 900
    row = ProbeResult.objects.get(model_id=PROBED, minute=noon)
    assert (row.outcome, row.http_status, row.latency_ms) == (outcome, http_status, result.latency_ms)
    assert current_verdicts(now=noon)[0].state == after_one

    for minute in (1, 2):
        jobs.probe_models(now=noon + timedelta(minutes=minute))
    [verdict] = current_verdicts(now=noon + timedelta(minutes=2))
    assert verdict.model_id == PROBED and verdict.state == after_three
    assert verdict.evidence
    # The key is never stored or logged.
    stored = " ".join(VerdictChange.objects.values_list("evidence", flat=True))
    assert key not in stored and key not in caplog.text


def test_a_valid_probe_refreshes_served_now_from_models_list(settings, probes_emulator, noon):
    settings.PROBE_API_KEY = "AQ.fake-valid"

    run = run_probes(now=noon)

    assert run.served is not None and PROBED in run.served
    served = dict(GeminiModel.objects.values_list("model_id", "served_now"))
    assert served[PROBED] is True  # the emulator serves it
    assert served["gemini-3.8-live"] is False  # in our catalogue, not in the emulator's models.list
    assert GeminiModel.objects.filter(served_checked_at=noon).count() == GeminiModel.objects.count()


def test_a_flag_that_flips_changes_the_kb_version_and_one_that_stays_does_not(settings, probes_emulator, noon):
    settings.PROBE_API_KEY = "AQ.fake-valid"
    before = kb_version()

    run_probes(now=noon)
    after_first = kb_version()
    run_probes(now=noon + timedelta(minutes=1))

    assert after_first != before, "answers read the flags: the first probe's flags are a KB change"
    assert kb_version() == after_first, "the same models listed again change nothing"
    listed = {info.model_id: info.listed_by_google for info in current_snapshot().models.values()}
    assert listed[PROBED] is True and listed["gemini-3.8-live"] is False


def test_a_failed_models_list_leaves_served_now_alone(settings, probes_emulator, noon):
    settings.PROBE_API_KEY = "AQ.fake-invalid"  # rejected before any model is listed

    run = run_probes(now=noon)

    assert run.served is None
    assert not GeminiModel.objects.exclude(served_now=None).exists()
    # A rejected key is the probe's own problem, not Gemini's: it does not count against the model.
    assert run.results[0][1].outcome == "api-key-invalid"
    assert current_verdicts(now=noon)[0].state == "operational"


def test_no_key_no_probe(settings, probes_emulator, noon):
    run = jobs.probe_models(now=noon)
    assert not run.ran and "PROBE_API_KEY" in run.reason
    assert not ProbeResult.objects.exists()


def _set_emulator_scenario(base_url: str, key: str | None) -> None:
    request = urllib.request.Request(
        f"{base_url}/_emulator/scenario", data=json.dumps({"key": key}).encode(), method="POST"
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert json.load(response) == {"key": key}


def test_status_page_follows_the_emulators_scenario(settings, probes_emulator, client):
    """What bin/run shows: a live page that changes when the emulator's scenario does."""
    settings.PROBE_API_KEY = "AQ.fake-valid"
    now = timezone.now().replace(second=0, microsecond=0)
    try:
        _set_emulator_scenario(probes_emulator.base_url, "AQ.fake-overloaded")
        for age in (3, 2, 1):
            jobs.probe_models(now=now - timedelta(minutes=age))
        page = client.get("/status/").content.decode()
        assert "state--outage" in page and "service-unavailable (HTTP 503" in page

        _set_emulator_scenario(probes_emulator.base_url, None)
        jobs.probe_models(now=now)
    finally:
        _set_emulator_scenario(probes_emulator.base_url, None)
    page = client.get("/status/").content.decode()
    assert "state--operational" in page
    changes = list(VerdictChange.objects.order_by("at", "id").values_list("state_before", "state_after"))
    assert changes == [("operational", "degraded"), ("degraded", "outage"), ("outage", "operational")]
