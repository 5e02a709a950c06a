"""Only one instance probes at a time, however many workers or consumers start a run."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from gemini_emulator import start_emulator
from status.locks import held
from status.models import ProbeResult
from status.probes import PROBE_LOCK_SECONDS, ProbeRun, run_probes

from .conftest import PROBED


@pytest.mark.django_db
def test_two_probe_runs_at_once_only_one_probes(settings, synced_kb, noon):
    # A slow emulator (every answer waits 0.5 s) keeps the first run busy while the second starts.
    server, base_url = start_emulator(response_delay=0.5)
    settings.GEMINI_API_BASE_URL = base_url
    settings.PROBE_API_KEY = "AQ.fake-valid"
    runs: dict[str, ProbeRun] = {}

    def second_instance() -> None:
        time.sleep(0.2)  # the first run is waiting on the emulator by now
        try:
            runs["second"] = run_probes(now=noon)
        finally:
            connection.close()

    second = threading.Thread(target=second_instance)
    try:
        second.start()
        runs["first"] = run_probes(now=noon)
        second.join(timeout=30)
    finally:
        server.close()

    assert runs["first"].ran and runs["first"].results[0][1].outcome == "ok"
    assert not runs["second"].ran and runs["second"].reason == "Another instance is probing."
    assert ProbeResult.objects.filter(model_id=PROBED).count() == 1
    # The lock is released when the run ends: the next minute probes again.
    with held("probe", timeout_seconds=PROBE_LOCK_SECONDS) as mine:
        assert mine


@pytest.mark.django_db
def test_a_held_lock_makes_a_run_skip_without_calling_anyone(settings, emulator, noon):
    settings.GEMINI_API_BASE_URL = emulator.base_url
    settings.PROBE_API_KEY = "AQ.fake-valid"
    calls_before = len(emulator.calls)
    with held("probe", timeout_seconds=PROBE_LOCK_SECONDS) as mine:
        assert mine
        run = run_probes(now=noon)
    assert not run.ran
    assert len(emulator.calls) == calls_before
