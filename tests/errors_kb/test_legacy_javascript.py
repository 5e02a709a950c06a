"""The legacy @google/generative-ai gets its own JavaScript where it differs from @google/genai:
at least in the most pasted errors, shown as its own code tab."""

from __future__ import annotations

import pytest

from errors_kb.code_languages import CODE_LANGUAGES
from errors_kb.models import KnownError

MOST_PASTED = [
    "api-key-invalid",
    "api-key-missing",
    "quota-per-minute",
    "quota-per-day",
    "response-blocked-safety",
    "model-not-found",
    "model-retired",
    "service-unavailable",
    "stream-broken",
    "legacy-sdk-migration",
]


def test_the_legacy_sdk_is_a_language_of_its_own():
    legacy = CODE_LANGUAGES["javascript-legacy"]

    assert legacy.label == "@google/generative-ai (legacy)"
    assert legacy.lexer == "javascript" and not legacy.required
    assert list(CODE_LANGUAGES).index("javascript-legacy") == list(CODE_LANGUAGES).index("javascript") + 1


@pytest.mark.parametrize("slug", MOST_PASTED)
def test_the_most_pasted_errors_have_legacy_javascript_that_differs(synced_kb, slug):
    code = KnownError.objects.get(slug=slug).code

    legacy = code["javascript-legacy"]
    assert legacy.strip() and legacy != code["javascript"]
    assert "@google/generative-ai" in legacy
    assert "GoogleGenAI(" not in legacy.replace("new GoogleGenAI({ apiKey })", ""), "the legacy SDK's own calls"


def test_the_error_page_shows_the_legacy_tab(synced_kb, client):
    page = client.get("/errors/quota-per-minute/").content.decode()

    assert "@google/generative-ai (legacy)" in page
    assert "GoogleGenerativeAIFetchError" in page
