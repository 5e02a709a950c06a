"""The offline commands run on a fresh checkout with no environment at all; serving still refuses
to start without SECRET_KEY."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What a fresh shell has: no DJANGO_DEBUG, no SECRET_KEY, nothing tests/settings.py added.
BARE_ENVIRONMENT = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}


def run(args: list[str], *, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=BARE_ENVIRONMENT | (env or {}),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_classify_reads_standard_input_with_no_environment(tmp_path):
    database = {"DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}
    migrated = run(["manage.py", "migrate", "--noinput"], env=database)
    synced = run(["manage.py", "kb_sync"], env=database)
    completed = run(["manage.py", "classify", "-"], stdin="429 RESOURCE_EXHAUSTED quota", env=database)
    assert migrated.returncode == 0, migrated.stderr
    assert synced.returncode == 0, synced.stderr
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stderr


@pytest.mark.parametrize("command", [["fake_gemini", "--help"], ["check_key", "--help"], ["kb_sync", "--help"]])
def test_offline_commands_start_with_no_environment(command):
    completed = run(["manage.py", *command])
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stderr


def test_the_wsgi_application_refuses_to_load_without_a_secret_key():
    completed = run(["-c", "import troubleshooter.wsgi"])
    assert completed.returncode != 0
    assert "SECRET_KEY must be set when DJANGO_DEBUG is off." in completed.stderr
