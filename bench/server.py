"""The site as production runs it, for the benchmarks: bin/serve on a free loopback port, with the
production settings behind one pretend proxy, and SQLite in the bench's own folder unless
DATABASE_URL is set. Used by bench/load.py, bench/fault.py and the tests that run bin/serve."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent

# What a test run puts in the environment (tests/settings.py) and production must not inherit.
TEST_RUN_VARIABLES = {"SECRET_KEY", "DJANGO_DEBUG", "SECURE_SSL_REDIRECT", "SECURE_COOKIES", "DJANGO_PLAIN_STATIC"}
# The proxy in front of production ends TLS and says so; the benches' clients say what it would.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(work: Path, **overrides: str) -> dict[str, str]:
    """The machine's environment, without a test run's additions, set up as bin/serve runs behind one proxy."""
    env = {name: value for name, value in os.environ.items() if name not in TEST_RUN_VARIABLES}
    env.setdefault("DATABASE_URL", f"sqlite:///{work / 'db.sqlite3'}")
    env.update(
        DJANGO_SETTINGS_MODULE="troubleshooter.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        BEHIND_TLS_PROXY="1",
        TRUSTED_PROXY_COUNT="1",  # X-Forwarded-For's last entry is the client, as the proxy wrote it
        STATIC_ROOT=str(work / "static"),
        LOG_LEVEL="WARNING",
    )
    return env | overrides


@contextmanager
def serve(env: dict[str, str], *gunicorn_args: str, log: IO[str], startup_seconds: float = 240.0) -> Iterator[str]:
    """bin/serve on a free loopback port; yields its base URL, then stops it and its workers."""
    port = free_port()
    process = subprocess.Popen(
        [str(ROOT / "bin" / "serve"), "--no-control-socket", *gunicorn_args],
        cwd=ROOT,
        env=env | {"BIND": f"127.0.0.1:{port}"},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the master and its workers stop together
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base_url, process, startup_seconds)
        yield base_url
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop bin/serve's process group; one that has exited already (a refused start) has none left."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except ProcessLookupError:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def wait_until_healthy(base_url: str, process: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"bin/serve exited with status {process.returncode} before answering")
        try:
            request = urllib.request.Request(f"{base_url}/healthz", headers=PROXY_HEADERS)
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"bin/serve did not answer /healthz within {seconds:.0f} s")
