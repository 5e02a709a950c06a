"""The paste box: one view for the full page (no JavaScript) and the htmx fragment, the answer it
shows, and what it does with bad input (empty, too large, HTML, API keys)."""

from __future__ import annotations

import html
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from classifier import Candidate, Classification, Facts, MatchedLine
from errors_kb import snapshot
from errors_kb.models import KnownError
from errors_kb.presenters import fact_rows
from paste.forms import EMPTY_PASTE_MESSAGE
from paste.presenters import highlight_spans, paste_lines
from paste.services import classify_paste
from paste.share import share_token
from paste.views import present_answer
from tests.pastes import QUOTA_PER_MINUTE_PASTE

HX = {"HX-Request": "true"}
URL = "/"


INVALID_KEY_LINE = (
    "google.genai.errors.ClientError: 400 INVALID_ARGUMENT. {'error': {'code': 400, 'message': "
    "'API key not valid. Please pass a valid API key.', 'status': 'INVALID_ARGUMENT', 'details': "
    "[{'@type': 'type.googleapis.com/google.rpc.ErrorInfo', 'reason': 'API_KEY_INVALID', 'domain': "
    "'googleapis.com', 'metadata': {'service': 'generativelanguage.googleapis.com'}}]}}"
)


def visible_text(page: str) -> str:
    """Roughly what a reader sees: inline tags dropped, other tags read as spaces, entities decoded."""
    page = re.sub(r"</?(?:a|code|mark|strong|em|span)\b[^>]*>", "", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def first_step_words(body: str) -> str:
    """The plain words that open step 1 of the fix in the Markdown source, e.g. "Copy the key again"."""
    step = re.search(r"^1\. (.+)$", body, re.MULTILINE)
    assert step, "the entry's fix has a step 1"
    words = re.split(r"[\[`*_<(]", step.group(1))[0].split()
    return " ".join(words[:4])


def post(client: Client, text: str, **headers: str):
    return client.post(URL, {"text": text}, headers=headers)


# One view, two shapes ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_home_page_is_the_paste_box_with_a_csrf_token_for_forms_and_htmx(client):
    response = client.get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" in page
    assert 'name="text"' in page and "<textarea" in page
    assert '<label class="field-label" for="id_text">' in page
    assert 'name="csrfmiddlewaretoken"' in page, "the form works without JavaScript"
    assert re.search(r"""hx-headers='\{"x-csrftoken": "[^"]+"\}'""", page), "htmx sends the token"
    assert 'hx-post="/"' in page and 'action="/#result"' in page, "without JavaScript the page scrolls to the answer"
    assert 'id="result"' in page and 'aria-live="polite"' in page


def test_paste_posted_with_htmx_gets_only_the_answer_fragment(synced_kb, client):
    response = post(client, INVALID_KEY_LINE, **HX)

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert KnownError.objects.get(slug="api-key-invalid").title in html.unescape(page)
    # The message slot beside the box is refreshed out of band (emptied here).
    assert 'id="paste-error-slot" hx-swap-oob="innerHTML"' in page
    assert "Vary" in response and "HX-Request" in response["Vary"]


def test_paste_posted_without_javascript_gets_the_full_page_with_the_answer(synced_kb, client):
    response = post(client, INVALID_KEY_LINE)

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" in page and "<textarea" in page
    assert KnownError.objects.get(slug="api-key-invalid").title in html.unescape(page)
    assert "hx-swap-oob" not in page


# The answer --------------------------------------------------------------------------------------


def test_per_minute_quota_paste_shows_its_entry_fix_code_facts_and_highlighted_line(synced_kb, client):
    response = post(client, QUOTA_PER_MINUTE_PASTE, **HX)

    page = response.content.decode()
    text = visible_text(page)
    permanent_link = re.search(r'<a href="/errors/([\w-]+)/">Permanent page', page)
    assert permanent_link, "the answer links to its entry's page"
    best = KnownError.objects.get(slug=permanent_link.group(1))
    assert best.category == "quota_exceeded" and "minute" in best.title.lower()
    assert "Best match" in text and "HTTP 429" in text and "RESOURCE_EXHAUSTED" in text
    assert re.search(r"\d+% confidence", text)
    assert best.cause.replace("`", "") in text
    assert first_step_words(best.body) in text, "the first step of the fix is shown"
    assert re.search(r"<ol>\s*<li>", page), "the fix is numbered steps"
    # The code for the SDK in the paste, with the other SDKs beside it.
    assert 'data-preferred="google-genai"' in page
    for label in ("google-genai", "google-generativeai", "REST (curl)"):
        assert label in text
    # The paste's own line, with the evidence highlighted.
    assert re.search(r"<mark>[^<]*PerMinute[^<]*</mark>", page)
    assert 'class="paste-line__no">6<' in page
    # What the paste says.
    assert "per minute" in text
    assert "Retry after 26 s" in text
    assert "gemini-2.5-flash" in text
    assert "google-genai (Python)" in text
    # A permalink to the entry's own page.
    assert f'href="/errors/{best.slug}/"' in page
    assert f"http://testserver/errors/{best.slug}/" in page


def test_paste_with_no_documented_error_gets_a_helpful_answer_not_a_blank(synced_kb, client):
    response = post(client, "Segmentation fault (core dumped)\nhello world", **HX)

    text = visible_text(response.content.decode())
    assert response.status_code == 200
    assert "No documented error matches this paste" in text
    assert "What to paste" in text and "Traceback (most recent call last)" in text
    assert "By HTTP code" in text
    assert 'href="/errors/?code=429"' in response.content.decode()
    assert 'action="/errors/"' in response.content.decode(), "a search box"


def test_unknown_model_name_gets_a_did_you_mean(synced_kb, client):
    paste = (
        "google.genai.errors.ClientError: 404 NOT_FOUND. {'error': {'code': 404, 'message': "
        "'models/gemini-2.5-flsh is not found for API version v1beta, or is not supported for generateContent. "
        "Call ListModels to see the list of available models and their supported methods.', 'status': 'NOT_FOUND'}}"
    )
    response = post(client, paste, **HX)

    text = visible_text(response.content.decode())
    suggestions = classify_paste(paste).facts.model_suggestions
    assert suggestions, "the model list has close IDs"
    assert "gemini-2.5-flsh" in text and "not a model ID we know" in text
    assert f"Did you mean {suggestions[0]}" in text


# Bad input ---------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["", "   \n\t  "])
@pytest.mark.parametrize("headers", [{}, HX], ids=["full-page", "htmx"])
def test_empty_paste_gets_a_message_beside_the_box(client, text, headers):
    response = post(client, text, **headers)

    page = response.content.decode()
    assert response.status_code == 200
    assert f'<p class="field-error" id="paste-error">{EMPTY_PASTE_MESSAGE}</p>' in page
    assert 'id="answer-title"' not in page
    if not headers:
        assert 'aria-invalid="true"' in page
        assert 'aria-describedby="id_text_helptext paste-error"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, HX], ids=["full-page", "htmx"])
def test_paste_one_byte_over_the_limit_gets_a_clear_message(client, headers):
    text = "x" * (settings.CLASSIFY_MAX_BYTES + 1)

    response = post(client, text, **headers)

    page = response.content.decode()
    limit_kb = settings.CLASSIFY_MAX_BYTES // 1024
    assert response.status_code == 200
    assert f"The paste is {limit_kb + 1:,} KB; the limit is {limit_kb:,} KB." in page
    assert 'id="answer-title"' not in page


@pytest.mark.django_db
def test_multibyte_paste_is_measured_in_bytes_not_characters(client, settings):
    settings.CLASSIFY_MAX_BYTES = 2048
    text = "é" * 1025  # 1025 characters, 2050 bytes

    response = post(client, text, **HX)

    assert "The paste is 3 KB; the limit is 2 KB." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, HX], ids=["full-page", "htmx"])
