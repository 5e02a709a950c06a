"""Fixtures for the shared HTTP plumbing's tests: raw requests, and a migrated database file that
separate processes can share."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable

import pytest
from django.http import HttpRequest
from django.test import RequestFactory

from tests.conftest import ROOT, process_environment


@pytest.fixture
def chunked_request() -> Callable[..., HttpRequest]:
    """A POST as gunicorn hands over a chunked body: Transfer-Encoding, no Content-Length, and the
    de-chunked bytes in wsgi.input."""

    def build(body: bytes, content_type: str = "application/json") -> HttpRequest:
        request = RequestFactory().post("/api/classify", data=b"-", content_type=content_type)
        del request.META["CONTENT_LENGTH"]
        request.META["HTTP_TRANSFER_ENCODING"] = "chunked"
        request.META["wsgi.input"] = io.BytesIO(body)
        return request

    return build


@pytest.fixture(scope="module")
def migrated_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite file with every migration applied (the shared cache's table among them), never a
    database the suite runs on."""
    url = f"sqlite:///{tmp_path_factory.mktemp('shared') / 'db.sqlite3'}"
    completed = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=process_environment(DATABASE_URL=url),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    return url
