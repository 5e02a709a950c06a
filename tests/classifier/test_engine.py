"""The classifier engine on its own: no database, no Django, tables of pastes and answers."""

from __future__ import annotations

import time

import pytest

from classifier import (
    Candidate,
    EntrySpec,
    InvalidPattern,
    MatcherSpec,
    ModelInfo,
    classify,
    compile_snapshot,
    redact,
    try_matchers,
    validate_pattern,
)
from classifier.scan import BLOCK_SIZE

ENTRIES = [
    EntrySpec(
        "rate-limit",
        "quota_exceeded",
        "Generic 429",
        429,
        "RESOURCE_EXHAUSTED",
        (MatcherSpec(r"\bRESOURCE_EXHAUSTED\b", 2.0, "status"), MatcherSpec(r"\b429\b", 1.0, "bare 429")),
    ),
    EntrySpec(
        "per-minute",
        "quota_exceeded",
        "Per-minute quota",
        429,
        "RESOURCE_EXHAUSTED",
        (MatcherSpec(r"PerMinute", 7.0, "per-minute quotaId"), MatcherSpec(r"\bRESOURCE_EXHAUSTED\b", 2.0, "status")),
    ),
    EntrySpec(
        "bad-key",
        "api_key_invalid",
        "Bad key",
        400,
        "INVALID_ARGUMENT",
        (MatcherSpec(r"\bAPI_KEY_INVALID\b", 6.0, "reason"), MatcherSpec(r"Ollama", -10.0, "another product")),
    ),
]
MODELS = [
    ModelInfo("gemini-3.5-flash", "current"),
    ModelInfo("gemini-3.5-flash-lite", "current"),
    ModelInfo("gemini-1.5-flash", "retired", "2025-09-24"),
]
SNAPSHOT = compile_snapshot(ENTRIES, version="test", models=MODELS)

PER_MINUTE_BODY = """{"error": {"code": 429, "message": "You exceeded your current quota.",
 "status": "RESOURCE_EXHAUSTED",
 "details": [{"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [{"quotaMetric":
 "generativelanguage.googleapis.com/generate_content_free_tier_requests", "quotaId":
 "GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "quotaDimensions": {"model": "gemini-3.5-flash"},
 "quotaValue": "5"}]}, {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "17s"}]}}"""


@pytest.mark.parametrize(
    ("paste", "expected"),
    [
        ("google.genai.errors.ClientError: 429 RESOURCE_EXHAUSTED. {}", ["rate-limit", "per-minute"]),
        (PER_MINUTE_BODY, ["per-minute", "rate-limit"]),
        ('[reason: "API_KEY_INVALID"]', ["bad-key"]),
        ("HTTP 429 from somewhere", ["rate-limit"]),
        ("everything is fine", []),
        ("Ollama says API_KEY_INVALID", []),
    ],
)
def test_ranking_prefers_specific_evidence(paste, expected):
    assert [match.slug for match in classify(SNAPSHOT, paste).matches] == expected


def best_match(paste: str) -> Candidate:
    best = classify(SNAPSHOT, paste).best
    assert best is not None, "the paste matches an entry"
    return best


def test_best_match_has_higher_confidence_than_the_runner_up():
    first, second = classify(SNAPSHOT, PER_MINUTE_BODY).matches
    assert 0 < second.confidence < first.confidence < 1


def test_matched_lines_carry_numbers_and_highlight_spans():
    paste = "line one\nsomething RESOURCE_EXHAUSTED here\nthird"
    (line,) = best_match(paste).lines
    assert line.number == 2
    start, end = line.spans[0]
    assert line.text[start:end] == "RESOURCE_EXHAUSTED"


def highlighted(line) -> list[str]:
    return [line.text[start:end] for start, end in line.spans]


@pytest.mark.parametrize(
    ("paste", "expected"),
    [
        # Characters before the match that take more than one byte in UTF-8.
        ("Fehler für Anfrage «ü»: 429 RESOURCE_EXHAUSTED\r\nnext", ["429", "RESOURCE_EXHAUSTED"]),
        ("ошибка 429 — RESOURCE_EXHAUSTED", ["429", "RESOURCE_EXHAUSTED"]),
        # A window cut out of a very long line, with wide characters before it.
        ("é" * 3000 + " 429 RESOURCE_EXHAUSTED " + "ü" * 3000, ["429", "RESOURCE_EXHAUSTED"]),
    ],
)
def test_each_matcher_on_a_line_is_highlighted_at_its_own_place(paste, expected):
    (line,) = best_match(paste).lines
    assert highlighted(line) == expected
    assert not line.text.endswith("\r")


