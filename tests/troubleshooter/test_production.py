"""Run as production runs: deploy checks, security headers, health check and request logs."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from bench.server import production_env, serve
from tests.conftest import ROOT, process_environment

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "SECRET_KEY": "a-production-secret-key-that-is-long-and-random-0123456789abcdefghijklmnop",
    "ALLOWED_HOSTS": "troubleshooter.example.com",
    "BEHIND_TLS_PROXY": "1",
    "DJANGO_SETTINGS_MODULE": "troubleshooter.settings",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=process_environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_checks_report_nothing_with_the_production_environment():
    completed = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "no issues" in completed.stdout


def test_production_refuses_to_start_without_a_secret_key():
    environment = dict(PRODUCTION_ENV)
    del environment["SECRET_KEY"]
    completed = manage("check", "--deploy", **environment)  # what bin/serve runs before it starts
    assert completed.returncode != 0
    assert "SECRET_KEY must be set" in completed.stderr


@pytest.mark.parametrize("path", ["/", "/errors/", "/api/openapi.json"])
def test_security_headers_on_every_response(client, synced_kb, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "default-src 'self'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_healthz_is_200_when_database_and_cache_answer(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True, "cache": True}


def test_healthz_is_503_when_the_shared_cache_does_not_answer(client, db, settings, caplog):
    # The default cache (this process's memory) still answers: only the shared one is down.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "shared": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": True, "cache": False}
    assert "the shared cache did not answer" in caplog.text


def test_healthz_is_503_when_the_database_does_not_answer(client, db, monkeypatch):
    def broken_cursor(*args, **kwargs):
        # The driver's own error, as a dropped connection raises it; django-stubs leave `Database` out.
        raise connection.Database.OperationalError("server closed the connection unexpectedly")  # type: ignore[attr-defined]

    with monkeypatch.context() as patch:  # undone before the test database is rolled back
        patch.setattr(connection, "cursor", broken_cursor)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] is False


def test_one_log_line_per_request_without_keys_or_pastes(client, site_uses_emulator, caplog):
    secret_paste = "google.genai.errors.ClientError: 429 RESOURCE_EXHAUSTED. my-private-prompt-text"
    with caplog.at_level("INFO", logger="errors_kb.requests"):
        client.post(
            "/api/classify?key=AIzaSyD-1234567890abcdefghijklmnopqrstu", data=secret_paste, content_type="text/plain"
        )
        client.post(
            "/api/key-check",
            data=json.dumps({"api_key": "AQ.fake-quota", "model": "gemini-3.5-flash"}),
            content_type="application/json",
        )
    lines = [record.getMessage() for record in caplog.records if record.name == "errors_kb.requests"]
    assert len(lines) == 2
    assert lines[0].startswith("request_id=") and "method=POST path=/api/classify status=200 ms=" in lines[0]
    everything = "\n".join(record.getMessage() for record in caplog.records)
    for secret in ("AIzaSyD-1234567890", "AQ.fake-quota", "my-private-prompt-text"):
        assert secret not in everything


def test_responses_carry_the_request_id(client, db):
    response = client.get("/healthz")
    assert len(response["X-Request-ID"]) == 12


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/errors/%0aforged status=200", "path=/errors/%0Aforged%20status=200 "),
        ("/errors/%0d%0arequest_id=0 method=GET", "path=/errors/%0D%0Arequest_id=0%20method=GET "),
        ("/errors/%1b[31mred", "path=/errors/%1B%5B31mred "),
        ("/errors/caf%C3%A9", "path=/errors/caf%C3%A9 "),
        ("/errors/quota-per-minute/", "path=/errors/quota-per-minute/ "),
    ],
    ids=["line feed", "carriage return", "terminal escape", "non-ASCII", "plain"],
)
def test_the_request_log_writes_one_line_whatever_the_path(client, db, caplog, path, logged):
    with caplog.at_level("INFO", logger="errors_kb.requests"):
        client.get(path)
    [line] = [record.getMessage() for record in caplog.records if record.name == "errors_kb.requests"]
    assert "\n" not in line and "\r" not in line and "\x1b" not in line
    assert logged in line


def _stub(path: Path, name: str) -> None:
    """An executable that only notes how it was called, in place of the virtualenv's real one."""
    path.write_text(f'#!/bin/sh\necho "{name} $*" >> "$CALLS"\n', encoding="utf-8")
    path.chmod(0o755)


def test_bin_serve_installs_what_the_site_needs_and_not_the_test_tools(tmp_path):
    project = tmp_path / "project"
    (project / "bin").mkdir(parents=True)
    for script in ("serve", "setup"):
        (project / "bin" / script).write_bytes((ROOT / "bin" / script).read_bytes())
        (project / "bin" / script).chmod(0o755)
    for requirements in ("requirements.txt", "requirements-dev.txt"):
        (project / requirements).write_bytes((ROOT / requirements).read_bytes())
    venv = project / ".venv" / "bin"
    venv.mkdir(parents=True)
    _stub(venv / "python", "python")
    _stub(venv / "gunicorn", "gunicorn")
    # The site's requirements are installed; the test tools are not.
    runtime = hashlib.sha256((ROOT / "requirements.txt").read_bytes()).hexdigest()
    (project / ".venv" / ".requirements-runtime.sha256").write_text(runtime + "\n", encoding="utf-8")
    calls = tmp_path / "calls.log"
    environment = PRODUCTION_ENV | {"PATH": os.environ["PATH"], "PYTHON": sys.executable, "CALLS": str(calls)}
    completed = subprocess.run(
        [project / "bin" / "serve"], env=environment | {"RUN_RELEASE_TASKS": "0"}, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    lines = calls.read_text(encoding="utf-8").splitlines()
    assert not [line for line in lines if "pip" in line], lines
    assert lines[-1].startswith("gunicorn troubleshooter.wsgi ")


def test_the_bench_server_reports_a_refused_start_as_bin_serve_exiting(tmp_path):
    # bin/serve refuses a key-check cap that leaves a worker no thread for pages.
    env = production_env(tmp_path, GUNICORN_THREADS="2", KEY_CHECK_MAX_CONCURRENT="2")
    with (tmp_path / "serve.log").open("w") as log, pytest.raises(RuntimeError, match="exited with status 1"):
        with serve(env, log=log, startup_seconds=60):
            pass  # never reached
    assert "must be below GUNICORN_THREADS" in (tmp_path / "serve.log").read_text(encoding="utf-8")