@pytest.mark.parametrize("multipart", [False, True], ids=["urlencoded", "multipart"])
def test_body_larger_than_django_reads_gets_the_friendly_message_not_a_400(settings, headers, multipart):
    # Lowered for speed; the same path runs for a real paste above DATA_UPLOAD_MAX_MEMORY_SIZE.
    settings.CLASSIFY_MAX_BYTES = 4 * 1024
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024
    # With CSRF enforced, as in production: the middleware must not be the one to read the body.
    client = Client(enforce_csrf_checks=True)
    token = client.get(URL).cookies[settings.CSRF_COOKIE_NAME].value
    data = {"csrfmiddlewaretoken": token, "text": "x" * (20 * 1024)}

    if multipart:
        response = client.post(URL, data, headers=headers)
    else:
        from urllib.parse import urlencode

        response = client.post(URL, urlencode(data), content_type="application/x-www-form-urlencoded", headers=headers)

    page = response.content.decode()
    assert response.status_code == 200
    assert "the limit is 4 KB" in page
    assert 'id="paste-error"' in page
    assert ("<html" in page) is (not headers)


@pytest.mark.django_db
def test_body_larger_than_the_real_upload_limit_gets_the_friendly_message(client):
    text = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = client.post(URL, {"text": text}, content_type="application/x-www-form-urlencoded", headers=HX)

    assert response.status_code == 200
    assert f"the limit is {settings.CLASSIFY_MAX_BYTES // 1024:,} KB" in response.content.decode()


