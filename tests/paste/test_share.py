"""A shareable answer: the token round trip, what happens to a tampered or outdated link, that no
paste is stored, and the address htmx pushes so that Back and Forward work."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest
from django.apps import apps
from django.core import signing
from django.db import connection

from classifier import Facts
from errors_kb.models import KnownError
from errors_kb.snapshot import current_snapshot, kb_version
from paste.services import classify_paste
from paste.share import (
    DAMAGED_MESSAGE,
    MAX_LINE_CHARS,
    OUTDATED_MESSAGE,
    SALT,
    DamagedLink,
    OutdatedLink,
    read_share_token,
    share_token,
)
from tests.pastes import KEY_PASTE, QUOTA_PER_MINUTE_PASTE

HX = {"HX-Request": "true"}
# A bare status, which only a generic entry names.
GENERIC_PASTE = (
    "google.genai.errors.ClientError: 400 INVALID_ARGUMENT. {'error': {'code': 400, 'status': 'INVALID_ARGUMENT'}}"
)
ANSWER_LINK = re.compile(r'href="(/answer/[^/"]+/)"')


def shared(token: str):
    snapshot = current_snapshot()
    return read_share_token(token, kb_version=snapshot.version, entries=snapshot.entries)


def answer_link(page: str) -> str:
    found = ANSWER_LINK.search(page)
    assert found, "the answer links to its own address"
    return html.unescape(found.group(1))


# The token ---------------------------------------------------------------------------------------


def test_token_round_trip_gives_back_the_answer_as_the_engine_made_it(synced_kb):
    result = classify_paste(QUOTA_PER_MINUTE_PASTE)
    assert result.best

    answer = shared(share_token(result, kb_version=current_snapshot().version))

    rebuilt = answer.classification
    assert [c.slug for c in rebuilt.matches] == [c.slug for c in result.matches]
    assert [c.confidence for c in rebuilt.matches] == pytest.approx([c.confidence for c in result.matches], abs=1e-3)
    assert rebuilt.facts == result.facts
    assert rebuilt.best and rebuilt.best.lines == result.best.lines
    assert rebuilt.best.evidence == result.best.evidence
    assert (rebuilt.best.title, rebuilt.best.http_code) == (result.best.title, result.best.http_code)
    assert answer.kb_changed is False


@pytest.mark.parametrize("paste", [QUOTA_PER_MINUTE_PASTE, KEY_PASTE, GENERIC_PASTE])
def test_rebuilt_candidates_are_the_engines_but_for_the_raw_score(synced_kb, paste):
    result = classify_paste(paste)
    assert result.matches

    rebuilt = shared(share_token(result, kb_version=current_snapshot().version)).classification

    expected = [
        dataclasses.replace(
            candidate,
            score=0.0,
            confidence=round(candidate.confidence, 3),
            # Only the best answer shows its lines and evidence.
            evidence=candidate.evidence if index == 0 else (),
            lines=candidate.lines if index == 0 else (),
        )
        for index, candidate in enumerate(result.matches)
    ]
    assert list(rebuilt.matches) == expected


def test_token_is_compact_and_the_same_for_the_same_answer(synced_kb):
    result = classify_paste(QUOTA_PER_MINUTE_PASTE)
    version = current_snapshot().version

    token = share_token(result, kb_version=version)

    assert token == share_token(result, kb_version=version), "no timestamp: one answer, one address"
    assert len(token) < 2000
    assert "RESOURCE_EXHAUSTED" not in token, "compressed, not the paste in clear"


def test_token_holds_no_secret_of_the_paste(synced_kb):
    result = classify_paste(KEY_PASTE)

    rebuilt = shared(share_token(result, kb_version=current_snapshot().version)).classification

    assert "AIzaSy" not in repr(rebuilt)
    assert "AIzaSy" not in signing.Signer(salt=SALT).unsign_object(share_token(result, kb_version="v")).__repr__()


def test_long_lines_are_cut_and_their_highlights_kept_inside(synced_kb):
    padding = "x" * (MAX_LINE_CHARS * 2)
    result = classify_paste(QUOTA_PER_MINUTE_PASTE.replace("Traceback", padding + " Traceback"))

    rebuilt = shared(share_token(result, kb_version=current_snapshot().version)).classification

    assert rebuilt.best
    for line in rebuilt.best.lines:
        assert len(line.text) <= MAX_LINE_CHARS
        assert all(0 <= start < end <= len(line.text) for start, end in line.spans)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature
        lambda token: token.replace(":", "x:", 1),  # the payload
        lambda token: "garbage",
        lambda token: "",
    ],
)
def test_a_tampered_token_is_damaged(synced_kb, tamper):
    token = share_token(classify_paste(QUOTA_PER_MINUTE_PASTE), kb_version=current_snapshot().version)

    with pytest.raises(DamagedLink):
        shared(tamper(token))


def test_a_token_signed_for_something_else_is_damaged(synced_kb):
    with pytest.raises(DamagedLink):
        shared(signing.Signer(salt="feedback.about").sign_object({"v": "x", "m": [], "f": {}}))


def unpublish(slug: str, capture_on_commit) -> None:
    """An editor's change: a new KB version, without the entry."""
    entry = KnownError.objects.get(slug=slug)
    entry.published = False
    with capture_on_commit(execute=True):
        entry.save()


