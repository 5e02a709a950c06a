"""A slow upstream never starves the site: bin/serve's gunicorn on loopback, with slow checks and clients.

The server is bin/serve itself (gthread workers, the production settings) behind a pretend proxy:
each key check comes from its own address in X-Forwarded-For. Gemini is the local emulator, whose
AQ.fake-trickle answers a byte every 0.25 s, so that no read ever times out and only the budget
ends a check.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from bench.fault import key_check, open_slow_body, timed_request
from bench.server import production_env, serve
from gemini_emulator import TRICKLE_KEY, EmulatorServer, start_emulator
from keys.admission import IN_FLIGHT_MESSAGE
from web.ratelimit import SHARED_CACHE_ALIAS

from ..keycheck.tcp import all_closed, connection_states, eventually

ROOT = Path(__file__).resolve().parents[2]

# Slow checks and slow clients each: together below one worker's threads (GUNICORN_THREADS, 8), so
# the answer holds however the kernel spreads the connections over the workers. More slow clients
# than threads do stall a worker: the README's production set-up puts a buffering proxy in front.
SLOW = 3
BUDGET_SECONDS = 4
FAST_ENOUGH_SECONDS = 1.0


@dataclass(frozen=True)
class Site:
    base_url: str
    emulator: EmulatorServer


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    work = tmp_path_factory.mktemp("serve")
    emulator, emulator_url = start_emulator()
    env = production_env(
        work,
        DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}",  # never a database the suite runs on
        DJANGO_PLAIN_STATIC="1",  # no collectstatic: these pages need no static files
        RUN_RELEASE_TASKS="0",  # migrated below; the content files are not needed either
        WEB_CONCURRENCY="2",
        GEMINI_API_BASE_URL=emulator_url,
        KEY_CHECK_BUDGET_SECONDS=str(BUDGET_SECONDS),
        KEY_CHECK_TIMEOUT_SECONDS="5",
        KEY_CHECK_RATE_LIMIT_PER_MINUTE="1000",
    )
    for command in (("migrate", "--noinput"), ("createcachetable",)):
        completed = subprocess.run(
            [".venv/bin/python", "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert completed.returncode == 0, completed.stderr
    try:
        with (work / "serve.log").open("w") as log, serve(env, log=log) as base_url:
            yield Site(base_url, emulator)
    finally:
        emulator.close()


def get(base_url: str, path: str) -> tuple[int, float]:
    """Status and seconds of a GET on a new connection, as a load balancer or a new visitor sends it."""
    connection = http.client.HTTPConnection(base_url.removeprefix("http://"), timeout=10)
    try:
        status, _, ms = timed_request(connection, "GET", path, None, {"X-Forwarded-Proto": "https"})
    finally:
        connection.close()
    return status, ms / 1000


def warm_up(site: Site) -> None:
    """Each worker's first page and first key check (the SDK's import) are slow once, not under test."""
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda n: key_check(site.base_url, f"192.0.2.{n}", "AQ.fake-valid"), range(8)))
        list(pool.map(lambda path: get(site.base_url, path), ["/key/", "/healthz"] * 8))


def trickle_calls(emulator: EmulatorServer) -> int:
    return sum(call.api_key == TRICKLE_KEY for call in list(emulator.calls))


def test_healthz_and_a_page_answer_fast_while_slow_checks_and_slow_clients_are_in_flight(site: Site) -> None:
    warm_up(site)
    answers: list[tuple[int, bytes, float]] = []
    checks = [
        threading.Thread(target=lambda n=n: answers.append(key_check(site.base_url, f"198.51.100.{n}")))
        for n in range(SLOW)
    ]
    for check in checks:
        check.start()
    assert eventually(lambda: trickle_calls(site.emulator) >= SLOW, within=10), "the checks never reached Gemini"
    slow_clients = [open_slow_body(site.base_url) for _ in range(SLOW)]
    try:
        time.sleep(0.5)  # the slow bodies are in the workers' threads, waiting for the rest
        if "LocMemCache" not in settings.CACHES[SHARED_CACHE_ALIAS]["BACKEND"]:  # shared by every worker
            status, body, _ = key_check(site.base_url, "198.51.100.0")
            assert status == 429 and json.loads(body)["error"] == IN_FLIGHT_MESSAGE
        timings = [get(site.base_url, path) for _ in range(5) for path in ("/healthz", "/key/")]
        assert all(status == 200 for status, _ in timings), timings
        assert max(seconds for _, seconds in timings) < FAST_ENOUGH_SECONDS, timings
        assert all(check.is_alive() for check in checks)  # measured while every slow check was still running
    finally:
        for client in slow_clients:
            client.close()
    for check in checks:
        check.join(timeout=BUDGET_SECONDS + 10)
    assert len(answers) == SLOW
    for status, body, _ in answers:
        assert status == 200
        first = json.loads(body)["steps"][0]
        assert first["ok"] is False and "budget ran out" in first["detail"]
    # Past the budget the checks were cut, not abandoned with their sockets open.
    port = site.emulator.server_address[1]
    assert eventually(lambda: all_closed(port), within=2), connection_states(port)


def test_bin_serve_refuses_a_key_check_cap_that_leaves_no_thread_for_pages(tmp_path: Path) -> None:
    env = production_env(tmp_path, KEY_CHECK_MAX_CONCURRENT="8", GUNICORN_THREADS="8")
    completed = subprocess.run(["bin/serve"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 1
    assert "KEY_CHECK_MAX_CONCURRENT (8) must be below GUNICORN_THREADS (8)" in completed.stderr
