"""Google's status feeds, served by a real HTTP server on loopback: a Gemini incident is kept, an
unrelated product's is not, an update changes the same incident, and a malformed or hanging feed
fails alone, leaving its last good incidents in place; a feed that trickles stops at the deadline of
the whole fetch."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from status import jobs
from status.feeds import read_status_feeds
from status.models import FeedFetch, OfficialIncident
from status.services import current_verdicts

from .conftest import PROBED

pytestmark = pytest.mark.django_db


@dataclass
class Route:
    body: bytes
    content_type: str = "application/json"
    status: int = 200
    delay: float = 0.0
    trickle: float = 0.0  # seconds between bytes
    trickle_head: bool = True  # trickle the status line and headers too, or send them at once


class FeedServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Route] = {}
        self.stopping = threading.Event()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class _Handler(BaseHTTPRequestHandler):
    server: FeedServer

    def do_GET(self) -> None:  # noqa: N802
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        if route.delay:
            self.server.stopping.wait(route.delay)
            if self.server.stopping.is_set():
                return
        if route.trickle:
            self._trickle(route)
            return
        try:
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _trickle(self, route: Route) -> None:
        head = (
            f"HTTP/1.1 {route.status} OK\r\nContent-Type: {route.content_type}\r\n"
            f"Content-Length: {len(route.body)}\r\n\r\n"
        ).encode()
        slow = head + route.body if route.trickle_head else route.body
        try:
            if not route.trickle_head:
                self.wfile.write(head)
            for i in range(len(slow)):
                self.wfile.write(slow[i : i + 1])
                if self.server.stopping.wait(route.trickle):
                    return
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    server = FeedServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.stopping.set()
    server.shutdown()
    server.server_close()


def incident(number: str, product: str, *, desc: str, end: str | None = None) -> dict[str, object]:
    return {
        "id": f"id-{number}",
        "number": number,
        "begin": "2026-03-02T10:00:00+00:00",
        "created": "2026-03-02T10:05:00+00:00",
        "end": end,
        "modified": end or "2026-03-02T10:30:00+00:00",
        "external_desc": desc,
        "most_recent_update": {"text": "We are investigating.", "status": "SERVICE_DISRUPTION"},
        "status_impact": "SERVICE_DISRUPTION",
        "severity": "high",
        "service_name": product,
        "affected_products": [{"title": product, "id": "x"}],
        "uri": f"incidents/id-{number}",
    }


GEMINI = incident("1", "Vertex Gemini API", desc="Elevated error rates for Gemini models")
UNRELATED = incident("2", "Cloud SQL", desc="Cloud SQL instances fail to start")
CODE_ASSIST = incident("3", "Gemini Code Assist", desc="Gemini Code Assist completions are slow")


def test_a_gemini_incident_is_kept_and_an_unrelated_one_is_not(feeds, noon):
    feeds.routes["/incidents.json"] = Route(json.dumps([GEMINI, UNRELATED, CODE_ASSIST]).encode())

    [report] = read_status_feeds(now=noon, urls=[feeds.url("/incidents.json")])

    assert report.ok and report.incidents == 1
    [kept] = OfficialIncident.objects.all()
    assert kept.title == "Elevated error rates for Gemini models"
    assert kept.state == "open" and kept.ended_at is None
    assert kept.products == ["Vertex Gemini API"]
    assert kept.link == feeds.url("/incidents/id-1")
    assert kept.started_at is not None and kept.started_at.isoformat() == "2026-03-02T10:00:00+00:00"
    # An open official incident makes the verdict an outage.
    [verdict] = current_verdicts(now=noon)
    assert verdict.model_id == PROBED and verdict.state == "outage"
    assert "Elevated error rates for Gemini models" in verdict.evidence[0]


def test_an_updated_incident_changes_in_place(feeds, noon):
    url = feeds.url("/incidents.json")
    feeds.routes["/incidents.json"] = Route(json.dumps([GEMINI]).encode())
    read_status_feeds(now=noon, urls=[url])
    resolved = incident(
        "1", "Vertex Gemini API", desc="Gemini models failed for some users", end="2026-03-02T11:10:00Z"
    )
    feeds.routes["/incidents.json"] = Route(json.dumps([resolved]).encode())

    read_status_feeds(now=noon + timedelta(minutes=5), urls=[url])

    [kept] = OfficialIncident.objects.all()
    assert kept.state == "resolved" and kept.title == "Gemini models failed for some users"
    assert kept.ended_at is not None and kept.ended_at.isoformat() == "2026-03-02T11:10:00+00:00"
    assert kept.first_seen_at == noon and kept.last_seen_at == noon + timedelta(minutes=5)
    assert current_verdicts(now=noon)[0].state == "operational"


ATOM = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Google Cloud Service Health Updates</title>
  <id>https://status.example.test/</id>
  <updated>2026-03-02T11:00:00Z</updated>
  <entry>
    <title>RESOLVED: Gemini API requests return 503 UNAVAILABLE</title>
    <link href="https://status.example.test/incidents/abc" rel="alternate"/>
    <id>tag:status.example.test,2026:feed:abc.2</id>
    <updated>2026-03-02T11:00:00Z</updated>
    <summary type="html">&lt;p&gt;Resolved. Affected products: Gemini API, Vertex Gemini API&lt;/p&gt;</summary>
  </entry>
  <entry>
    <title>UPDATE: Gemini API requests return 503 UNAVAILABLE</title>
    <link href="https://status.example.test/incidents/abc" rel="alternate"/>
    <id>tag:status.example.test,2026:feed:abc.1</id>
    <updated>2026-03-02T09:00:00Z</updated>
    <summary type="html">&lt;p&gt;Investigating. Affected products: Gemini API&lt;/p&gt;</summary>
  </entry>
  <entry>
    <title>UPDATE: BigQuery jobs are delayed</title>
    <link href="https://status.example.test/incidents/def" rel="alternate"/>
    <id>tag:status.example.test,2026:feed:def.1</id>
    <updated>2026-03-02T10:00:00Z</updated>
    <summary type="html">&lt;p&gt;Affected products: BigQuery&lt;/p&gt;</summary>
  </entry>
</feed>
"""