def test_evidence_on_different_lines_shows_each_line_once_in_order():
    paste = "RESOURCE_EXHAUSTED first\nthen a 429\nRESOURCE_EXHAUSTED again\n"
    lines = best_match(paste).lines
    assert [(line.number, highlighted(line)) for line in lines] == [(1, ["RESOURCE_EXHAUSTED"]), (2, ["429"])]


@pytest.mark.parametrize(
    ("paste", "facts"),
    [
        (
            PER_MINUTE_BODY,
            {
                "http_code": 429,
                "api_status": "RESOURCE_EXHAUSTED",
                "quota_id": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
                "quota_period": "minute",
                "quota_metric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                "quota_value": 5,
                "retry_delay_seconds": 17.0,
                "model": "gemini-3.5-flash",
                "model_status": "current",
            },
        ),
        (
            'quota_id: "GenerateRequestsPerDayPerProjectPerModel-FreeTier"\nretry_delay {\n  seconds: 33\n}',
            {"quota_period": "day", "retry_delay_seconds": 33.0},
        ),
        (
            "ValueError: Invalid operation: The `response.text` quick accessor requires the response to contain a "
            "valid `Part`, but none were returned. The candidate's [finish_reason]"
            "(https://ai.google.dev/api/generate-content#finishreason) is 4.",
            {"finish_reason": "RECITATION", "sdk": None},
        ),
        ('"finish_reason": 3,', {"finish_reason": "SAFETY"}),
        ("prompt_feedback {\n  block_reason: OTHER\n}", {"block_reason": "OTHER"}),
        ("block_reason: 1", {"block_reason": "SAFETY"}),
        (
            "google.api_core.exceptions.NotFound: 404 models/gemini-1.5-flash is not found for API version v1beta",
            {"http_code": 404, "model": "gemini-1.5-flash", "model_status": "retired", "sdk": "google-api-core"},
        ),
        (
            '"model": "gemini-3.5-flsh"',
            {"model_status": "unknown", "model_suggestions": ["gemini-3.5-flash", "gemini-3.5-flash-lite"]},
        ),
        (
            "[GoogleGenerativeAI Error]: Error fetching from https://x: [400 Bad Request] bad",
            {"http_code": 400, "sdk": "@google/generative-ai"},
        ),
        ('ApiError: {"error":{"code":503,"status":"UNAVAILABLE"}}', {"http_code": 503, "sdk": "@google/genai"}),
        ('  {\n  "error": {\n    "code": 503,\n    "status": "UNAVAILABLE"}}', {"sdk": "rest", "clients": ["rest"]}),
        ('[{\n  "error": {"code": 429, "status": "RESOURCE_EXHAUSTED"}}]', {"sdk": "rest"}),
        ('Error: {"error": {"code": 503}}', {"sdk": None}),
        ("Please retry in 20.04466179s.", {"retry_delay_seconds": 20.04466179}),
        ('\\"reason\\": \\"API_KEY_INVALID\\"', {"reason": "API_KEY_INVALID"}),
    ],
)
def test_facts_found_in_the_paste(paste, facts):
    found = classify(SNAPSHOT, paste).facts.to_dict()
    for name, value in facts.items():
        assert found[name] == value, name


HUGE = "9" * 5000  # int() refuses more than 4300 digits


@pytest.mark.parametrize(
    ("paste", "fact"),
    [
        (f"Quota exceeded for metric: x, limit: {HUGE}", "quota_value"),
        (f'"quotaValue": "{HUGE}"', "quota_value"),
        (f"Please retry in {HUGE}s.", "retry_delay_seconds"),
        (f"Please retry in 17.{HUGE}s.", "retry_delay_seconds"),
        (f'"retryDelay": "{HUGE}s"', "retry_delay_seconds"),
        (f"retry_delay {{\n  seconds: {HUGE}\n}}", "retry_delay_seconds"),
    ],
    ids=["limit", "quotaValue", "retry in", "retry in, fraction", "retryDelay", "retry_delay proto"],
)
def test_an_absurdly_long_number_is_no_fact(paste, fact):
    assert classify(SNAPSHOT, "429 RESOURCE_EXHAUSTED\n" + paste).facts.to_dict()[fact] is None


def test_a_fifteen_digit_number_is_still_a_fact():
    facts = classify(SNAPSHOT, "limit: 999999999999999, Please retry in 123456789012345.5s").facts
    assert (facts.quota_value, facts.retry_delay_seconds) == (999_999_999_999_999, 123_456_789_012_345.5)


LONG = "X" * 201


