"""The fault bench counts every refused key check, whatever answered it: the site's JSON, or a page
that is not JSON (a proxy's 502, gunicorn's own error, an empty body)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.fault import Samples, trickle_client

# Each key check the bench sends gets the next of these, in turn.
ANSWERS = [
    (429, "application/json", b'{"error": "A key check from this address is already running."}'),
    (502, "text/html", b"<html><body><h1>502 Bad Gateway</h1></body></html>\n"),
    (500, "text/plain", b""),
    (400, "application/json", b"[1, 2]"),
]


class _Answers(BaseHTTPRequestHandler):
    served: list[int] = []
    done = threading.Event()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        status, content_type, body = ANSWERS[len(self.served) % len(ANSWERS)]
        # Counted before the answer goes out: the client may send its next check before this
        # thread runs again, and that one must get the next answer.
        self.served.append(status)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        if len(self.served) >= len(ANSWERS):
            self.done.set()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def refusing_site() -> Iterator[str]:
    _Answers.served, _Answers.done = [], threading.Event()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_refused_key_checks_are_counted_whether_or_not_they_are_json(refusing_site):
    samples, stop = Samples(), threading.Event()
    client = threading.Thread(target=trickle_client, args=(refusing_site, 0, samples, stop), daemon=True)
    client.start()
    assert _Answers.done.wait(10), "the bench stopped sending key checks"
    stop.set()
    client.join(10)
    assert not client.is_alive()
    assert set(samples.refusals) == {
        "429 A key check from this address is already running.",
        "502 (not the site's JSON) <html><body><h1>502 Bad Gateway</h1></body></html>",
        "500 (not the site's JSON)",
        "400 (not the site's JSON) [1, 2]",
    }
    assert sum(samples.refusals.values()) == sum(samples.statuses["key check"].values()) >= len(ANSWERS)
