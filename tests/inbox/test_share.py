"""Sharing an unanswered paste: offered only where the KB has no answer, stored only redacted and
capped, grouped, rate-limited, and deletable by its signed link (a damaged link gets a clear page)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from errors_kb.snapshot import kb_version
from inbox.forms import SharePasteForm
from inbox.models import Group, SharedPaste
from inbox.services import (
    ANSWERED_MESSAGE,
    DAMAGED_MESSAGE,
    GONE_MESSAGE,
    RATE_LIMITED,
    SHARED_MESSAGE,
    delete_token,
    paste_for_token,
    refresh_groups,
    share_outcome,
    share_paste,
    stored_text,
)
from tests.pastes import QUOTA_PASTE

from .conftest import GENERIC_PASTE, OTHER_ERROR_PASTE, SAME_ERROR_PASTES

KEY = "AIzaSyD-1234567890abcdefghijklmnopqrstu"
OFFER = "Share this paste (keys and tokens removed) so we can document it"


def delete_url_in(response) -> str:
    found = re.search(r'href="(/shared-pastes/[^"]+/delete/)"', response.content.decode())
    assert found, response.content.decode()
    return found.group(1)


def test_the_no_match_answer_offers_to_share_the_paste_redacted(client, synced_kb):
    response = client.post(reverse("errors_kb:classify"), {"text": SAME_ERROR_PASTES[0] + f"key={KEY}\n"})
    page = response.content.decode()
    assert "No documented error matches this paste" in page and OFFER in page
    hidden = re.search(r'<input type="hidden" name="text" value="([^"]*)"', page, re.S)
    assert hidden and "QUANTUM_ROUTING_CONFLICT" in hidden.group(1)
    assert KEY not in hidden.group(1) and "[REDACTED]" in hidden.group(1)
    assert not SharedPaste.objects.exists(), "nothing is stored until the button is pressed"


def test_a_generic_answer_offers_to_share_and_a_specific_one_does_not(client, synced_kb):
    generic = client.post(reverse("errors_kb:classify"), {"text": GENERIC_PASTE}).content.decode()
    assert "Request contains an invalid argument" in generic and OFFER in generic
    specific = client.post(reverse("errors_kb:classify"), {"text": QUOTA_PASTE}).content.decode()
    assert "Best match" in specific and OFFER not in specific


def test_a_share_stores_the_redacted_paste_with_the_classifier_output_version_and_time(share):
    response = share(SAME_ERROR_PASTES[0] + f"GEMINI_API_KEY={KEY}\n", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    assert "Thank you: your paste is shared" in response.content.decode()
    paste = SharedPaste.objects.get()
    assert KEY not in paste.text and "[REDACTED]" in paste.text and "QUANTUM_ROUTING_CONFLICT" in paste.text
    assert paste.classification == [] and paste.kb_version == kb_version() and paste.shared_at is not None
    assert (paste.client, paste.group.count, paste.group.sdks) == ("google-genai", 1, ["google-genai"])
    assert delete_url_in(response) == reverse("errors_kb:shared-paste-delete", args=[delete_token(paste)])


def test_a_generic_only_paste_is_stored_with_what_the_classifier_said(share):
    assert share(GENERIC_PASTE).status_code == 200
    (match,) = SharedPaste.objects.get().classification
    assert match["slug"] == "invalid-argument" and 0 < match["confidence"] < 1


def test_an_answered_paste_is_not_stored(share):
    response = share(QUOTA_PASTE)
    assert response.status_code == 409 and ANSWERED_MESSAGE in response.content.decode()
    assert not SharedPaste.objects.exists() and not Group.objects.exists()


def test_an_empty_share_gets_its_message(share):
    response = share("  \n")
    assert response.status_code == 400 and "There is no paste to share" in response.content.decode()


def test_the_paste_is_cut_at_the_size_cap_after_redaction(share, settings):
    settings.SHARED_PASTE_MAX_BYTES = 2048
    long_paste = SAME_ERROR_PASTES[0] + "log line é\n" * 2000
    assert share(long_paste).status_code == 200
    paste = SharedPaste.objects.get()
    assert paste.truncated and len(paste.text.encode()) <= 2048 and paste.text.startswith("Traceback")


def test_redaction_comes_before_the_cut_so_no_half_key_is_kept():
    text, truncated = stored_text("x" * 10 + KEY, max_bytes=15)
    assert truncated and text == "x" * 10 + "[REDA"
    assert stored_text("a\x00b", max_bytes=100) == ("ab", False)


def test_pastes_of_one_error_join_its_group_and_another_error_makes_its_own(share):
    for text in SAME_ERROR_PASTES:
        assert share(text).status_code == 200
    share(OTHER_ERROR_PASTE)
    groups = list(Group.objects.order_by("-count"))
    assert [group.count for group in groups] == [3, 1]
    assert groups[0].reason == "QUANTUM_ROUTING_CONFLICT" and groups[1].reason == "FLUX_DRIFT"
    assert groups[0].first_seen <= groups[0].last_seen


def test_with_htmx_the_outcome_is_a_fragment_with_the_delete_link(share):
    response = share(SAME_ERROR_PASTES[0], HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and 'id="share-paste"' in page and "<html" not in page
    assert delete_url_in(response)


def test_shares_are_rate_limited_per_client(share, settings):
    settings.SHARE_PASTE_RATE_LIMIT_PER_MINUTE = 2
    statuses = [share(text, REMOTE_ADDR="198.51.100.1").status_code for text in SAME_ERROR_PASTES]
    assert statuses == [200, 200, 429]
    assert share(SAME_ERROR_PASTES[2], REMOTE_ADDR="198.51.100.2").status_code == 200
    assert SharedPaste.objects.count() == 3


def test_the_service_shares_within_the_clients_budget_and_says_why_it_did_not(synced_kb, settings):
    settings.SHARE_PASTE_RATE_LIMIT_PER_MINUTE = 3

    def outcome(text: str, client: str = "198.51.100.7"):
        return share_outcome(SharePasteForm({"text": text}), client=client)

    shared = outcome(SAME_ERROR_PASTES[0])
    answered, empty, over_budget = outcome(QUOTA_PASTE), outcome("  \n"), outcome(SAME_ERROR_PASTES[1])

    assert (shared.message, shared.status, shared.truncated) == (SHARED_MESSAGE, 200, False)
    token = resolve(shared.delete_url).kwargs["token"]
    assert paste_for_token(token).text == SAME_ERROR_PASTES[0], "the link deletes the paste just stored"
    assert (answered.message, answered.status, answered.delete_url) == (ANSWERED_MESSAGE, 409, "")
    assert empty.status == 400 and "There is no paste to share" in empty.message
    assert (over_budget.message, over_budget.status) == (RATE_LIMITED, 429)
    assert outcome(SAME_ERROR_PASTES[1], client="198.51.100.8").status == 200, "another client has its own budget"
    assert SharedPaste.objects.count() == 2


def test_the_delete_link_asks_first_then_deletes_the_paste_and_its_empty_group(client, share):
    url = delete_url_in(share(SAME_ERROR_PASTES[0]))
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Delete it now" in confirm.content.decode()
    assert SharedPaste.objects.count() == 1, "opening the link deletes nothing"
    done = client.post(url)
    assert done.status_code == 200 and "Your shared paste is deleted" in done.content.decode()
    assert not SharedPaste.objects.exists() and not Group.objects.exists()
    again = client.post(url)
    assert again.status_code == 410 and GONE_MESSAGE in again.content.decode()


def test_deleting_one_paste_of_a_group_recounts_it(client, share):
    urls = [delete_url_in(share(text)) for text in SAME_ERROR_PASTES[:2]]
    client.post(urls[0])
    assert Group.objects.get().count == 1


def _through(framework: str, paste: str) -> str:
    """The same error raised from inside another library, which the paste then names too."""
    frame = f'  File "/srv/app/.venv/lib/python3.12/site-packages/{framework}/chat_models.py", line 9, in invoke\n'
    first, rest = paste.split("\n", 1)
    return f"{first}\n{frame}{rest}"


def _figures(group: Group) -> tuple[int, object, object, list[str]]:
    group.refresh_from_db()
    return group.count, group.first_seen, group.last_seen, group.sdks


def test_a_group_keeps_its_count_seen_times_and_sdks_through_shares_and_a_deletion(client, share):
    texts = [SAME_ERROR_PASTES[0], _through("langchain_google_genai", SAME_ERROR_PASTES[1])]
    texts.append(_through("litellm", SAME_ERROR_PASTES[2]))
    urls = [delete_url_in(share(text)) for text in texts]
    group = Group.objects.get()
    times = list(SharedPaste.objects.order_by("shared_at").values_list("shared_at", flat=True))
    assert _figures(group) == (3, times[0], times[2], ["google-genai", "langchain", "litellm"])
    refresh_groups([group.pk])
    assert _figures(group) == (3, times[0], times[2], ["google-genai", "langchain", "litellm"]), "as a rebuild says"

    client.post(urls[1])
    assert _figures(group) == (2, times[0], times[2], ["google-genai", "litellm"])
    client.post(urls[2])
    assert _figures(group) == (1, times[0], times[0], ["google-genai"])


def test_a_share_counts_itself_in_without_reading_the_pastes_of_its_group(synced_kb):
    for text in SAME_ERROR_PASTES[:2]:
        share_paste(text, max_bytes=64 * 1024)
    with CaptureQueriesContext(connection) as queries:
        share_paste(SAME_ERROR_PASTES[2], max_bytes=64 * 1024)
    reads = [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith("SELECT")]
    assert reads and not [sql for sql in reads if '"inbox_sharedpaste"' in sql], reads
    assert Group.objects.get().count == 3


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("damage", [lambda t: t[:-2] + "xx", lambda t: "x" + t, lambda t: "not-a-token"])
def test_a_damaged_delete_link_gets_a_clear_page_and_deletes_nothing(client, share, method, damage):
    share(SAME_ERROR_PASTES[0])
    token = delete_token(SharedPaste.objects.get())
    response = getattr(client, method)(reverse("errors_kb:shared-paste-delete", args=[damage(token)]))
    assert response.status_code == 400 and DAMAGED_MESSAGE in response.content.decode()
    assert SharedPaste.objects.count() == 1


def test_a_signature_from_elsewhere_on_the_site_is_not_a_delete_link(client, share):
    from django.core import signing

    share(SAME_ERROR_PASTES[0])
    public_id = str(SharedPaste.objects.get().public_id)
    forged = signing.Signer(salt="paste.share").sign(public_id)
    response = client.post(reverse("errors_kb:shared-paste-delete", args=[forged]))
    assert response.status_code == 400 and SharedPaste.objects.count() == 1


def test_sharing_takes_post_only(client, synced_kb):
    assert client.get(reverse("errors_kb:shared-paste-share")).status_code == 405


def test_the_line_under_the_paste_box_says_what_is_kept_and_for_how_long(client, synced_kb):
    page = client.get(reverse("errors_kb:classify")).content.decode()
    assert (
        "nothing you paste is stored unless you share a paste we could not answer: then we keep it, keys and "
        "tokens removed, for 30 days, and nothing about you." in page
    )
