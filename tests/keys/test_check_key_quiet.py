"""`check_key` on a terminal prints its checklist and nothing from the SDKs: no request log lines,
no notices, no warnings (run as a person runs it, in a process of its own, with both SDKs)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Django's own start-up line (django-axes), which is not the key check's.
START_UP = "axes.apps"


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.slow
def test_check_key_prints_no_sdk_log_line_or_warning(tmp_path, emulator):
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'keys.sqlite3'}",
        "GEMINI_API_BASE_URL": emulator.base_url,
        "GEMINI_API_KEY": "AQ.fake-quota",
        "LOG_LEVEL": "INFO",
    }
    for setup in (["migrate", "--noinput"], ["kb_sync"]):
        assert manage(*setup, env=env).returncode == 0
    for sdk in ("google-genai", "google-generativeai"):
        completed = manage("check_key", "--sdk", sdk, "--stream", env=env)
        assert completed.returncode == 1, completed.stderr
        assert "documented error: Per-minute quota exceeded" in completed.stdout
        noise = [line for line in completed.stderr.splitlines() if START_UP not in line]
        assert not noise, f"{sdk} printed:\n" + "\n".join(noise)
