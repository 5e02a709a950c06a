"""Every secret shape, through every output that shows a paste: the JSON answer, the page without
JavaScript, the htmx partial, the text box echoed back, the share link, and Django's error
reports (the debug 500 page and the mail to ADMINS). The secret's middle never appears."""

from __future__ import annotations

import html
import json
import logging
import re
import sys

import pytest
from django.core import mail, signing
from django.test import Client, RequestFactory
from django.utils.log import AdminEmailHandler
from django.views.debug import technical_500_response

from paste.forms import PasteForm
from tests.secret_pastes import ACCESS_TOKEN, AUTH_KEY, GOOGLE_KEY, OPAQUE, SECRET_CASES, SecretCase, leaked

INVALID_KEY_LINE = (
    "google.genai.errors.ClientError: 400 INVALID_ARGUMENT. {'error': {'code': 400, 'message': "
    "'API key not valid. Please pass a valid API key.', 'status': 'INVALID_ARGUMENT', 'details': "
    "[{'@type': 'type.googleapis.com/google.rpc.ErrorInfo', 'reason': 'API_KEY_INVALID', 'domain': "
    "'googleapis.com', 'metadata': {'service': 'generativelanguage.googleapis.com'}}]}}"
)
CASES = pytest.mark.parametrize("case", SECRET_CASES, ids=lambda case: case.label)


def paste_of(case: SecretCase) -> str:
    # The error on the secret's (last) line, so that the line shown as evidence holds the secret.
    return f"{case.text} {INVALID_KEY_LINE}"


def assert_not_shown(case: SecretCase, output: str) -> None:
    for form in (output, html.unescape(output)):
        assert leaked(case, form) is None, f"{case.label}: {leaked(case, form)!r} shown"


def share_payloads(page: str) -> list[str]:
    """What the page's share links carry, signed and compressed: read back as JSON."""
    tokens = re.findall(r'/answer/([^/"]+)/', page)
    if not tokens:
        return []
    from paste.share import SALT  # only a page with share links needs their salt

    return [json.dumps(signing.Signer(salt=SALT).unsign_object(token)) for token in tokens]


@CASES
@pytest.mark.django_db
def test_the_json_answer_never_shows_the_secret(client: Client, case: SecretCase) -> None:
    response = client.post("/api/classify", {"text": paste_of(case)}, content_type="application/json")

    assert response.status_code == 200
    answer = response.json()
    assert answer["matches"][0]["slug"] == "api-key-invalid"
    assert_not_shown(case, response.content.decode())
    assert_not_shown(case, json.dumps(answer, ensure_ascii=False))


@CASES
@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["page-without-js", "htmx-partial"])
@pytest.mark.django_db
def test_the_page_and_the_partial_never_show_the_secret(client: Client, case: SecretCase, headers) -> None:
    response = client.post("/", {"text": paste_of(case)}, headers=headers)

    page = response.content.decode()
    assert 'id="answer-title"' in page
    assert_not_shown(case, page)
    for payload in share_payloads(page):
        assert_not_shown(case, payload)


@CASES
def test_the_text_box_echoes_the_paste_redacted(case: SecretCase) -> None:
    form = PasteForm(data={"text": paste_of(case)})

    box = str(form["text"])

    assert "API_KEY_INVALID" in html.unescape(box) and "[REDACTED]" in box
    assert_not_shown(case, box)


@pytest.mark.django_db
def test_the_page_that_refuses_a_paste_echoes_it_redacted(client: Client, settings) -> None:
    settings.CLASSIFY_MAX_BYTES = 200
    case = SecretCase("too large", f"key={GOOGLE_KEY} " + "x" * 300, GOOGLE_KEY)

    page = client.post("/", {"text": case.text}).content.decode()

    assert "the limit is" in page
    assert_not_shown(case, page)


# Django's error reports ---------------------------------------------------------------------------

REPORT_SECRETS = (
    SecretCase("key in the query", "", GOOGLE_KEY),
    SecretCase("key in the JSON body", "", AUTH_KEY),
    SecretCase("token in a header", "", ACCESS_TOKEN),
    SecretCase("value in the cause", "", OPAQUE),
)


def _read_json_and_fail(request) -> None:
    """A JSON reader that fails with the body, the key and a paste in its frame's locals."""
    raw = request.body
    parsed = json.loads(raw)
    key = parsed["key"]
    # Longer than the 4 KB Django prints of a variable, the key across the cut.
    paste = "x" * 4075 + GOOGLE_KEY
    try:
        raise KeyError(f"password={OPAQUE}")
    except KeyError as cause:
        raise ValueError(f"cannot check {key} for {raw!r} ({len(paste)} bytes)") from cause


def _report_request(accept: str):
    return RequestFactory().post(
        f"/api/key-check?key={GOOGLE_KEY}&alt=sse",
        data=json.dumps({"key": AUTH_KEY, "text": f"x-goog-api-key: {AUTH_KEY}"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {ACCESS_TOKEN}", "Accept": accept, "Referer": f"/?key={GOOGLE_KEY}"},
    )


def _raise_for(request):
    try:
        _read_json_and_fail(request)
    except ValueError:
        return sys.exc_info()
    raise AssertionError("the reader must fail")


@pytest.mark.parametrize("accept", ["text/html", "text/plain"])
def test_the_debug_500_page_never_shows_a_key(settings, accept: str) -> None:
    settings.DEBUG = True
    request = _report_request(accept)

    response = technical_500_response(request, *_raise_for(request))

    report = response.content.decode()
    assert "_read_json_and_fail" in report and "[REDACTED]" in report
    for case in REPORT_SECRETS:
        assert_not_shown(case, report)


@pytest.mark.django_db
def test_the_debug_500_page_never_shows_a_pasted_key(settings) -> None:
    settings.DEBUG = True
    request = RequestFactory().post("/", {"text": f"api_key={OPAQUE} {INVALID_KEY_LINE}"})

    try:
        raise RuntimeError("the view failed")
    except RuntimeError:
        report = technical_500_response(request, *sys.exc_info()).content.decode()

    assert "INVALID_ARGUMENT" in report
    assert_not_shown(SecretCase("pasted", "", OPAQUE), report)


def test_the_error_mail_never_shows_a_key(settings) -> None:
    settings.ADMINS = [("Admin", "admin@example.com")]
    request = _report_request("text/html")
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error", (), None)
    record.exc_info = _raise_for(request)
    record.request = request

    AdminEmailHandler(include_html=True).emit(record)

    (message,) = mail.outbox
    assert isinstance(message, mail.EmailMultiAlternatives)
    (page, _), *_ = message.alternatives
    for text in (str(message.body), str(page)):
        assert "_read_json_and_fail" in text
        for case in REPORT_SECRETS:
            assert_not_shown(case, text)
