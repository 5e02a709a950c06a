"""The status line above the fix on a paste answer: "it's not just you" when the signals say so,
"Gemini looks healthy" when they say that, nothing when the paste is not that kind of failure or
we have no evidence either way."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from classifier import Facts
from status.models import Elevation, FeedFetch, ProbeResult
from status.services import status_line_for

from .conftest import PROBED
from .test_detector import SERVER_ERROR_PASTE

pytestmark = pytest.mark.django_db

BAD_REQUEST_PASTE = (
    "google.genai.errors.ClientError: 400 INVALID_ARGUMENT. {'error': {'code': 400, 'message': "
    "'* GenerateContentRequest.contents: contents is not specified\\n', 'status': 'INVALID_ARGUMENT'}}"
)


def probe(*, failing: bool, minutes_ago: int = 1) -> None:
    ProbeResult.objects.create(
        model_id=PROBED,
        minute=timezone.now().replace(second=0, microsecond=0) - timedelta(minutes=minutes_ago),
        outcome="service-unavailable" if failing else "ok",
        service_failure=failing,
        http_status=503 if failing else 200,
        latency_ms=250,
    )


def elevated(*, ratio: float = 9.0, expected: float = 2.0, recent: int = 18) -> None:
    Elevation.objects.create(
        model_id=PROBED,
        kind="5xx",
        active=True,
        since=timezone.now(),
        checked_at=timezone.now(),
        recent_count=recent,
        expected_count=expected,
        ratio=ratio,
        top_code=503,
    )


def answer(client, text: str) -> str:
    response = client.post("/", {"text": text})
    assert response.status_code == 200
    return response.content.decode()


def test_elevated_reports_with_failing_probes_say_it_is_not_just_you(client, synced_kb):
    elevated()
    probe(failing=True)

    html = answer(client, SERVER_ERROR_PASTE)

    assert (
        "It&#x27;s not just you: 503s from gemini-3.5-flash are 9x normal in the last 15 minutes "
        "(our probes agree)." in html
    )
    assert 'class="status-line status-line--problem"' in html
    assert 'href="/status/"' in html
    # Above the fix.
    assert html.index("status-line--problem") < html.index('class="prose fix"')


def test_healthy_signals_say_the_cause_is_most_likely_on_your_side(client, synced_kb):
    probe(failing=False)

    html = answer(client, SERVER_ERROR_PASTE)

    assert "Gemini looks healthy right now: the cause is most likely on your side." in html
    assert 'class="status-line status-line--healthy"' in html


def test_an_outage_seen_by_probes_alone_is_said_too(client, synced_kb):
    for minutes_ago in (1, 2, 3):
        probe(failing=True, minutes_ago=minutes_ago)

    html = answer(client, SERVER_ERROR_PASTE)

    assert "It&#x27;s not just you: gemini-3.5-flash has an outage right now. Our last 3 probes failed" in html


def test_a_400_answer_gets_no_status_line(client, synced_kb):
    probe(failing=False)
    assert "status-line" not in answer(client, BAD_REQUEST_PASTE)


def test_no_evidence_either_way_means_no_line(client, synced_kb):
    assert "status-line" not in answer(client, SERVER_ERROR_PASTE)


@pytest.mark.parametrize(
    "facts",
    [
        {"http_code": 429},
        {"http_code": 499},
        {"http_code": 504},
        {"http_code": None, "api_status": "DEADLINE_EXCEEDED"},
        {"http_code": None, "api_status": "CANCELLED"},
    ],
)
def test_429_499_and_timeouts_get_the_line(facts):
    FeedFetch.objects.create(
        url="http://127.0.0.1:1/feed.atom", last_attempt_at=timezone.now(), last_ok_at=timezone.now()
    )
    line = status_line_for(Facts(**facts))
    assert line is not None and line.tone == "healthy"


def test_reports_with_no_history_are_said_as_numbers_not_a_ratio(synced_kb):
    elevated(ratio=12.0, expected=0.0, recent=12)
    line = status_line_for(Facts(http_code=503, model=PROBED))
    assert line is not None
    assert line.text == (
        "It's not just you: 12 reports of 503s from gemini-3.5-flash in the last 15 minutes, "
        "where we usually see almost none."
    )


@pytest.mark.parametrize(
    ("expected", "words"),
    [
        (2.0, "503s from gemini-3.5-flash are 9x normal in the last 15 minutes"),
        (0.2, "18 reports of 503s from gemini-3.5-flash in the last 15 minutes, where we usually see almost none"),
    ],
    ids=["against a baseline", "with almost no baseline"],
)
def test_the_status_page_and_the_status_line_describe_an_elevation_alike(client, synced_kb, expected, words):
    elevated(expected=expected)
    probe(failing=True)

    line = answer(client, SERVER_ERROR_PASTE)
    page = client.get("/status/").content.decode()

    assert f"It&#x27;s not just you: {words}" in line
    assert f"From our users: {words.replace(' from gemini-3.5-flash', '')}." in page