@pytest.mark.parametrize(
    ("paste", "fact"),
    [
        (f'"reason": "API_KEY_{LONG}"', "reason"),
        (f'"quotaId": "PerMinute{LONG}"', "quota_id"),
        (f"Quota exceeded for metric: generativelanguage.googleapis.com/{LONG}", "quota_metric"),
        (f"models/gemini-3.5-flash-{LONG}", "model"),
        (f"/v1beta/models/gemini-{LONG}:generateContent", "model"),
    ],
    ids=["reason", "quotaId", "quota metric", "model", "model in a URL"],
)
def test_a_fact_value_over_200_characters_is_dropped(paste, fact):
    found = classify(SNAPSHOT, "429 RESOURCE_EXHAUSTED\n" + paste).facts.to_dict()
    assert found[fact] is None
    assert all(len(value) <= 200 for value in found.values() if isinstance(value, str))


def test_a_fact_value_of_200_characters_is_kept_and_the_message_keeps_its_own_limit():
    reason = "API_KEY_" + "X" * 192
    message = "Field x is wrong. " * 20
    facts = classify(SNAPSHOT, f'{{"error": {{"message": "{message}", "reason": "{reason}"}}}}').facts
    assert facts.reason == reason
    assert facts.message == message.strip()


def test_error_naming_only_another_google_api_is_not_matched():
    paste = (
        '{"error": {"code": 400, "message": "API key not valid.", "status": "INVALID_ARGUMENT", "details": '
        '[{"reason": "API_KEY_INVALID", "metadata": {"service": "translate.googleapis.com"}}]}}'
    )
    result = classify(SNAPSHOT, paste)
    assert result.matches == ()
    assert result.facts.service == "translate.googleapis.com"


def test_same_error_from_gemini_is_matched():
    paste = '{"reason": "API_KEY_INVALID", "metadata": {"service": "generativelanguage.googleapis.com"}}'
    assert best_match(paste).slug == "bad-key"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("key AIzaSyD-1234567890abcdefghijklmnopqrstu in a url", "AIzaSyD-1234567890abcdefghijklmnopqrstu"),
        ("x-goog-api-key: AQ.Ab8RN6LongOpaqueToken_123-abc", "AQ.Ab8RN6LongOpaqueToken_123-abc"),
        ("Authorization: Bearer ya29.a0AfH6SMBxyzxyzxyzxyz", "ya29.a0AfH6SMBxyzxyzxyzxyz"),
        ("Authorization: Bearer sk-someothertoken12345", "sk-someothertoken12345"),
        ("https://generativelanguage.googleapis.com/v1beta/models?key=mysecretvalue", "mysecretvalue"),
        ('GEMINI_API_KEY="abcdefghijklmnop1234"', "abcdefghijklmnop1234"),
    ],
)
def test_redact_removes_keys_and_tokens(text, secret):
    assert secret not in redact(text)
    assert "[REDACTED]" in redact(text)


def test_matched_lines_never_show_a_key():
    paste = (
        "POST https://generativelanguage.googleapis.com/v1beta/models/x?key=AIzaSyD-1234567890abcdefghijklmnopqrstu"
        " RESOURCE_EXHAUSTED"
    )
    line = best_match(paste).lines[0]
    assert "AIzaSy" not in line.text
    assert "RESOURCE_EXHAUSTED" in line.text


@pytest.mark.parametrize(
    "paste",
    ["", "   \n\t  ", "\x00\x01\x02\xff" * 1000, "\ufffd" * 5000, "<script>alert(1)</script>"],
)
def test_pastes_without_an_error_get_no_match(paste):
    result = classify(SNAPSHOT, paste)
    assert result.matches == ()
    assert result.facts.http_code is None


def test_five_megabytes_are_classified_in_linear_time():
    paste = ("INFO all good " * 80 + "\n") * 4500 + "google.genai.errors.ClientError: 429 RESOURCE_EXHAUSTED\n"
    assert len(paste) > 5_000_000
    started = time.perf_counter()
    best = best_match(paste)
    elapsed = time.perf_counter() - started
    assert best.slug == "rate-limit"
    assert best.lines[0].number == 4501
    assert elapsed < 5, "generous bound: the benchmark measures speed; this only guards against a hang"


@pytest.mark.parametrize(
    "paste",
    [
        "a" * 200_000 + "!",  # classic catastrophic backtracking bait for (a+)+$
        "(" * 100_000,
        '"code": ' * 100_000,
        "x" * 500_000,  # one enormous line
    ],
)
def test_text_made_to_be_slow_for_regexes_is_fast(paste):
    started = time.perf_counter()
    classify(SNAPSHOT, paste)
    assert time.perf_counter() - started < 5


def test_a_line_longer_than_the_window_is_cut_around_the_match():
    paste = "x" * 10_000 + " RESOURCE_EXHAUSTED " + "y" * 10_000
    (line,) = best_match(paste).lines
    assert "RESOURCE_EXHAUSTED" in line.text
    assert len(line.text) < 600


