""" "Did this fix it?": under every answer, counted per entry and KB version, the note redacted and
capped, rate-limited per client, and nothing kept about the person who answered."""

from __future__ import annotations

import html
import re

import pytest
from django.core import signing

from errors_kb.snapshot import current_snapshot
from feedback.forms import AnswerShown, FeedbackForm, about_token
from feedback.models import NOTE_MAX_CHARS, Feedback, entry_scores
from feedback.services import RATE_LIMITED, THANKS, THANKS_NO, Outcome, record_feedback
from paste.services import classify_paste
from paste.share import share_token
from tests.pastes import QUOTA_PER_MINUTE_PASTE

HX = {"HX-Request": "true"}
KEY = "AIzaSyD-1234567890abcdefghijklmnopqrstu"


def about_in(page: str) -> str:
    found = re.search(r'<input type="hidden" name="about" value="([^"]+)">', page)
    assert found, "the page asks whether the fix worked"
    return html.unescape(found.group(1))


def answer(client, about: str, fixed: str, note: str = "", **headers: str):
    return client.post("/feedback/", {"about": about, "fixed": fixed, "note": note}, headers=headers)


@pytest.fixture
def about(synced_kb) -> str:
    return about_token(AnswerShown(entry_slug="quota-per-minute", kb_version=current_snapshot().version))


# Under every answer ------------------------------------------------------------------------------


def test_the_paste_answer_asks_and_names_its_entry_and_kb_version(synced_kb, client):
    page = client.post("/", {"text": QUOTA_PER_MINUTE_PASTE}).content.decode()

    token = about_in(page)
    assert signing.Signer(salt="feedback.about").unsign_object(token) == [
        "quota-per-minute",
        current_snapshot().version,
    ]
    assert "Did this fix it?" in page and 'action="/feedback/"' in page and 'hx-post="/feedback/"' in page


def test_the_shared_answer_asks_about_the_kb_version_that_made_it(synced_kb, client):
    token = share_token(classify_paste(QUOTA_PER_MINUTE_PASTE), kb_version="an-older-version")

    page = client.get(f"/answer/{token}/").content.decode()

    assert signing.Signer(salt="feedback.about").unsign_object(about_in(page)) == [
        "quota-per-minute",
        "an-older-version",
    ]


def test_the_key_check_answer_asks_about_its_entry(client, site_uses_emulator):
    data = {"api_key": "AQ.fake-quota", "sdk": "google-genai", "model": "gemini-3.5-flash"}
    page = client.post("/key/", data, headers=HX).content.decode()

    slug, version = signing.Signer(salt="feedback.about").unsign_object(about_in(page))
    assert slug == "quota-per-minute" and version == current_snapshot().version


def test_no_answer_no_question(synced_kb, client):
    assert "Did this fix it?" not in client.post("/", {"text": "all good"}).content.decode()


# Counting ----------------------------------------------------------------------------------------


def test_yes_is_counted_for_the_entry_and_kb_version(about, client):
    response = answer(client, about, "yes", note="ignored with a yes")

    assert response.status_code == 200 and "<html" in response.content.decode()
    assert THANKS in response.content.decode()
    saved = Feedback.objects.get()
    assert (saved.entry_slug, saved.kb_version, saved.fixed, saved.note) == (
        "quota-per-minute",
        current_snapshot().version,
        True,
        "",
    )
    assert 'href="/errors/quota-per-minute/"' in response.content.decode(), "the way back without JavaScript"


def test_no_keeps_the_note_redacted_and_capped(about, client):
    answer(client, about, "no", note=f"still 429 with key {KEY} " + "x" * 2000)

    saved = Feedback.objects.get()
    assert saved.fixed is False
    assert KEY not in saved.note and "AIzaSy" not in saved.note
    assert saved.note.startswith("still 429 with key ") and len(saved.note) <= NOTE_MAX_CHARS


def test_with_htmx_the_block_is_swapped_for_a_thank_you(about, client):
    response = answer(client, about, "no", **HX)

    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert 'id="feedback"' in page and 'role="status"' in page
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize(
    ("about_value", "fixed"),
    [("tampered", "yes"), (signing.Signer(salt="paste.share").sign_object(["quota-per-minute", "v"]), "yes")],
)
def test_a_form_we_did_not_sign_is_refused_and_nothing_counted(synced_kb, client, about_value, fixed):
    response = answer(client, about_value, fixed)

    assert response.status_code == 400 and "out of date" in response.content.decode()
    assert answer(client, about_value, fixed, **HX).status_code == 200, "htmx swaps the message in"
    assert not Feedback.objects.exists()


def test_a_choice_other_than_yes_or_no_is_refused(about, client):
    assert answer(client, about, "maybe").status_code == 400
    assert not Feedback.objects.exists()


def test_only_post(client):
    assert client.get("/feedback/").status_code == 405


