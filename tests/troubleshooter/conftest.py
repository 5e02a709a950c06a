"""Fixtures for the site plumbing's tests: the site under gunicorn, as production serves it."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from gemini_emulator import EmulatorServer
from tests.conftest import ROOT, process_environment

LIVE_RATE_LIMIT_PER_MINUTE = 3


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(base_url: str, server: subprocess.Popen[bytes], seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(base_url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer on {base_url} within {seconds:.0f} s")


@pytest.fixture(scope="module")
def live_site(tmp_path_factory: pytest.TempPathFactory, emulator: EmulatorServer) -> Iterator[str]:
    """gunicorn with two gthread workers and the production settings on a free loopback port, on a
    throwaway database; the key check goes to the emulator. Yields the base URL."""
    work = tmp_path_factory.mktemp("live")
    environment = process_environment(
        DJANGO_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}",
        DJANGO_PLAIN_STATIC="1",  # no collectstatic: the endpoints need no static files
        SECURE_SSL_REDIRECT="0",
        TRUSTED_PROXY_COUNT="1",  # each test names its client in X-Forwarded-For
        GEMINI_API_BASE_URL=emulator.base_url,
        KEY_CHECK_RATE_LIMIT_PER_MINUTE=str(LIVE_RATE_LIMIT_PER_MINUTE),
        LOG_LEVEL="WARNING",
    )
    migrated = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrated.returncode == 0, migrated.stderr
    port = free_port()
    gunicorn = [str(Path(sys.executable).with_name("gunicorn")), "troubleshooter.wsgi", "--bind", f"127.0.0.1:{port}"]
    options = ["--workers", "2", "--worker-class", "gthread", "--threads", "4", "--log-level", "warning"]
    server = subprocess.Popen([*gunicorn, *options], cwd=ROOT, env=environment, start_new_session=True)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base_url, server)
        yield base_url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