def test_a_token_naming_an_entry_the_kb_no_longer_has_is_outdated(synced_kb, django_capture_on_commit_callbacks):
    token = share_token(classify_paste(QUOTA_PER_MINUTE_PASTE), kb_version=current_snapshot().version)
    unpublish("quota-per-minute", django_capture_on_commit_callbacks)

    with pytest.raises(OutdatedLink):
        shared(token)


def test_a_token_of_an_older_shape_is_outdated(synced_kb):
    signer = signing.Signer(salt=SALT)
    with pytest.raises(OutdatedLink):
        shared(signer.sign_object({"v": "x", "m": [["quota-per-minute", 0.9]], "f": {"renamed_fact": 1}}))
    with pytest.raises(OutdatedLink):
        shared(signer.sign_object({"m": []}))


def test_a_token_from_an_older_kb_whose_entries_remain_is_shown_with_a_note(synced_kb):
    token = share_token(classify_paste(QUOTA_PER_MINUTE_PASTE), kb_version="an-older-version")

    answer = shared(token)

    assert answer.kb_changed is True and answer.kb_version == "an-older-version"
    assert answer.classification.best and answer.classification.best.slug == "quota-per-minute"


def test_facts_travel_whole(synced_kb):
    facts = Facts(http_code=429, api_status="RESOURCE_EXHAUSTED", clients=("google-genai", "langchain"))
    result = classify_paste(QUOTA_PER_MINUTE_PASTE)
    token = share_token(type(result)(matches=result.matches, facts=facts), kb_version="v")

    assert shared(token).classification.facts == facts


# The pages ---------------------------------------------------------------------------------------


def test_an_answer_without_javascript_links_to_its_own_address_and_that_page_shows_it(synced_kb, client):
    page = client.post("/", {"text": QUOTA_PER_MINUTE_PASTE}).content.decode()
    link = answer_link(page)

    response = client.get(link)

    shown = response.content.decode()
    assert response.status_code == 200 and "<html" in shown
    title = KnownError.objects.get(slug="quota-per-minute").title
    assert html.escape(title) in shown
    assert "GenerateRequestsPerMinutePerProjectPerModel" in shown, "the lines of the paste"
    assert "Retry after" in shown, "the facts"
    assert '<meta name="robots" content="noindex, follow">' in shown
    assert f'href="{link}"' in shown, "the shared page links to itself"
    box = re.search(r"<textarea[^>]*>(.*?)</textarea>", shown, re.S)
    assert box and not box.group(1).strip(), "an empty box for the next paste"


def test_the_shared_page_is_the_same_answer_as_the_paste_page(synced_kb, client):
    posted = client.post("/", {"text": QUOTA_PER_MINUTE_PASTE}, headers=HX).content.decode()
    link = answer_link(posted)

    again = client.get(link).content.decode()

    def article(page: str) -> str:
        found = re.search(r'<article class="answer".*?</article>', page, re.S)
        assert found
        return found.group(0)

    assert article(again) == article(posted)


