"""`manage.py fake_gemini`: the emulator in the foreground, started by gemini_emulator's one entry point."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from gemini_emulator import VALID_KEY

ROOT = Path(__file__).resolve().parents[2]


def test_fake_gemini_serves_until_interrupted() -> None:
    environment = os.environ | {"DJANGO_DEBUG": "1", "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "manage.py", "fake_gemini", "--port", "0"]
    with subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            base_url = line.split("GEMINI_API_BASE_URL=")[1].split()[0]
            request = urllib.request.Request(f"{base_url}/v1beta/models", headers={"x-goog-api-key": VALID_KEY})
            with urllib.request.urlopen(request, timeout=5) as response:
                assert json.load(response)["models"]
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=10) == 0
        finally:
            process.kill()