def test_an_atom_feed_gives_one_incident_per_link_with_its_latest_state(feeds, noon):
    feeds.routes["/feed.atom"] = Route(ATOM, content_type="application/atom+xml")

    [report] = read_status_feeds(now=noon, urls=[feeds.url("/feed.atom")])

    assert report.ok and report.incidents == 1
    [kept] = OfficialIncident.objects.all()
    assert kept.title == "Gemini API requests return 503 UNAVAILABLE"
    assert kept.state == "resolved"
    assert kept.started_at is not None and kept.started_at.isoformat() == "2026-03-02T09:00:00+00:00"
    assert kept.products == ["Gemini API", "Vertex Gemini API"]
    assert kept.link == "https://status.example.test/incidents/abc"


def test_a_malformed_feed_is_recorded_and_the_last_good_incidents_stay(feeds, noon):
    url = feeds.url("/incidents.json")
    feeds.routes["/incidents.json"] = Route(json.dumps([GEMINI]).encode())
    read_status_feeds(now=noon, urls=[url])
    feeds.routes["/incidents.json"] = Route(b'[{"id": "id-1", "external_desc": ')  # cut off mid-JSON
    feeds.routes["/feed.atom"] = Route(b"<html><body>Maintenance</body>", content_type="text/html")

    reports = read_status_feeds(now=noon + timedelta(minutes=5), urls=[url, feeds.url("/feed.atom")])

    assert [report.ok for report in reports] == [False, False]
    assert reports[0].error.startswith("malformed JSON")
    assert reports[1].error.startswith("malformed feed")
    fetch = FeedFetch.objects.get(url=url)
    assert fetch.last_ok_at == noon and fetch.last_attempt_at == noon + timedelta(minutes=5)
    assert OfficialIncident.objects.get().state == "open"  # what the feed said last time it worked