@pytest.mark.django_db
def test_post_without_a_csrf_token_is_still_refused():
    client = Client(enforce_csrf_checks=True)

    response = client.post(URL, {"text": INVALID_KEY_LINE})

    assert response.status_code == 403


@pytest.mark.parametrize("headers", [{}, HX], ids=["full-page", "htmx"])
def test_html_and_script_in_a_paste_are_shown_as_text(synced_kb, client, headers):
    script = '<script>alert("pasted")</script><img src=x onerror=alert(1)>'
    paste = INVALID_KEY_LINE.replace("Please pass a valid API key.", f"Please pass a valid API key. {script}")

    response = post(client, paste, **headers)

    page = response.content.decode()
    assert 'id="answer-title"' in page, "the paste still classifies"
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;pasted&quot;)&lt;/script&gt;" in page


@pytest.mark.django_db
def test_html_in_a_paste_that_matches_nothing_is_shown_as_text_in_the_box(client):
    response = post(client, "</textarea><script>alert(1)</script>")

    page = response.content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("headers", [{}, HX], ids=["full-page", "htmx"])
def test_api_keys_in_a_paste_never_come_back_in_the_response(synced_kb, client, headers):
    standard_key = "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q"
    auth_key = "AQ.Ab8RN6KQ1xYz-example_auth_key.9fT2"
    paste = (
        "POST https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent"
        f"?key={standard_key}\n"
        f"x-goog-api-key: {auth_key}\n"
        f"client = genai.Client(api_key='{standard_key}')\n"
        + INVALID_KEY_LINE.replace("API key not valid.", f"API key not valid: {standard_key}.")
    )

    response = post(client, paste, **headers)

    page = response.content.decode()
    assert 'id="answer-title"' in page
    for key in (standard_key, auth_key, standard_key[:20], auth_key[:16]):
        assert key not in page
    assert "[REDACTED]" in page


# Presenters --------------------------------------------------------------------------------------


def test_highlight_wraps_spans_in_mark_and_escapes_every_piece():
    line = "<b>error</b>: API_KEY_INVALID & more"

    result = highlight_spans(line, [(14, 29)])

    assert result == "&lt;b&gt;error&lt;/b&gt;: <mark>API_KEY_INVALID</mark> &amp; more"


def test_highlight_ignores_overlapping_and_out_of_range_spans():
    highlighted = highlight_spans("abcdef", [(1, 3), (2, 4), (5, 99), (9, 12)])

    assert highlighted == "a<mark>bc</mark><mark>d</mark>e<mark>f</mark>"


def test_paste_lines_mark_where_lines_were_skipped():
    lines = paste_lines([MatchedLine(7, "b"), MatchedLine(3, "a"), MatchedLine(8, "c")])

    assert [(line.number, line.gap_before) for line in lines] == [(3, False), (7, True), (8, False)]


def test_facts_read_as_a_person_would_say_them():
    rows = fact_rows(
        Facts(
            model="gemini-1.5-pro",
            model_status="retired",
            model_shutdown_date="2025-09-24",
            model_suggestions=("gemini-2.5-pro",),
            http_code=429,
            api_status="RESOURCE_EXHAUSTED",
            quota_metric="generativelanguage.googleapis.com/generate_content_free_tier_requests",
            quota_id="GenerateRequestsPerDayPerProjectPerModel-FreeTier",
            quota_period="day",
            quota_value=250,
            retry_delay_seconds=3600.0,
            sdk="google-generativeai",
            clients=("google-generativeai", "langchain"),
        )
    )

    by_label = {row.label: row for row in rows}
    assert by_label["Model"].note == "retired (shut down 2025-09-24)"
    assert by_label["Model"].suggestions == ("gemini-2.5-pro",) and by_label["Model"].tone == "warning"
    assert by_label["Status"].value == "429 RESOURCE_EXHAUSTED"
    assert by_label["Quota"].note == "per day, limit 250"
    assert by_label["Quota ID"].value == "GenerateRequestsPerDayPerProjectPerModel-FreeTier"
    assert by_label["Retry after"].value == "3600 s (about 60 min)"
    assert by_label["Client"].note == "also seen: LangChain"


