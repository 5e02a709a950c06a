"""The editors' inbox in the admin: staff only, groups by count with what the classifier says now,
and drafting an unpublished entry whose matchers compile in RE2 and fire on the group's pastes."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from classifier import MatcherSpec, try_matchers, validate_pattern
from errors_kb.kb_files import read_tree
from errors_kb.models import KnownError, Matcher
from inbox.drafting import CAUSE_PLACEHOLDER, draft_entry
from inbox.models import Group
from inbox.services import share_paste

from .conftest import GENERIC_PASTE, SAME_ERROR_PASTES

INBOX = reverse("admin:inbox_group_changelist")


@pytest.fixture
def group(synced_kb) -> Group:
    for text in SAME_ERROR_PASTES:
        share_paste(text, max_bytes=64 * 1024)
    return Group.objects.get()


def test_the_inbox_is_for_staff_only(client, django_user_model, group):
    assert client.get(INBOX).status_code == 302
    visitor = django_user_model.objects.create_user("visitor", password="a-long-password-1")
    signed_in = Client()
    signed_in.force_login(visitor)
    response = signed_in.get(INBOX)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    change = reverse("admin:inbox_group_change", args=[group.pk])
    assert signed_in.get(change).status_code == 302
    assert signed_in.post(reverse("admin:inbox_group_draft", args=[group.pk])).status_code == 302
    assert not KnownError.objects.filter(slug__startswith="draft-").exists()


def test_the_inbox_lists_groups_with_count_sdks_sample_and_what_the_classifier_says_now(staff_client, group):
    share_paste(GENERIC_PASTE, max_bytes=64 * 1024)
    page = staff_client.get(INBOX).content.decode()
    assert "409 ABORTED: Tuned adapter &lt;uuid&gt; cannot be combined" in page
    assert "google-genai" in page and "Traceback (most recent call last)" in page
    assert "unanswered" in page and "generic only: invalid-argument" in page
    # The largest group first.
    assert page.index("409 ABORTED") < page.index("400 INVALID_ARGUMENT")
    assert staff_client.get(reverse("admin:inbox_group_change", args=[group.pk])).status_code == 200


def test_a_group_a_new_entry_answers_shows_as_answered(staff_client, group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entry = KnownError.objects.create(
            slug="quantum-routing-conflict",
            title="Tuned adapters and quantum routing",
            category="invalid_argument",
            http_code=409,
            api_status="ABORTED",
            cause="A tuned adapter cannot run with quantum routing.",
            body="## Fix\n\n1. Turn quantum routing off.\n",
            last_reviewed=dt.date(2026, 12, 1),
        )
        Matcher.objects.create(error=entry, pattern=r"\bQUANTUM_ROUTING_CONFLICT\b", weight=8, recognises="reason")
    assert "answered: quantum-routing-conflict" in staff_client.get(INBOX).content.decode()


def test_drafting_makes_an_unpublished_entry_with_the_pastes_and_matchers_that_fire_on_them(group):
    entry = draft_entry(group)
    assert not entry.published and entry.slug.startswith("draft-quantum-routing-conflict-")
    assert entry.slug.endswith(group.fingerprint[:8])
    assert (entry.http_code, entry.api_status, entry.cause) == (409, "ABORTED", CAUSE_PLACEHOLDER)
    assert entry.category in {"invalid_argument", "request_cancelled", "server_error"}
    examples = sorted(example.text for example in entry.examples.all())
    assert examples == sorted(group.pastes.values_list("text", flat=True))
    matchers = list(entry.matchers.all())
    assert [matcher.weight for matcher in matchers][:2] == [6, 5], "the reason, then the message"
    specs = [MatcherSpec(matcher.pattern, matcher.weight, matcher.recognises) for matcher in matchers]
    assert all(validate_pattern(spec.pattern) is None for spec in specs)
    for text in examples:
        assert all(trial.fired for trial in try_matchers(specs, text)), text
    for matcher in matchers:
        (sample,) = matcher.samples
        assert try_matchers([MatcherSpec(matcher.pattern, 1)], sample)[0].fired
    group.refresh_from_db()
    assert group.draft == entry and draft_entry(group) == entry, "drafting twice opens the same draft"


def test_a_group_without_reason_or_status_still_gets_a_message_matcher(synced_kb):
    for text in ("Segmentation fault (core dumped) in worker 12\n", "Segmentation fault (core dumped) in worker 7\n"):
        share_paste(text, max_bytes=64 * 1024)
    entry = draft_entry(Group.objects.get())
    assert entry.category == "invalid_argument"
    (matcher,) = entry.matchers.all()
    assert "Segmentation" in matcher.pattern


def test_the_admin_action_and_the_button_draft_the_entry(staff_client, group):
    response = staff_client.post(INBOX, {"action": "draft_entries", "_selected_action": [group.pk]}, follow=True)
    entry = KnownError.objects.get(slug__startswith="draft-")
    assert "Drafted" in response.content.decode() and entry.slug in response.content.decode()
    change = staff_client.get(reverse("admin:inbox_group_change", args=[group.pk])).content.decode()
    assert "Open the draft entry" in change
    button = staff_client.post(reverse("admin:inbox_group_draft", args=[group.pk]))
    assert button.status_code == 302
    assert button["Location"] == reverse("admin:errors_kb_knownerror_change", args=[entry.pk])
    assert KnownError.objects.filter(slug__startswith="draft-").count() == 1
    # The entry's "try the matchers" box runs the suggested matchers on a paste of the group.
    trial = staff_client.post(
        reverse("admin:errors_kb_knownerror_try", args=[entry.pk]), {"text": SAME_ERROR_PASTES[1]}
    ).content.decode()
    assert trial.count("<td>yes</td>") == entry.matchers.count()


def test_the_button_takes_post_only(staff_client, group):
    assert staff_client.get(reverse("admin:inbox_group_draft", args=[group.pk])).status_code == 405


def test_kb_export_writes_the_draft_as_a_content_file(group, tmp_path):
    entry = draft_entry(group)
    call_command("kb_export", str(tmp_path), stdout=io.StringIO())
    (record,) = [record for record in read_tree(tmp_path).entries if record.slug == entry.slug]
    assert record.published is False and len(record.examples) == 3 and record.matchers
