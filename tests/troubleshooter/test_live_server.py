"""The probes that need a real server: chunked bodies as gunicorn hands them over, one rate-limit
budget across two workers, HEAD for load balancers. gunicorn runs as in production (gthread)."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterable

import pytest

from .conftest import LIVE_RATE_LIMIT_PER_MINUTE

pytestmark = pytest.mark.slow


def send(
    base_url: str, method: str, path: str, *, body: bytes | Iterable[bytes] | None = None, **headers: str
) -> tuple[int, dict[str, str], bytes]:
    """One request on its own connection. An iterable body goes out chunked, with no Content-Length.

    Like a browser or curl, it reads the answer even when the server stopped taking the body
    (a 413 sent before the upload ends, then the connection closed): the answer arrived first."""
    connection = http.client.HTTPConnection(base_url.removeprefix("http://"), timeout=30)
    try:
        try:
            connection.request(
                method, path, body=body, headers={name.replace("_", "-"): v for name, v in headers.items()}
            )
        except (BrokenPipeError, ConnectionResetError):
            pass
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def chunks(data: bytes, size: int = 7) -> Iterable[bytes]:
    return (data[start : start + size] for start in range(0, len(data), size))


def test_a_chunked_paste_is_read_not_taken_for_empty(live_site):
    body = json.dumps({"text": "google.genai.errors.ClientError: 429 RESOURCE_EXHAUSTED"}).encode()
    status, headers, content = send(
        live_site, "POST", "/api/classify", body=chunks(body), Content_Type="application/json"
    )
    assert status == 200, content
    assert set(json.loads(content)) >= {"matches", "facts"}


def test_a_chunked_text_paste_is_read(live_site):
    body = b"429 RESOURCE_EXHAUSTED " * 1000
    status, _, content = send(live_site, "POST", "/api/classify", body=chunks(body, 4096), Content_Type="text/plain")
    assert status == 200, content


def test_a_chunked_key_check_is_read(live_site):
    body = json.dumps({"api_key": "AQ.fake-valid", "model": "gemini-3.5-flash"}).encode()
    status, _, content = send(
        live_site,
        "POST",
        "/api/key-check",
        body=chunks(body),
        Content_Type="application/json",
        X_Forwarded_For="192.0.2.50",
    )
    assert status == 200, content
    assert json.loads(content)["ok"] is True


@pytest.mark.parametrize(("path", "size"), [("/api/key-check", 100 * 1024), ("/api/classify", 3 * 1024 * 1024)])
def test_a_chunked_body_over_the_limit_is_refused_with_413_in_json(live_site, path, size):
    status, headers, content = send(
        live_site, "POST", path, body=chunks(b"x" * size, 64 * 1024), Content_Type="application/json"
    )
    assert status == 413
    assert headers["Content-Type"] == "application/json"
    assert "too large" in json.loads(content)["error"]


def test_an_empty_chunked_body_says_paste_the_error(live_site):
    status, _, content = send(live_site, "POST", "/api/classify", body=iter([]), Content_Type="text/plain")
    assert status == 400
    assert "empty" in json.loads(content)["error"]


def test_deep_json_over_the_wire_is_a_json_400(live_site):
    status, headers, content = send(
        live_site, "POST", "/api/classify", body=b"[" * 5000, Content_Type="application/json"
    )
    assert status == 400
    assert headers["Content-Type"] == "application/json"


def test_two_workers_count_one_budget(live_site):
    client = {"X_Forwarded_For": "192.0.2.77", "Content_Type": "application/json"}
    body = json.dumps({"api_key": "AQ.fake-invalid"}).encode()
    # Each on a new connection, so the kernel hands them to whichever worker accepts first.
    statuses = [send(live_site, "POST", "/api/key-check", body=body, **client)[0] for _ in range(8)]
    assert statuses.count(200) == LIVE_RATE_LIMIT_PER_MINUTE
    assert statuses.count(429) == 8 - LIVE_RATE_LIMIT_PER_MINUTE


def test_a_load_balancer_probes_health_with_head(live_site):
    status, headers, content = send(live_site, "HEAD", "/healthz")
    assert status == 200
    assert content == b""


@pytest.mark.parametrize("method", ["TRACE", "OPTIONS"])
@pytest.mark.parametrize("path", ["/sitemap.xml", "/robots.txt", "/", "/api/classify"])
def test_trace_and_options_get_405(live_site, method, path):
    assert send(live_site, method, path)[0] == 405
