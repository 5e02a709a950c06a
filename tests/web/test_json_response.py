"""The site's JSON responses (web/json_response.py): what the standard library's encoder would write."""

from __future__ import annotations

import json

import pytest
from django.utils.translation import gettext_lazy

from web.json_response import JsonResponse


def test_the_document_reads_back_as_what_was_sent_with_its_content_type():
    data = {"text": "Café — “quoted” 🙂", "numbers": [1, 2.5, None, True], "nested": {"spans": (3, 7)}}
    response = JsonResponse(data, status=422)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {**data, "nested": {"spans": [3, 7]}}


def test_a_lazy_translated_string_is_written_as_its_text():
    response = JsonResponse({"error": gettext_lazy("Paste the error first.")})
    assert json.loads(response.content) == {"error": "Paste the error first."}


def test_what_json_cannot_hold_is_an_error_not_a_silent_guess():
    with pytest.raises(TypeError, match="not JSON serializable: set"):
        JsonResponse({"slugs": {"quota-per-day"}})