KEY = "AIzaSyD-1234567890abcdefghijklmnopqrstu"


@pytest.mark.parametrize(
    "paste",
    [
        # The window starts 120 bytes before the match: inside the key.
        "word " * 400 + f"key {KEY}" + " filler" * 14 + "  RESOURCE_EXHAUSTED" + " tail" * 400,
        # The window ends 240 bytes after the match: inside the key.
        "word " * 400 + "RESOURCE_EXHAUSTED" + " filler" * 27 + f" {KEY} " + " tail" * 400,
        # The key is glued to long runs of word bytes: the window's edge cannot move out of them.
        "word " * 400 + "x" * 300 + KEY + "y" * 100 + " RESOURCE_EXHAUSTED" + " tail" * 400,
    ],
)
def test_the_window_of_a_long_line_never_shows_part_of_a_key(paste):
    (line,) = best_match(paste).lines
    assert "RESOURCE_EXHAUSTED" in line.text
    assert not any(KEY[i : i + 8] in line.text for i in range(len(KEY) - 8))


OTHER_TOKEN = "s3cr3tValueWithNoKnownPrefix0123456789"
PRIVATE_KEY_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC" * 40


@pytest.mark.parametrize(
    ("paste", "secret"),
    [
        # Only "?key=" marks this value as a key: the window must not start between the two.
        (
            "word " * 400 + f"GET /v1beta/models?key={OTHER_TOKEN}" + " x" * 43 + " RESOURCE_EXHAUSTED" + " t" * 400,
            OTHER_TOKEN,
        ),
        # A service-account JSON on one line: the private key runs far past the window's start.
        (
            '{"private_key": "-----BEGIN PRIVATE KEY-----\\n'
            + PRIVATE_KEY_BODY
            + '\\n-----END PRIVATE KEY-----\\n", "error": "RESOURCE_EXHAUSTED"}'
            + " t" * 400,
            PRIVATE_KEY_BODY[:40],
        ),
    ],
)
def test_the_window_of_a_long_line_never_shows_part_of_a_secret(paste, secret):
    (line,) = best_match(paste).lines
    assert "RESOURCE_EXHAUSTED" in line.text
    assert not any(secret[i : i + 12] in line.text for i in range(len(secret) - 12))


def test_a_secret_across_the_cut_between_two_blocks_is_still_redacted():
    # An 8192-bit private key (6 KB) on one JSON line, across the place where the Set's first block
    # ends and the second begins.
    long_key_body = PRIVATE_KEY_BODY * 3
    filler = "INFO all good\n" * ((BLOCK_SIZE - 2048) // 14)
    paste = (
        filler
        + '{"private_key": "-----BEGIN PRIVATE KEY-----\\n'
        + long_key_body
        + '\\n-----END PRIVATE KEY-----\\n", "error": "RESOURCE_EXHAUSTED"}\n'
    )
    assert len(filler) < BLOCK_SIZE < len(filler) + len(long_key_body)
    (line,) = best_match(paste).lines
    assert "RESOURCE_EXHAUSTED" in line.text
    assert not any(long_key_body[i : i + 12] in line.text for i in range(len(long_key_body) - 12))


@pytest.mark.parametrize("pattern", ["(a", "(?P<x>a)(?P=x)", "a(?=b)", ""])
def test_invalid_or_useless_patterns_are_reported(pattern):
    assert validate_pattern(pattern) is not None
    with pytest.raises(InvalidPattern):
        compile_snapshot([EntrySpec("x", "x", "x", matchers=(MatcherSpec(pattern, 1.0),))], version="bad")


def test_to_dict_has_the_json_contract_fields():
    payload = classify(SNAPSHOT, PER_MINUTE_BODY).to_dict()
    assert set(payload) == {"matches", "facts"}
    assert {"slug", "category", "title", "confidence", "lines"} <= set(payload["matches"][0])


def test_a_matcher_tried_on_its_own_fires_wherever_it_matches_even_where_the_engine_gives_no_answer():
    # Another Google API's error: classify answers nothing, but the editor's matcher does match it.
    paste = (
        '{"error": {"code": 400, "details": [{"reason": "API_KEY_INVALID", "service": "translate.googleapis.com"}]}}'
    )
    assert classify(SNAPSHOT, paste).matches == ()
    reason, counter, absent = try_matchers(
        [MatcherSpec(r"\bAPI_KEY_INVALID\b", 6.0), MatcherSpec(r"translate", -10.0), MatcherSpec(r"Ollama", 1.0)], paste
    )
    start = paste.index("API_KEY_INVALID")
    assert [(line.number, line.spans) for line in reason.lines] == [(1, ((start, start + len("API_KEY_INVALID")),))]
    assert counter.fired and not absent.fired