def test_facts_leave_out_what_the_paste_does_not_say():
    assert fact_rows(Facts(model=None, http_code=None, sdk=None, clients=())) == []


def _candidate(slug: str, confidence: float) -> Candidate:
    return Candidate(
        slug=slug, category="x", title=slug, http_code=None, api_status="", confidence=confidence,
        score=1.0, evidence=(), lines=(),
    )  # fmt: skip


def test_answer_skips_candidates_whose_entry_is_no_longer_published(synced_kb):
    entries = list(KnownError.objects.published()[:3])
    entries[0].published = False
    entries[0].save()
    result = Classification(
        matches=tuple(_candidate(e.slug, c) for e, c in zip(entries, (0.9, 0.5, 0.3), strict=True))
        + (_candidate("no-such-entry", 0.2),),
        facts=Facts(),
    )

    answer = present_answer(result)

    assert answer.best is not None and answer.best.error == entries[1] and answer.best.percent == 50
    assert [other.error for other in answer.others] == [entries[2]]
    assert [other.percent for other in answer.others] == [30]


@pytest.mark.django_db
def test_answer_with_no_candidate_offers_codes_to_browse(synced_kb):
    answer = present_answer(Classification(matches=(), facts=Facts()))

    assert answer.best is None
    codes = KnownError.objects.published().exclude(http_code=None).values_list("http_code", flat=True)
    assert answer.browse_codes == sorted({code for code in codes if code is not None})


def test_reverse_names_of_the_pages():
    assert reverse("errors_kb:classify") == "/"
    assert reverse("errors_kb:api-classify") == "/api/classify"


# Answers that say how sure they are and never contradict themselves ------------------------------

GENERIC_403 = (
    "google.genai.errors.ClientError: 403 PERMISSION_DENIED. {'error': {'code': 403, 'message': "
    "'The caller does not have permission to use <b>x</b>.', 'status': 'PERMISSION_DENIED'}}"
)


def test_a_generic_answer_says_it_knows_the_status_and_shows_the_servers_message(synced_kb, client):
    page = post(client, GENERIC_403, **HX).content.decode()
    text = visible_text(page)
    assert 'href="/errors/permission-denied/"' in page
    assert "We recognise the status, not the exact cause." in text
    assert '<div class="paste-excerpt server-message"><pre><code>The caller does not have permission to use' in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    # Shown above the fix, not again among the facts.
    assert "<dt>Message</dt>" not in page


def test_a_specific_answer_does_not_say_it_is_generic(synced_kb, client):
    page = post(client, QUOTA_PER_MINUTE_PASTE, **HX).content.decode()
    assert "We recognise the status, not the exact cause" not in page
    assert "badge--possible" not in page.split("Other possible matches")[0]


def test_a_possible_match_looks_different_from_a_confident_one(synced_kb, client):
    page = post(client, "google.api_core.exceptions.DeadlineExceeded: 504 Deadline Exceeded", **HX).content.decode()
    text = visible_text(page)
    assert 'href="/errors/deadline-exceeded/"' in page
    assert 'class="badge badge--confidence badge--possible"' in page
    assert "Possible match" in text and "possible match," in text
    assert "Best match" not in text


def test_facts_never_tell_to_retry_when_the_fix_says_not_to():
    base = Facts(http_code=429, quota_id="GenerateRequestsPerDayPerProjectPerModel-FreeTier", quota_period="day",
                 retry_delay_seconds=41.0)  # fmt: skip
    after_reset = {row.label: row for row in fact_rows(base, retry="after-reset")}
    assert "Retry after" not in after_reset
    assert after_reset["Retry"].value == "after the daily reset, at midnight Pacific time"
    assert after_reset["Retry"].note == "waiting the 41 s in the error will not help"
    never = {row.label: row for row in fact_rows(Facts(http_code=429, retry_delay_seconds=41.0), retry="no")}
    assert "Retry after" not in never and never["Retry"].value == "only after fixing the cause"
    waiting_helps = {row.label: row for row in fact_rows(Facts(retry_delay_seconds=41.0), retry="yes")}
    assert waiting_helps["Retry after"].value == "41 s"
    assert {row.label: row for row in fact_rows(base)}["Resets"].value == "at midnight Pacific time"