def test_htmx_answer_pushes_its_address(synced_kb, client):
    response = client.post("/", {"text": QUOTA_PER_MINUTE_PASTE}, headers=HX)

    pushed = response["HX-Push-Url"]
    assert pushed.startswith("/answer/") and pushed == answer_link(response.content.decode())


def test_htmx_without_an_answer_pushes_the_paste_page_only_after_an_answer(synced_kb, client):
    first = client.post("/", {"text": "all good"}, headers=HX)
    assert "HX-Push-Url" not in first, "no answer shown, nothing to leave"

    after_answer = client.post(
        "/", {"text": "all good"}, headers={**HX, "HX-Current-URL": "http://testserver/answer/abc/"}
    )
    assert after_answer["HX-Push-Url"] == "/"


def test_plain_post_pushes_nothing(synced_kb, client):
    assert "HX-Push-Url" not in client.post("/", {"text": QUOTA_PER_MINUTE_PASTE})


def test_history_restore_of_an_answer_gets_the_whole_page(synced_kb, client):
    link = client.post("/", {"text": QUOTA_PER_MINUTE_PASTE}, headers=HX)["HX-Push-Url"]

    response = client.get(link, headers={**HX, "HX-History-Restore-Request": "true"})

    assert response.status_code == 200 and "<html" in response.content.decode()


def test_a_tampered_link_gets_a_clear_page_with_the_layout(synced_kb, client):
    link = client.post("/", {"text": QUOTA_PER_MINUTE_PASTE}, headers=HX)["HX-Push-Url"]

    response = client.get(link[:-3] + "AA/")

    page = response.content.decode()
    assert response.status_code == 400
    assert "<html" in page and "This link shows no answer" in page
    assert html.escape(DAMAGED_MESSAGE) in page
    assert 'name="text"' in page, "the paste box, to paste again"


def test_an_outdated_link_is_gone(synced_kb, client, django_capture_on_commit_callbacks):
    link = client.post("/", {"text": QUOTA_PER_MINUTE_PASTE}, headers=HX)["HX-Push-Url"]
    unpublish("quota-per-minute", django_capture_on_commit_callbacks)

    response = client.get(link)

    assert response.status_code == 410
    assert html.escape(OUTDATED_MESSAGE) in response.content.decode()


def test_a_link_from_an_older_kb_says_the_kb_changed(synced_kb, client):
    token = share_token(classify_paste(QUOTA_PER_MINUTE_PASTE), kb_version="an-older-version")

    page = client.get(f"/answer/{token}/").content.decode()

    assert "The knowledge base has been updated since this answer was made" in page


def test_answering_and_opening_a_link_store_nothing(synced_kb, client):
    kb_version()  # the first read after a KB change notes the version in the shared cache: not the paste
    counts = row_counts()
    with connection.execute_wrapper(refuse_writes):
        link = client.post("/", {"text": KEY_PASTE}, headers=HX)["HX-Push-Url"]
        page = client.get(link).content.decode()

    assert "AIzaSyD-1234567890" not in page
    assert counts == row_counts()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def refuse_writes(execute, sql, params, many, context):
    assert sql.lstrip().split()[0].upper() in {"SELECT", "SAVEPOINT", "RELEASE"}, f"wrote: {sql}"
    return execute(sql, params, many, context)


def test_the_form_posts_to_the_answer_region_without_javascript(synced_kb, client):
    page = client.get("/").content.decode()

    assert 'action="/#result"' in page and 'hx-post="/"' in page
    assert 'id="result"' in page


def test_the_paste_stays_in_the_box_after_an_answer_redacted(synced_kb, client):
    page = client.post("/", {"text": KEY_PASTE}).content.decode()

    box = re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S)
    assert box and "API_KEY_INVALID" in html.unescape(box.group(1))
    assert "AIzaSyD-1234567890" not in box.group(1)


def test_the_copy_button_is_there_for_site_js_and_hidden_without_it(synced_kb, client):
    page = client.post("/", {"text": QUOTA_PER_MINUTE_PASTE}).content.decode()

    button = re.search(r"<button[^>]*data-copy-link=\"([^\"]+)\"[^>]*>Copy link</button>", page)
    assert button and " hidden" in button.group(0)
    assert button.group(1).startswith("http://testserver/answer/")
