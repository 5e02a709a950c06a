"""/status/, GET /api/status and the Atom feed render, from real rows, without JavaScript."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from status.models import FeedFetch, OfficialIncident, ProbeResult, VerdictChange
from status.presenters import latest_probes

from .conftest import PROBED

pytestmark = pytest.mark.django_db


def make_probes(*, minutes: int, failing_from: int | None = None) -> None:
    now = timezone.now().replace(second=0, microsecond=0)
    for age in range(minutes):
        failing = failing_from is not None and age < failing_from
        ProbeResult.objects.create(
            model_id=PROBED,
            minute=now - timedelta(minutes=age),
            outcome="service-unavailable" if failing else "ok",
            service_failure=failing,
            http_status=503 if failing else 200,
            latency_ms=40 if failing else 300 + age,
        )


def make_incident(**fields) -> OfficialIncident:
    now = timezone.now()
    defaults = {
        "feed_url": "http://127.0.0.1:1/feed.atom",
        "external_id": "incident-1",
        "title": "Elevated error rates on the Gemini API",
        "state": OfficialIncident.State.OPEN,
        "started_at": now - timedelta(hours=1),
        "products": ["Gemini API"],
        "link": "https://status.example.test/incidents/1",
        "first_seen_at": now,
        "last_seen_at": now,
    }
    return OfficialIncident.objects.create(**(defaults | fields))


def test_status_page_shows_verdict_evidence_charts_table_and_incidents(client):
    make_probes(minutes=90, failing_from=3)
    make_incident()
    make_incident(
        external_id="incident-0",
        title="Vertex Gemini API latency",
        state=OfficialIncident.State.RESOLVED,
        ended_at=timezone.now() - timedelta(days=2),
    )
    FeedFetch.objects.create(url="http://127.0.0.1:1/feed.atom", last_attempt_at=timezone.now(), last_error="HTTP 503")

    response = client.get("/status/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<script" not in html.split("</head>")[1]  # the page needs no JavaScript of its own
    assert f">{PROBED}</h3>" in html
    assert "state--outage" in html
    assert "Google reports an open incident" in html
    # Two SVG charts, each named and described for assistive technology, and the same numbers as a table.
    assert html.count('role="img"') == 2
    assert html.count("<title id=") == 2 and html.count("<desc id=") == 2
    assert "<polyline" in html and 'class="chart__bar"' in html
    assert "The charts&#x27; numbers as a table" in html or "The charts' numbers as a table" in html
    assert "<table" in html and "Median latency" in html
    # Open and recent incidents with their links; a failing feed says so.
    assert 'href="https://status.example.test/incidents/1"' in html
    assert "Vertex Gemini API latency" in html
    assert "last read failed (HTTP 503)" in html


def test_status_page_renders_with_nothing_recorded(client):
    response = client.get("/status/")
    assert response.status_code == 200
    assert "No open incident concerns the Gemini API" in response.content.decode()


def test_api_status_is_json_with_one_verdict_per_model(client):
    make_probes(minutes=5)

    body = client.get("/api/status").json()

    assert body["overall"] == "operational"
    [model] = body["models"]
    assert model["model_id"] == PROBED and model["state"] == "operational"
    assert model["latest_probe"]["outcome"] == "ok" and model["latest_probe"]["http_status"] == 200
    assert any("Our probes pass" in line for line in model["evidence"])
    assert body["incidents"] == [] and body["feeds"] == []


def test_the_latest_probe_per_model_is_fetched_alone(settings, django_assert_num_queries):
    settings.PROBE_MODELS = [PROBED, "gemini-3.8-flash", "gemini-quiet"]
    make_probes(minutes=90)  # newest first: the newest probe has the lowest id
    now = timezone.now().replace(second=0, microsecond=0)
    for age in (30, 3, 12):
        ProbeResult.objects.create(
            model_id="gemini-3.8-flash", minute=now - timedelta(minutes=age), outcome="ok", latency_ms=age
        )
    ProbeResult.objects.create(model_id="gemini-quiet", minute=now - timedelta(days=2), outcome="ok", latency_ms=1)

    with CaptureQueriesContext(connection) as queries, django_assert_num_queries(1):
        latest = latest_probes(settings.PROBE_MODELS, now=now)

    assert {model: row.minute for model, row in latest.items()} == {
        PROBED: now,
        "gemini-3.8-flash": now - timedelta(minutes=3),
    }
    # The database hands over those two rows, not the day's 93.
    with connection.cursor() as cursor:
        cursor.execute(queries[0]["sql"])
        assert len(cursor.fetchall()) == 2


def test_api_status_is_in_the_openapi_document(client):
    document = client.get("/api/openapi.json").json()
    assert "get" in document["paths"]["/api/status"]


def test_atom_feed_lists_our_verdict_changes(client):
    VerdictChange.objects.create(
        model_id=PROBED,
        state_before="operational",
        state_after="outage",
        at=timezone.now(),
        evidence="Our last 3 probes failed: service-unavailable (HTTP 503, 40 ms).",
    )

    response = client.get("/status/feed.atom")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    [entry] = feed.findall("atom:entry", ns)
    assert entry.findtext("atom:title", namespaces=ns) == f"{PROBED}: Outage (was operational)"
    assert "service-unavailable" in (entry.findtext("atom:summary", namespaces=ns) or "")
