"""The run-once commands, as cron would run them: each does its job once and says what it did."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from status.models import ErrorCount, ProbeResult

from .conftest import PROBED

pytestmark = pytest.mark.django_db


def run(name: str) -> str:
    out = StringIO()
    call_command(name, stdout=out)
    return out.getvalue()


def test_probe_models_probes_once_and_never_prints_the_key(settings, probes_emulator):
    settings.PROBE_API_KEY = "AQ.fake-valid"
    said = run("probe_models")
    assert f"{PROBED}: ok (HTTP 200," in said and "models.list served" in said
    assert "AQ.fake-valid" not in said
    assert ProbeResult.objects.filter(model_id=PROBED).count() == 1


def test_probe_models_without_a_key_says_so():
    assert "PROBE_API_KEY is not set" in run("probe_models")


def test_read_status_feeds_reports_each_feed(settings):
    settings.STATUS_FEED_URLS = ["http://127.0.0.1:9/feed.atom"]  # the discard port: nothing listens
    said = run("read_status_feeds")
    assert said.startswith("http://127.0.0.1:9/feed.atom: failed: could not connect")


def test_detect_elevated_errors_reports_each_model_and_kind():
    assert "No 5xx or 429 reports" in run("detect_elevated_errors")
    ErrorCount.objects.create(
        minute=timezone.now() - timedelta(minutes=2), category="server_error", model_id=PROBED, http_code=503, count=2
    )
    assert f"{PROBED} 5xx: normal, 2 reports" in run("detect_elevated_errors")


def test_prune_status_history_deletes_only_what_is_old():
    now = timezone.now()
    for age in (timedelta(days=30), timedelta(hours=1)):
        ProbeResult.objects.create(model_id=PROBED, minute=now - age, outcome="ok", latency_ms=1)
    assert run("prune_status_history").startswith("Deleted 1 probe results")
    assert ProbeResult.objects.count() == 1