def test_answers_are_rate_limited_per_client(about, client, settings):
    settings.FEEDBACK_RATE_LIMIT_PER_MINUTE = 2
    assert [answer(client, about, "yes").status_code for _ in range(3)] == [200, 200, 429]
    refused = answer(client, about, "yes", **HX)

    assert refused.status_code == 200 and RATE_LIMITED in refused.content.decode()
    assert Feedback.objects.count() == 2
    other_client = client.post("/feedback/", {"about": about, "fixed": "yes"}, REMOTE_ADDR="203.0.113.9")
    assert other_client.status_code == 200, "another address has its own budget"


def test_the_service_counts_a_valid_answer_within_the_clients_budget_only(about, settings):
    settings.FEEDBACK_RATE_LIMIT_PER_MINUTE = 1
    form = FeedbackForm({"about": about, "fixed": "no", "note": "still failing"})

    counted = record_feedback(form, client="198.51.100.4")
    over_budget = record_feedback(FeedbackForm({"about": about, "fixed": "no"}), client="198.51.100.4")
    unsigned = record_feedback(FeedbackForm({"about": "tampered", "fixed": "no"}), client="198.51.100.5")

    assert counted == Outcome(THANKS_NO, status=200, answer=form.cleaned_data["about"], counted=True)
    assert over_budget == Outcome(RATE_LIMITED, status=429)
    assert unsigned.status == 400 and "out of date" in unsigned.message
    assert list(Feedback.objects.values_list("note", flat=True)) == ["still failing"]


def test_nothing_about_the_person_is_kept():
    assert {field.name for field in Feedback._meta.get_fields()} == {
        "id",
        "entry_slug",
        "kb_version",
        "fixed",
        "note",
        "created",
    }


def test_scores_per_entry_highest_no_rate_first(synced_kb):
    for slug, fixed in [
        ("a", True),
        ("a", False),
        ("b", False),
        ("b", False),
        ("c", True),
        ("quota-per-minute", False),
    ]:
        Feedback.objects.create(entry_slug=slug, kb_version="v1", fixed=fixed)
    Feedback.objects.create(entry_slug="c", kb_version="v2", fixed=False)

    scores = entry_scores(Feedback.objects.all())

    assert [(s.slug, s.yes, s.no) for s in scores] == [
        ("b", 0, 2),
        ("quota-per-minute", 0, 1),
        ("a", 1, 1),
        ("c", 1, 1),
    ]
    assert scores[0].no_percent == 100 and scores[2].no_percent == 50
    assert scores[1].title.startswith("Per-minute quota") and scores[0].title == ""
    assert [(s.slug, s.no) for s in entry_scores(Feedback.objects.filter(kb_version="v2"))] == [("c", 1)]


# The admin ---------------------------------------------------------------------------------------


def test_admin_lists_entries_by_no_rate_with_their_counts(admin_client, synced_kb):
    for slug, fixed in [("quota-per-minute", True), ("quota-per-minute", False), ("api-key-invalid", False)]:
        Feedback.objects.create(entry_slug=slug, kb_version="v1", fixed=fixed, note="still failing")

    page = admin_client.get("/admin/feedback/feedback/").content.decode()

    assert "By entry, highest no-rate first" in page
    table = page[page.index('class="feedback-scores"') :]
    assert table.index("api-key-invalid") < table.index("quota-per-minute")
    rows = re.findall(r"<tr>\s*<td>.*?<code>([\w-]+)</code></td>\s*<td>(\d+)</td>\s*<td>(\d+)</td>", table, re.S)
    assert rows == [("api-key-invalid", "0", "1"), ("quota-per-minute", "1", "1")]
    assert "still failing" in page, "every answer is listed below"


def test_admin_filters_narrow_the_scores(admin_client, synced_kb):
    Feedback.objects.create(entry_slug="quota-per-minute", kb_version="v1", fixed=False)
    Feedback.objects.create(entry_slug="api-key-invalid", kb_version="v2", fixed=False)

    page = admin_client.get("/admin/feedback/feedback/", {"kb_version": "v2"}).content.decode()

    table = page[page.index('class="feedback-scores"') : page.index("Every answer")]
    assert "api-key-invalid" in table and "quota-per-minute" not in table


def test_admin_cannot_add_or_edit_answers(admin_client, synced_kb):
    saved = Feedback.objects.create(entry_slug="quota-per-minute", kb_version="v1", fixed=True)

    assert admin_client.get("/admin/feedback/feedback/add/").status_code == 403
    response = admin_client.post(f"/admin/feedback/feedback/{saved.pk}/change/", {"fixed": "off"})
    assert response.status_code == 403
    assert Feedback.objects.get().fixed is True


def test_the_admin_needs_staff(client, synced_kb):
    response = client.get("/admin/feedback/feedback/")

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