def test_a_feed_that_hangs_times_out_and_the_others_are_still_read(settings, feeds, noon):
    feeds.routes["/slow.atom"] = Route(ATOM, delay=30)
    feeds.routes["/incidents.json"] = Route(json.dumps([GEMINI]).encode())
    feeds.routes["/down.json"] = Route(b"{}", status=503)
    settings.STATUS_FEED_URLS = [feeds.url("/slow.atom"), feeds.url("/down.json"), feeds.url("/incidents.json")]
    settings.STATUS_FEED_TIMEOUT_SECONDS = 0.5

    started = time.monotonic()
    reports = jobs.read_feeds(now=noon)

    assert time.monotonic() - started < 5
    assert [(report.ok, report.error) for report in reports] == [
        (False, "no answer within 0.5 s"),
        (False, "HTTP 503"),
        (True, ""),
    ]
    assert OfficialIncident.objects.count() == 1


@pytest.mark.parametrize(
    ("trickle_head", "error"),
    [(True, "no answer within 0.5 s"), (False, "the answer did not finish within 0.5 s")],
    ids=["headers-trickle", "body-trickles"],
)
def test_a_feed_that_trickles_stops_at_the_deadline(feeds, noon, trickle_head, error):
    """A byte every 50 ms never trips a per-read timeout; only the whole fetch's deadline stops it."""
    url = feeds.url("/trickle.atom")
    feeds.routes["/trickle.atom"] = Route(ATOM, "application/atom+xml", trickle=0.05, trickle_head=trickle_head)

    started = time.monotonic()
    [report] = read_status_feeds(now=noon, urls=[url], timeout_seconds=0.5)

    assert time.monotonic() - started < 2
    assert (report.ok, report.error) == (False, error)
    assert FeedFetch.objects.get(url=url).last_error == error


def test_a_feed_named_by_host_name_is_resolved_and_read(feeds, noon):
    feeds.routes["/incidents.json"] = Route(json.dumps([GEMINI]).encode())
    url = feeds.url("/incidents.json").replace("127.0.0.1", "localhost")

    [report] = read_status_feeds(now=noon, urls=[url])

    assert report.ok and report.incidents == 1


def test_an_incident_naming_a_model_concerns_that_model_only(settings, feeds, noon):
    settings.PROBE_MODELS = [PROBED, "gemini-3.8-flash"]
    named = incident("4", "Gemini API", desc="gemini-3.8-flash returns 500 INTERNAL for some requests")
    feeds.routes["/incidents.json"] = Route(json.dumps([named]).encode())

    read_status_feeds(now=noon, urls=[feeds.url("/incidents.json")])

    states = {verdict.model_id: verdict.state for verdict in current_verdicts(now=noon)}
    assert states == {PROBED: "operational", "gemini-3.8-flash": "outage"}


def test_a_feed_link_that_is_not_http_is_dropped(feeds, noon):
    hostile = incident("5", "Gemini API", desc="Gemini API is down") | {"uri": "javascript:alert(1)"}
    feeds.routes["/incidents.json"] = Route(json.dumps([hostile]).encode())
    read_status_feeds(now=noon, urls=[feeds.url("/incidents.json")])
    assert not OfficialIncident.objects.get().link.startswith("javascript")


def test_an_open_incident_the_feed_stops_listing_is_closed(feeds, noon):
    url = feeds.url("/incidents.json")
    feeds.routes["/incidents.json"] = Route(json.dumps([GEMINI]).encode())
    read_status_feeds(now=noon, urls=[url])
    feeds.routes["/incidents.json"] = Route(json.dumps([UNRELATED]).encode())

    read_status_feeds(now=noon + timedelta(minutes=5), urls=[url])

    kept = OfficialIncident.objects.get()
    assert kept.state == "resolved" and kept.ended_at == noon + timedelta(minutes=5)
    assert current_verdicts(now=noon + timedelta(minutes=5))[0].state == "operational"


def test_incidents_resolved_long_ago_are_not_kept(feeds, noon):
    old = incident("6", "Gemini API", desc="Gemini API errors in 2024", end="2024-05-01T10:00:00Z")
    feeds.routes["/incidents.json"] = Route(json.dumps([old, GEMINI]).encode())
    read_status_feeds(now=noon, urls=[feeds.url("/incidents.json")])
    assert list(OfficialIncident.objects.values_list("external_id", flat=True)) == ["id-1"]
