"""POST /api/classify: the JSON contract, and a clear JSON error for every bad request."""

from __future__ import annotations

import json

import pytest

from tests.pastes import KEY_PASTE, QUOTA_PASTE


def post_json(client, payload, **extra):
    return client.post("/api/classify", data=json.dumps(payload), content_type="application/json", **extra)


def test_json_text_gets_ranked_matches_and_facts(client, synced_kb):
    response = post_json(client, {"text": QUOTA_PASTE})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"matches", "facts"}
    best = body["matches"][0]
    assert best["slug"] == "quota-per-minute"
    assert best["category"] == "quota_exceeded"
    assert 0 < best["confidence"] <= 1
    assert best["lines"] and "RESOURCE_EXHAUSTED" in best["lines"][0]["text"]
    assert [m["confidence"] for m in body["matches"]] == sorted(
        (m["confidence"] for m in body["matches"]), reverse=True
    )
    assert body["facts"]["quota_period"] == "minute"
    assert body["facts"]["retry_delay_seconds"] == 17.0
    assert body["facts"]["sdk"] == "google-genai"


def test_plain_text_body_is_accepted(client, synced_kb):
    response = client.post("/api/classify", data=KEY_PASTE, content_type="text/plain")
    assert response.status_code == 200
    assert response.json()["matches"][0]["slug"] == "api-key-invalid"


def test_response_never_echoes_the_pasted_key(client, synced_kb):
    response = post_json(client, {"text": KEY_PASTE})
    assert "AIzaSyD-1234567890" not in response.content.decode()


def test_unrecognised_text_gets_empty_matches(client, synced_kb):
    response = post_json(client, {"text": "everything worked fine today"})
    assert response.status_code == 200
    assert response.json()["matches"] == []


@pytest.mark.parametrize(
    ("body", "content_type", "status", "message"),
    [
        ("{}", "application/json", 400, "Missing"),
        ('{"text": ""}', "application/json", 400, "empty"),
        ('{"text": "   \\n "}', "application/json", 400, "empty"),
        ('{"text": 42}', "application/json", 400, "Missing"),
        ("[1, 2]", "application/json", 400, "object"),
        ("{not json", "application/json", 400, "not valid JSON"),
        ("", "text/plain", 400, "empty"),
        ("<xml/>", "application/xml", 415, "text/plain"),
    ],
)
def test_bad_requests_get_a_clear_json_error(client, synced_kb, body, content_type, status, message):
    response = client.post("/api/classify", data=body, content_type=content_type)
    assert response.status_code == status
    assert message in response.json()["error"]


def test_text_over_the_limit_is_refused_with_413(client, synced_kb, settings):
    settings.CLASSIFY_MAX_BYTES = 1000
    response = post_json(client, {"text": "x" * 1001})
    assert response.status_code == 413
    assert "limit" in response.json()["error"]


def test_five_megabyte_body_is_refused_with_413_not_500(client, synced_kb):
    response = client.post("/api/classify", data="x" * (5 * 1024 * 1024), content_type="text/plain")
    assert response.status_code == 413
    assert "too large" in response.json()["error"]


def test_invalid_utf8_and_binary_are_classified_not_crashed(client, synced_kb):
    response = client.post(
        "/api/classify", data=b"\xff\xfe\x00\x01 API_KEY_INVALID \xc3\x28", content_type="text/plain"
    )
    assert response.status_code == 200
    assert response.json()["matches"][0]["slug"] == "api-key-invalid"


# A JSON error body as curl prints it: its message escapes a lone surrogate and a pair (an emoji).
SURROGATE_BODY = (
    '{"error": {"code": 400, "message": "API key not valid \\ud800 here \\ud83d\\ude00.", '
    '"status": "INVALID_ARGUMENT", "details": [{"reason": "API_KEY_INVALID"}]}}'
)


@pytest.mark.parametrize("around", ["", "\ud800 "], ids=["escaped in the paste", "also raw in the request"])
def test_lone_surrogates_are_replaced_and_the_answer_still_given(client, synced_kb, around):
    response = post_json(client, {"text": around + SURROGATE_BODY})
    assert response.status_code == 200
    body = response.json()
    # JSON may escape a lone surrogate (\\ud800), which no UTF-8 page, terminal or database can hold.
    json.dumps(body, ensure_ascii=False).encode("utf-8")
    assert body["matches"][0]["slug"] == "api-key-invalid"
    assert body["facts"]["message"] == "API key not valid \ufffd here \U0001f600."


def test_get_is_not_allowed(client):
    assert client.get("/api/classify").status_code == 405


GENERIC_400 = (
    "google.genai.errors.ClientError: 400 INVALID_ARGUMENT. {'error': {'code': 400, 'message': "
    "'Request contains an invalid argument.', 'status': 'INVALID_ARGUMENT'}}"
)


def test_each_match_carries_its_page_cause_steps_and_whether_it_is_specific(client, synced_kb):
    from errors_kb.models import KnownError

    body = post_json(client, {"text": QUOTA_PASTE}).json()
    best = body["matches"][0]
    entry = KnownError.objects.get(slug=best["slug"])
    assert best["url"] == f"http://testserver/errors/{entry.slug}/"
    assert best["cause"] == entry.cause
    assert len(best["steps"]) >= 2 and all(isinstance(step, str) and "**" not in step for step in best["steps"])
    assert best["specific"] is True
    # Today's fields stay.
    assert {"slug", "category", "title", "http_code", "api_status", "confidence", "evidence", "lines"} <= set(best)


def test_a_generic_answer_says_so_and_the_facts_carry_the_servers_message(client, synced_kb):
    body = post_json(client, {"text": GENERIC_400}).json()
    assert body["matches"][0]["slug"] == "invalid-argument"
    assert body["matches"][0]["specific"] is False
    assert body["facts"]["message"] == "Request contains an invalid argument."


@pytest.mark.parametrize("text", [QUOTA_PASTE, GENERIC_400, KEY_PASTE, "nothing here"])
def test_the_answer_matches_the_openapi_schema(client, synced_kb, text):
    import jsonschema_rs

    from paste.openapi import answer_schema

    jsonschema_rs.validate(answer_schema(), post_json(client, {"text": text}).json())
    assert answer_schema()["properties"]["facts"]["additionalProperties"] is False
