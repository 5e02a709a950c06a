"""Answers that name the cause and never contradict themselves: specific entries before generic
ones, the server's message, numbered enums, mangled model names, the model's standing on a given
day, "did you mean" of the same kind, and excerpts cut between tokens. Pastes written from the
formats in ../shared/REFERENCE.md."""

from __future__ import annotations

import datetime as dt

import pytest

from classifier import POSSIBLE_MATCH_BELOW, EntrySpec, MatcherSpec, ModelInfo, classify, compile_snapshot

GENERIC_400 = EntrySpec(
    "bad-request",
    "invalid_argument",
    "Generic 400",
    400,
    "INVALID_ARGUMENT",
    (MatcherSpec(r"\bINVALID_ARGUMENT\b", 2.0), MatcherSpec(r"(?i)\binvalid argument\b", 6.0)),
    generic=True,
    retry="no",
    cause="The request is wrong somewhere.",
    steps=("Read the message.", "Fix the field it names."),
)
FUNCTION_PARTS = EntrySpec(
    "function-parts",
    "invalid_argument",
    "Function response parts",
    400,
    "INVALID_ARGUMENT",
    (MatcherSpec(r"(?i)\bnumber of function response parts\b", 1.5),),
    cause="One response per call.",
    steps=("Answer every call.",),
)
MODELS = [
    ModelInfo("gemini-3.5-flash", "current"),
    ModelInfo("gemini-3.5-flash-lite", "current"),
    ModelInfo("gemini-3.1-flash-image", "current", kind="image"),
    ModelInfo("gemini-3.1-flash-lite", "current", shutdown_date="2027-05-07"),
    ModelInfo("gemini-2.0-flash", "retired", shutdown_date="2026-06-01"),
    ModelInfo("gemini-2.5-pro", "retired", shutdown_date="2026-06-17", shutdown_latest="2026-12-01"),
    ModelInfo("gemini-2.5-flash", "retired"),
    ModelInfo("gemini-3.5-flash-preview", "retired", shutdown_date="2027-01-15"),
    ModelInfo("gemini-3.1-flash-image-preview", "retired", shutdown_date="2026-06-25", kind="image"),
]
SNAPSHOT = compile_snapshot([GENERIC_400, FUNCTION_PARTS], version="answers", models=MODELS)
DAY = dt.date(2026, 11, 25)

FUNCTION_PARTS_PASTE = (
    "google.genai.errors.ClientError: 400 INVALID_ARGUMENT. {'error': {'code': 400, 'message': 'Please ensure "
    "that the number of function response parts is equal to the number of function call parts of the function "
    "call turn.', 'status': 'INVALID_ARGUMENT'}}"
)


def facts(paste: str, *, today: dt.date | None = DAY):
    return classify(SNAPSHOT, paste, today=today).facts


# Specific beats generic ------------------------------------------------------------------------


def test_a_specific_entry_that_fires_ranks_above_a_generic_one_that_scores_more():
    first, second = classify(SNAPSHOT, FUNCTION_PARTS_PASTE + " Request contains an invalid argument.").matches
    assert (first.slug, second.slug) == ("function-parts", "bad-request")
    assert second.score > first.score
    assert first.specific and not second.specific
    assert second.confidence <= first.confidence, "a generic runner-up never reads surer than the answer"


def test_the_generic_entry_answers_when_nothing_specific_fires():
    (only,) = classify(SNAPSHOT, '{"error": {"code": 400, "status": "INVALID_ARGUMENT"}}').matches
    assert only.slug == "bad-request" and only.specific is False
    assert only.cause == "The request is wrong somewhere."
    assert only.steps == ("Read the message.", "Fix the field it names.")
    assert only.to_dict()["specific"] is False and only.to_dict()["steps"] == list(only.steps)


def test_thin_evidence_is_a_possible_match_only():
    (weak,) = classify(SNAPSHOT, "number of function response parts").matches
    (strong,) = classify(SNAPSHOT, "Request contains an invalid argument. INVALID_ARGUMENT").matches
    assert weak.confidence < POSSIBLE_MATCH_BELOW and weak.possible_only
    assert strong.confidence >= POSSIBLE_MATCH_BELOW and not strong.possible_only


