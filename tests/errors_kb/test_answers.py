"""The real knowledge base answers with the cause and never contradicts itself: generic entries
only when nothing specific fires, facts that agree with the fix, models judged by the catalogue's
dates, and each entry's fix as plain-text steps. Pastes written from ../shared/REFERENCE.md."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from classifier import Snapshot, classify
from errors_kb.fix_steps import fix_steps, plain_text
from errors_kb.kb_files import ContentTree
from errors_kb.presenters import fact_rows

# Decided once, with the reason: each names a bare status, not a cause.
GENERIC_ENTRIES = {
    "invalid-argument",  # 400 INVALID_ARGUMENT with no field or message we know
    "permission-denied",  # 403 PERMISSION_DENIED with no reason we know
    "rate-limit-exceeded",  # 429 RESOURCE_EXHAUSTED that does not say which limit
    "internal-error",  # 500 INTERNAL
}
DAY = dt.date(2026, 11, 25)

PER_DAY_2_5_PRO = (
    "google.genai.errors.ClientError: 429 RESOURCE_EXHAUSTED. {'error': {'code': 429, 'message': 'You exceeded "
    "your current quota, please check your plan and billing details.', 'status': 'RESOURCE_EXHAUSTED', 'details': "
    "[{'@type': 'type.googleapis.com/google.rpc.QuotaFailure', 'violations': [{'quotaMetric': "
    "'generativelanguage.googleapis.com/generate_content_free_tier_requests', 'quotaId': "
    "'GenerateRequestsPerDayPerProjectPerModel-FreeTier', 'quotaDimensions': {'location': 'global', 'model': "
    "'gemini-2.5-pro'}, 'quotaValue': '50'}]}, {'@type': 'type.googleapis.com/google.rpc.RetryInfo', "
    "'retryDelay': '41s'}]}}"
)


def test_the_generic_entries_are_the_bare_statuses(content_tree: ContentTree):
    assert {entry.slug for entry in content_tree.entries if entry.generic} == GENERIC_ENTRIES


@pytest.mark.parametrize(
    ("paste", "slug"),
    [
        (
            "google.genai.errors.ClientError: 400 INVALID_ARGUMENT. {'error': {'code': 400, 'message': 'Please "
            "ensure that the number of function response parts is equal to the number of function call parts of "
            "the function call turn.', 'status': 'INVALID_ARGUMENT'}}",
            "function-response-count-mismatch",
        ),
        (
            "ValueError: Invalid operation: The `response.text` quick accessor requires the response to contain a "
            "valid `Part`, but none were returned. The candidate's finish_reason is 2.",
            "finish-reason-max-tokens",
        ),
        ("google.api_core.exceptions.DeadlineExceeded: 504 Deadline Exceeded", "deadline-exceeded"),
        ('{"error": {"code": 400, "message": "Request contains an invalid argument.", "status": "INVALID_ARGUMENT"}}',
         "invalid-argument"),
    ],
)  # fmt: skip
def test_the_specific_cause_is_the_answer_and_generic_entries_come_after_it(file_snapshot: Snapshot, paste, slug):
    matches = classify(file_snapshot, paste, today=DAY).matches
    assert matches[0].slug == slug
    specific = [match.specific for match in matches]
    assert specific == sorted(specific, reverse=True), "no generic entry above a specific one"


def test_a_deadline_from_another_google_api_is_not_ours(file_snapshot: Snapshot):
    paste = (
        'File "/srv/.venv/lib/python3.11/site-packages/google/cloud/speech_v1/services/speech/client.py", line 8\n'
        "google.api_core.exceptions.DeadlineExceeded: 504 Deadline Exceeded\n"
    )
    assert classify(file_snapshot, paste, today=DAY).matches == ()


def test_a_per_day_quota_says_when_it_resets_and_never_to_retry_in_seconds(file_snapshot: Snapshot):
    result = classify(file_snapshot, PER_DAY_2_5_PRO, today=dt.date(2026, 12, 2))
    best = result.best
    assert best is not None and best.slug == "quota-per-day" and best.retry == "after-reset"
    rows = {row.label: row for row in fact_rows(result.facts, retry=best.retry)}
    assert "Retry after" not in rows
    assert "midnight Pacific time" in rows["Retry"].value and "41 s" in rows["Retry"].note
    # The quota is counted against gemini-2.5-pro, so Google serves it, whatever our list says.
    model = rows["Model"]
    assert "retired" not in model.note.replace("marks it retired", "") and "serving it" in model.note
    assert model.suggestions == () and model.tone == ""


@pytest.mark.parametrize("slug", ["quota-free-tier-zero", "api-key-invalid", "prepaid-credits-depleted"])
def test_entries_that_say_not_to_retry_say_so_in_their_data(content_tree: ContentTree, slug):
    assert next(entry for entry in content_tree.entries if entry.slug == slug).retry == "no"


def test_every_model_has_a_kind_and_image_models_suggest_image_models(file_snapshot: Snapshot):
    assert all(info.kind for info in file_snapshot.models.values())
    paste = "models/gemini-3.1-flash-image-preview is not found for API version v1beta"
    suggestions = classify(file_snapshot, paste, today=DAY).facts.model_suggestions
    assert suggestions and all(file_snapshot.models[model].kind == "image" for model in suggestions)


def test_every_entry_gives_its_fix_as_plain_text_steps(file_snapshot: Snapshot):
    for entry in file_snapshot.entries:
        assert len(entry.steps) >= 2, entry.slug
        for step in entry.steps:
            assert not re.search(r"\*\*\w[^*]*\w\*\*|\]\(|^\d+\. |\n|`", step), (entry.slug, step)


def test_fix_steps_join_wrapped_lines_and_strip_markdown():
    body = (
        "## Fix\n\n1. Use **`client.models`** and see [the docs](https://ai.google.dev/x) or\n"
        "   [another entry](/errors/x/).\n2. Keep `*args, **kwargs` as written; read <https://ai.dev/rate-limit>.\n\n"
        "A closing paragraph.\n\n## Why it happens\n\n1. Not a step.\n"
    )
    assert fix_steps(body) == (
        "Use client.models and see the docs (https://ai.google.dev/x) or another entry.",
        "Keep *args, **kwargs as written; read https://ai.dev/rate-limit.",
    )
    assert plain_text("*stress* and __more__") == "stress and more"