@pytest.mark.parametrize(
    ("facts", "note", "tone"),
    [
        (Facts(model="gemini-2.5-pro", model_status="unconfirmed", model_shutdown_date="2026-06-17",
               model_shutdown_latest="2026-12-01", model_served=True),
         "our model list gives its shutdown as between 2026-06-17 and 2026-12-01, but your paste shows Google "
         "serving it", ""),
        (Facts(model="gemini-2.5-pro", model_status="unconfirmed", model_shutdown_date="2026-06-17",
               model_shutdown_latest="2026-12-01"),
         "status unconfirmed: our sources put its shutdown between 2026-06-17 and 2026-12-01", "warning"),
        (Facts(model="gemini-x", model_status="scheduled", model_shutdown_date="2027-01-15"),
         "scheduled for retirement (2027-01-15)", ""),
        (Facts(model="gemini-3.1-flash-lite", model_status="current", model_shutdown_date="2027-05-07"),
         "current model; shutdown planned 2027-05-07", ""),
    ],
)  # fmt: skip
def test_a_model_reads_retired_only_when_it_is(facts, note, tone):
    (row,) = fact_rows(facts)
    assert (row.note, row.tone) == (note, tone)


def test_the_servers_message_is_a_fact_of_a_specific_answer(synced_kb):
    rows = present_answer(classify_paste(INVALID_KEY_LINE)).facts
    assert any(row.label == "Message" and row.value.startswith("API key not valid.") for row in rows)


RAW_INVALID_KEY_BODY = """{
  "error": {
    "code": 400,
    "message": "API key not valid. Please pass a valid API key.",
    "status": "INVALID_ARGUMENT",
    "details": [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "API_KEY_INVALID",
        "domain": "googleapis.com",
        "metadata": {"service": "generativelanguage.googleapis.com"}
      }
    ]
  }
}"""
LEGACY_JS_INVALID_KEY = (
    "[GoogleGenerativeAI Error]: Error fetching from https://generativelanguage.googleapis.com/v1beta/models/"
    "gemini-2.5-flash:generateContent: [400 Bad Request] API key not valid. Please pass a valid API key. "
    '[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]'
)


@pytest.mark.parametrize(
    ("paste", "tab"),
    [(RAW_INVALID_KEY_BODY, "rest"), (LEGACY_JS_INVALID_KEY, "javascript-legacy"), (INVALID_KEY_LINE, "google-genai")],
)
def test_the_code_tab_of_the_pastes_own_client_opens_first(synced_kb, client, paste, tab):
    page = post(client, paste, **HX).content.decode()
    assert re.search(r'<a href="/errors/api-key-invalid/">Permanent page', page)
    assert f'data-preferred="{tab}"' in page


def test_the_help_text_names_the_retention_period_as_set_now(client, settings):
    settings.SHARED_PASTE_RETENTION_DAYS = 7

    page = visible_text(client.get(URL).content.decode())

    assert "keys and tokens removed, for 7 days, and nothing about you" in page


# One KB version per answer --------------------------------------------------------------------------


@pytest.fixture
def kb_reads(monkeypatch) -> list[str]:
    """The KB versions read while the test runs: every current_snapshot() asks kb_version() once."""
    reads: list[str] = []
    real = snapshot.kb_version

    def counted() -> str:
        reads.append(real())
        return reads[-1]

    monkeypatch.setattr(snapshot, "kb_version", counted)
    return reads


@pytest.mark.parametrize("headers", [{}, HX], ids=["full-page", "htmx"])
def test_a_paste_reads_the_kb_once_so_an_edit_cannot_split_its_answer(synced_kb, client, kb_reads, headers):
    response = post(client, INVALID_KEY_LINE, **headers)

    assert response.status_code == 200
    assert KnownError.objects.get(slug="api-key-invalid").title in html.unescape(response.content.decode())
    assert len(kb_reads) == 1, "the entries shown and the version they are counted against come from one snapshot"


def test_a_shared_answer_reads_the_kb_once(synced_kb, client, kb_reads):
    token = share_token(classify_paste(INVALID_KEY_LINE), kb_version=snapshot.current_snapshot().version)
    kb_reads.clear()

    response = client.get(reverse("errors_kb:answer", args=[token]))

    assert response.status_code == 200
    assert len(kb_reads) == 1