# The server's message --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paste", "message"),
    [
        ('{"error": {"code": 400, "message": "Invalid value at \\"x\\"\\nsee docs", "status": "INVALID_ARGUMENT"}}',
         'Invalid value at "x"\nsee docs'),
        ("{'error': {'code': 400, 'message': 'Unknown name \"$schema\": Cannot find field.', 'status': 'X'}}",
         'Unknown name "$schema": Cannot find field.'),
        ("{'error': {'code': 404, 'message': \"models/x isn't found\", 'status': 'NOT_FOUND'}}",
         "models/x isn't found"),
        ('{"detail": "{\\"error\\": {\\"message\\": \\"Caf\\\\u00e9 \\\\\\"quoted\\\\\\"\\", \\"code\\": 400}}"}',
         'Café "quoted"'),
        ('status: INVALID_ARGUMENT\nmessage: "Request contains an invalid argument."',
         "Request contains an invalid argument."),
        ("google.api_core.exceptions.BadRequest: 400 POST https://generativelanguage.googleapis.com/v1beta/models/"
         "gemini-3.5-flash:generateContent?%24alt=json: User location is not supported for the API use. "
         "[{'@type': 'type.googleapis.com/google.rpc.ErrorInfo'}]", "User location is not supported for the API use."),
        ('google.api_core.exceptions.InvalidArgument: 400 API key not valid. Please pass a valid API key. '
         '[reason: "API_KEY_INVALID"', "API key not valid. Please pass a valid API key."),
        ("[GoogleGenerativeAI Error]: Error fetching from https://x: [400 Bad Request] * GenerateContentRequest."
         "contents: contents is not specified", "* GenerateContentRequest.contents: contents is not specified"),
        ("google.api_core.exceptions.DeadlineExceeded: 504 Deadline Exceeded", "Deadline Exceeded"),
    ],
)  # fmt: skip
def test_the_servers_message_is_read_from_every_form_and_unescaped_once(paste, message):
    assert facts(paste).message == message


def test_the_servers_message_is_redacted():
    paste = '{"error": {"message": "API key AIzaSyD-1234567890abcdefghijklmnopqrstu not valid.", "code": 400}}'
    found = facts(paste).message
    assert found is not None and "AIzaSyD-1234567890" not in found and "[REDACTED]" in found


def test_a_key_the_paste_spells_with_an_escape_is_redacted_once_the_message_is_decoded():
    # Only the decoded message shows the key: the paste's bytes read "\u0041IzaSy...".
    paste = '{"error": {"message": "API key \\u0041IzaSyD-1234567890abcdefghijklmnopqrstu not valid.", "code": 400}}'
    found = facts(paste).message
    assert found is not None and "IzaSyD-1234567890" not in found and "[REDACTED]" in found


def test_a_very_long_message_is_shortened_at_a_sentence_or_word():
    message = "Field x is wrong. " * 200
    found = facts('{"error": {"message": "' + message + '"}}').message
    assert found is not None and len(found) <= 2000 and found.endswith("wrong.")


# Numbered enums and mangled names --------------------------------------------------------------


@pytest.mark.parametrize(
    "paste",
    [
        "finish_reason: 2",
        '"finishReason": 2,',
        "'finish_reason': 2",
        "The candidate's finish_reason is 2.",
        "The candidate's [finish_reason](https://ai.google.dev/api/generate-content#finishreason) is 2.",
        "Stopped early: FinishReason.MAX_TOKENS",
        "finish_reason=<FinishReason.MAX_TOKENS: 'MAX_TOKENS'>",
    ],
)
def test_a_finish_reason_reads_as_its_name_in_every_form(paste):
    assert facts(paste).finish_reason == "MAX_TOKENS"


@pytest.mark.parametrize(
    ("paste", "block_reason"),
    [
        ("block_reason: 3", "BLOCKLIST"),
        ('"blockReason": 2', "OTHER"),
        ("BlockedReason.PROHIBITED_CONTENT", "PROHIBITED_CONTENT"),
    ],
)
def test_a_block_reason_reads_as_its_name_in_every_form(paste, block_reason):
    assert facts(paste).block_reason == block_reason


@pytest.mark.parametrize(
    ("paste", "model", "version"),
    [
        ("models/gemini-2.O-flash is not found for API version vl beta", "gemini-2.0-flash", "v1beta"),
        ("models/gemini-2.o-flash is not found for API version v1 beta", "gemini-2.0-flash", "v1beta"),
        ("models/gemini-l.5-pro is not found for API version v1beta", "gemini-1.5-pro", "v1beta"),
        ("POST /v1beta/models/gemini-3.5-flash:generateContent", "gemini-3.5-flash", "v1beta"),
    ],
)
def test_transcription_slips_in_model_names_and_versions_are_put_right(paste, model, version):
    found = facts(paste)
    assert (found.model, found.api_version) == (model, version)


# The model's standing --------------------------------------------------------------------------

QUOTA_AGAINST_2_5_PRO = (
    "google.genai.errors.ClientError: 429 RESOURCE_EXHAUSTED. {'error': {'code': 429, 'message': 'You exceeded your "
    "current quota.', 'status': 'RESOURCE_EXHAUSTED', 'details': [{'@type': 'type.googleapis.com/google.rpc."
    "QuotaFailure', 'violations': [{'quotaMetric': 'generativelanguage.googleapis.com/generate_content_free_tier_"
    "requests', 'quotaId': 'GenerateRequestsPerDayPerProjectPerModel-FreeTier', 'quotaDimensions': {'location': "
    "'global', 'model': 'gemini-2.5-pro'}, 'quotaValue': '50'}]}, {'@type': 'type.googleapis.com/google.rpc."
    "RetryInfo', 'retryDelay': '41s'}]}}"
)


@pytest.mark.parametrize(
    ("paste", "today", "status"),
    [
        ("models/gemini-2.0-flash is not found", DAY, "retired"),
        ("models/gemini-2.0-flash is not found", dt.date(2026, 5, 1), "scheduled"),
        ("models/gemini-2.0-flash is not found", None, "retired"),  # no day given: the catalogue's word
        ("models/gemini-2.5-pro is not found", DAY, "unconfirmed"),  # the sources' dates straddle the day
        ("models/gemini-2.5-pro is not found", dt.date(2026, 12, 2), "retired"),
        ("models/gemini-2.5-flash is not found", DAY, "unconfirmed"),  # listed retired, no date recorded
        ("models/gemini-3.5-flash-preview is not found", DAY, "scheduled"),
        ("models/gemini-3.1-flash-lite answered", DAY, "current"),
        (QUOTA_AGAINST_2_5_PRO, dt.date(2026, 12, 2), "unconfirmed"),  # a quota counted against it: served
        ('"finishReason": "STOP", "modelVersion": "gemini-2.0-flash"', DAY, "unconfirmed"),  # it answered
    ],
)
def test_a_model_is_retired_only_when_its_date_has_passed_and_the_paste_does_not_show_it_served(paste, today, status):
    assert facts(paste, today=today).model_status == status


@pytest.mark.parametrize(
    ("listed_by_google", "status"),
    [(None, "unconfirmed"), (False, "retired"), (True, "unconfirmed")],
)
def test_googles_own_model_list_settles_a_status_our_sources_disagree_on(listed_by_google, status):
    # gemini-2.5-pro: shut down on 2026-06-17 by one source, on 2026-12-01 by another.
    models = [
        ModelInfo("gemini-2.5-pro", "retired", "2026-06-17", "2026-12-01", listed_by_google=listed_by_google),
        ModelInfo("gemini-3.5-flash", "current"),
    ]
    snapshot = compile_snapshot([], version="t", models=models)
    found = classify(snapshot, "models/gemini-2.5-pro is not found", today=DAY).facts
    assert found.model_status == status


def test_a_model_google_still_lists_is_never_called_retired():
    models = [ModelInfo("gemini-2.0-flash", "retired", "2026-06-01", listed_by_google=True)]
    snapshot = compile_snapshot([], version="t", models=models)
    assert classify(snapshot, "models/gemini-2.0-flash is not found", today=DAY).facts.model_status == "unconfirmed"


def test_a_model_the_paste_shows_served_gets_no_did_you_mean():
    found = facts(QUOTA_AGAINST_2_5_PRO, today=dt.date(2026, 12, 2))
    assert found.model == "gemini-2.5-pro" and found.model_served
    assert (found.model_shutdown_date, found.model_shutdown_latest) == ("2026-06-17", "2026-12-01")
    assert found.model_suggestions == ()


@pytest.mark.parametrize(
    ("paste", "kind_of_every_suggestion"),
    [
        ("models/gemini-3.1-flash-image-preview is not found", {"gemini-3.1-flash-image"}),
        (
            "models/gemini-2.0-flash is not found",
            {"gemini-3.5-flash", "gemini-3.5-flash-lite", "gemini-3.1-flash-lite"},
        ),
        ('"model": "gemini-3.1-flash-image-exp"', {"gemini-3.1-flash-image"}),  # unknown: the kind its name says
    ],
)
def test_did_you_mean_offers_models_of_the_same_kind(paste, kind_of_every_suggestion):
    suggestions = facts(paste).model_suggestions
    assert suggestions and set(suggestions) <= kind_of_every_suggestion


# Excerpts --------------------------------------------------------------------------------------


def test_a_window_of_a_long_line_starts_and_ends_between_tokens():
    paste = (
        ("'type': 'type.googleapis.com/google.rpc.QuotaFailure', " * 8)
        + FUNCTION_PARTS_PASTE.replace("google.genai", "x")
        + (" 'violations': [{'quotaMetric': 'x'}]," * 12)
    )
    (line,) = classify(SNAPSHOT, paste).best.lines  # type: ignore[union-attr]
    start = paste.index(line.text)
    assert paste[start - 1] == " " and line.text[0] != " "
    end = start + len(line.text)
    assert end == len(paste) or paste[end] == " "
