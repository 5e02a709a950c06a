"""The key check, run through both real SDKs against the local Gemini API emulator."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from google.generativeai import client as legacy_client

from gemini_emulator import (
    HANG_KEY,
    SCENARIOS,
    TRICKLE_KEY,
    VALID_KEY,
    EmulatorServer,
    load_models,
    start_emulator,
)
from keycheck import (
    KEY_ACCEPTED,
    MAX_KEY_LENGTH,
    MODEL_EXISTS,
    ONE_TOKEN_CALL,
    SDK_GOOGLE_GENAI,
    SDK_GOOGLE_GENERATIVEAI,
    STEPS,
    STREAMING_CALL,
    Budget,
    KeyCheckResult,
    ModelPaging,
    check_api_key,
    prepare_key,
)
from keycheck.failures import MESSAGE_LIMIT, ApiFailure, describe_failure
from keycheck.watchdog import THREAD_NAME

from .tcp import all_closed, connection_states, eventually

SDKS = (SDK_GOOGLE_GENAI, SDK_GOOGLE_GENERATIVEAI)
MODEL = "gemini-3.5-flash"
LABELS = tuple(step.label for step in STEPS)
GEMINI_GENERATE_IDS = tuple(
    m["name"].removeprefix("models/")
    for m in load_models()
    if m["name"].startswith("models/gemini") and "generateContent" in m["supportedGenerationMethods"]
)


def run(base_url: str, key: str, sdk: str = SDK_GOOGLE_GENAI, **options: object) -> KeyCheckResult:
    arguments = {"model": MODEL, "stream": True, "timeout_seconds": 3.0} | options
    return check_api_key(api_key=key, sdk=sdk, base_url=base_url, **arguments)  # type: ignore[arg-type]


def returned_strings(result: KeyCheckResult) -> list[str]:
    texts = [result.error_text, *result.reachable_models, *result.model_suggestions, *result.key_advice]
    for step in result.steps:
        texts += [step.name, step.detail, step.error_text]
    return texts


def assert_failed_at(result: KeyCheckResult, failed_step: str) -> None:
    statuses = {step.name: step.ok for step in result.steps}
    position = LABELS.index(failed_step)
    assert not result.ok
    assert [statuses.get(name) for name in LABELS if name in statuses] == (
        [True] * position + [False] + [None] * (len(statuses) - position - 1)
    )
    failed = next(step for step in result.steps if step.name == failed_step)
    assert failed.detail
    assert result.error_text == failed.error_text


# ---- every scenario, both SDKs -------------------------------------------------------------------------------

# Per key: the step that fails, then text the error must contain: for both SDKs, google-genai only, legacy only.
EXPECTED_FAILURES: dict[str, tuple[str, str, str, str]] = {
    "AQ.fake-invalid": (
        KEY_ACCEPTED.label,
        "API_KEY_INVALID",
        "ClientError: 400 INVALID_ARGUMENT",
        "BadRequest: 400 GET",
    ),
    "AQ.fake-expired": (KEY_ACCEPTED.label, "API key expired", "ClientError: 400", "BadRequest: 400"),
    "AQ.fake-legacykey": (
        KEY_ACCEPTED.label,
        "ACCESS_TOKEN_TYPE_UNSUPPORTED",
        "ClientError: 401 UNAUTHENTICATED",
        "Unauthorized: 401",
    ),
    "AQ.fake-denied": (KEY_ACCEPTED.label, "SERVICE_DISABLED", "ClientError: 403 PERMISSION_DENIED", "Forbidden: 403"),
    "AQ.fake-blocked": (KEY_ACCEPTED.label, "API_KEY_SERVICE_BLOCKED", "ClientError: 403", "Forbidden: 403"),
    "AQ.fake-leaked": (KEY_ACCEPTED.label, "Your API key was reported as leaked", "ClientError: 403", "Forbidden: 403"),
    "AQ.fake-suspended": (KEY_ACCEPTED.label, "CONSUMER_SUSPENDED", "ClientError: 403", "Forbidden: 403"),
    "AQ.fake-prepaid": (
        ONE_TOKEN_CALL.label,
        "Your prepayment credits are depleted",
        "ClientError: 402 RESOURCE_EXHAUSTED",
        "exceptions.GoogleAPICallError: 402 POST",
    ),
    "AQ.fake-quota": (
        ONE_TOKEN_CALL.label,
        "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
        "ClientError: 429 RESOURCE_EXHAUSTED",
        "TooManyRequests: 429 POST",
    ),
    "AQ.fake-daily": (
        ONE_TOKEN_CALL.label,
        "GenerateRequestsPerDayPerProjectPerModel-FreeTier",
        "ClientError: 429 RESOURCE_EXHAUSTED",
        "TooManyRequests: 429 POST",
    ),
    "AQ.fake-location": (
        ONE_TOKEN_CALL.label,
        "User location is not supported for the API use.",
        "ClientError: 400 FAILED_PRECONDITION",
        "BadRequest: 400 POST",
    ),
    "AQ.fake-overloaded": (
        ONE_TOKEN_CALL.label,
        "The model is overloaded.",
        "ServerError: 503 UNAVAILABLE",
        "ServiceUnavailable: 503 POST",
    ),
    "AQ.fake-internal": (
        ONE_TOKEN_CALL.label,
        "An internal error has occurred",
        "ServerError: 500 INTERNAL",
        "InternalServerError: 500 POST",
    ),
    "AQ.fake-deadline": (
        ONE_TOKEN_CALL.label,
        "Deadline expired",
        "ServerError: 504 DEADLINE_EXCEEDED",
        "GatewayTimeout: 504 POST",
    ),
    "AQ.fake-safety": (
        ONE_TOKEN_CALL.label,
        "HARM_CATEGORY_DANGEROUS_CONTENT",
        "finish_reason=FinishReason.SAFETY",
        "finish_reason](https://ai.google.dev/api/generate-content#finishreason) is 3.",
    ),
    "AQ.fake-promptblocked": (
        ONE_TOKEN_CALL.label,
        "block",
        "prompt_feedback.block_reason=BlockedReason.SAFETY",
        "This appears to be caused by a blocked prompt",
    ),
    "AQ.fake-recitation": (
        ONE_TOKEN_CALL.label,
        "",
        "finish_reason=FinishReason.RECITATION",
        "is 4. Meaning that the model was reciting from copyrighted material.",
    ),
    "AQ.fake-streamcut": (
        STREAMING_CALL.label,
        "",
        "ServerError: 500 INTERNAL",
        "the stream ended without a finish reason",
    ),
    "AQ.fake-unknown-to-google": (KEY_ACCEPTED.label, "API_KEY_INVALID", "ClientError: 400", "BadRequest: 400"),
}


def test_every_emulator_scenario_is_checked() -> None:
    assert set(SCENARIOS) == (set(EXPECTED_FAILURES) - {"AQ.fake-unknown-to-google"}) | {
        VALID_KEY,
        HANG_KEY,
        TRICKLE_KEY,
    }


@pytest.mark.parametrize("sdk", SDKS)
@pytest.mark.parametrize("key", sorted(EXPECTED_FAILURES))
def test_scenario_fails_at_the_right_step_with_the_sdks_error(base_url: str, key: str, sdk: str) -> None:
    failed_step, common, genai_text, legacy_text = EXPECTED_FAILURES[key]
    result = run(base_url, key, sdk)
    assert_failed_at(result, failed_step)
    assert common in result.error_text
    assert (genai_text if sdk == SDK_GOOGLE_GENAI else legacy_text) in result.error_text
    assert all(key not in text for text in returned_strings(result))


@pytest.mark.parametrize("sdk", SDKS)
@pytest.mark.parametrize("stream", [False, True])
def test_valid_key_passes_every_step(base_url: str, sdk: str, stream: bool) -> None:
    result = run(base_url, VALID_KEY, sdk, stream=stream)
    assert result.ok
    assert [step.name for step in result.steps] == list(LABELS if stream else LABELS[:-1])
    assert all(step.ok for step in result.steps)
    assert all(step.ms >= 0 for step in result.steps)
    assert result.error_text == ""
    assert result.reachable_models == GEMINI_GENERATE_IDS
    assert result.model_suggestions == ()


@pytest.mark.parametrize("sdk", SDKS)
def test_misspelt_model_fails_model_exists_with_suggestions(base_url: str, sdk: str) -> None:
    result = run(base_url, VALID_KEY, sdk, model="gemini-3.5-flsh")
    assert_failed_at(result, MODEL_EXISTS.label)
    assert result.model_suggestions[0] == "gemini-3.5-flash"
    assert "is not found for API version" in result.error_text


@pytest.mark.parametrize("sdk", SDKS)
def test_every_page_of_the_model_list_is_read(base_url: str, sdk: str) -> None:
    result = run(base_url, VALID_KEY, sdk, paging=ModelPaging(page_size=2))
    assert result.ok
    assert result.reachable_models == GEMINI_GENERATE_IDS


@pytest.mark.parametrize("sdk", SDKS)
def test_a_model_beyond_the_pages_read_is_found_with_models_get(base_url: str, sdk: str) -> None:
    paging = ModelPaging(page_size=2, max_pages=1)
    result = run(base_url, VALID_KEY, sdk, model="gemini-3.1-pro-preview", paging=paging)
    assert result.ok
    assert "models.get found it" in result.steps[2].detail


def test_model_name_may_carry_the_models_prefix(base_url: str) -> None:
    assert run(base_url, VALID_KEY, model="models/gemini-3.1-flash-lite").ok


def test_model_that_cannot_generate_content_fails_model_exists(base_url: str) -> None:
    result = run(base_url, VALID_KEY, model="gemini-embedding-001")
    assert_failed_at(result, MODEL_EXISTS.label)
    assert "does not support generateContent" in result.steps[2].detail


def test_text_that_is_not_a_model_id_is_never_sent(emulator: EmulatorServer) -> None:
    result = run(emulator.base_url, VALID_KEY, model="../../v1beta/models?x=1")
    assert_failed_at(result, MODEL_EXISTS.label)
    assert not any("/../" in call.path for call in emulator.calls)


def test_unknown_sdk_is_a_programming_error(base_url: str) -> None:
    with pytest.raises(ValueError, match="Unsupported SDK"):
        run(base_url, VALID_KEY, sdk="openai")


# ---- timeouts ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sdk", SDKS)
def test_a_hanging_server_fails_the_step_within_the_timeout(base_url: str, sdk: str) -> None:
    started = time.monotonic()
    result = run(base_url, HANG_KEY, sdk, timeout_seconds=0.5)
    elapsed = time.monotonic() - started
    assert_failed_at(result, KEY_ACCEPTED.label)
    assert elapsed < 2
    assert "No answer within 0.5 s" in result.steps[0].detail
    assert "Timeout" in result.error_text


@pytest.mark.parametrize("sdk", SDKS)
def test_a_server_that_never_answers_times_out(silent_server: str, sdk: str) -> None:
    started = time.monotonic()
    result = run(silent_server, VALID_KEY, sdk, timeout_seconds=0.5)
    assert time.monotonic() - started < 2
    assert_failed_at(result, KEY_ACCEPTED.label)


@pytest.mark.parametrize("sdk", SDKS)
def test_nothing_listening_fails_fast_with_a_connection_error(sdk: str) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    result = run(f"http://127.0.0.1:{closed_port}", VALID_KEY, sdk, timeout_seconds=1.0)
    assert_failed_at(result, KEY_ACCEPTED.label)
    assert "Could not connect" in result.steps[0].detail


def test_the_total_budget_caps_the_whole_check(base_url: str) -> None:
    started = time.monotonic()
    result = run(base_url, HANG_KEY, timeout_seconds=10.0, budget=Budget(total_seconds=0.8))
    assert time.monotonic() - started < 2
    assert_failed_at(result, KEY_ACCEPTED.label)


@pytest.mark.parametrize("sdk", SDKS)
def test_a_server_that_trickles_its_answer_is_stopped_by_the_budget(base_url: str, sdk: str) -> None:
    # Each byte comes well within the call's timeout, so no read times out: only the budget ends it.
    budget = Budget(total_seconds=1.0, watchdog_grace_seconds=0.5)
    started = time.monotonic()
    result = run(base_url, TRICKLE_KEY, sdk, timeout_seconds=5.0, budget=budget)
    assert time.monotonic() - started < 2.5
    assert_failed_at(result, KEY_ACCEPTED.label)
    assert "budget ran out before this answer was complete" in result.steps[0].detail
    assert result.error_text == ""


def check_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == THREAD_NAME]


@pytest.mark.parametrize("sdk", SDKS)
def test_a_check_past_its_budget_closes_its_connection_and_ends_its_thread(sdk: str) -> None:
    server, base_url = start_emulator()  # its own, so that every connection to its port is this check's
    port = server.server_address[1]
    try:
        budget = Budget(total_seconds=1.0, watchdog_grace_seconds=0.5)
        result = run(base_url, TRICKLE_KEY, sdk, timeout_seconds=5.0, budget=budget)
        assert_failed_at(result, KEY_ACCEPTED.label)
        assert [call.api_key for call in server.calls] == [TRICKLE_KEY]
        # The thread ends and the emulator sees the connection closed within a second or two (in
        # practice before the answer comes back: the caller waits a grace for the thread).
        assert eventually(lambda: check_threads() == [], within=2)
        assert eventually(lambda: "ESTABLISHED" not in connection_states(port), within=2), connection_states(port)
        assert eventually(lambda: all_closed(port), within=2), connection_states(port)
    finally:
        server.close()


# ---- what was pasted -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pasted", "advice_fragment"),
    [
        ("", "No API key was entered"),
        ("   \n\t ", "No API key was entered"),
        ('""', "No API key was entered"),
        ("AQ." + "x" * MAX_KEY_LENGTH, "was not sent"),
        ("AQ.fake\x00valid", "control characters"),
        ("AQ.fake-\nvalid", "control characters"),
        ("AQ.fake\u2011valid", "non-ASCII"),
        (
            '{"type": "service_account", "private_key": '
            '"-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----"}',
            "service-account JSON",
        ),
    ],
)
def test_unsendable_input_is_refused_without_any_call(
    emulator: EmulatorServer, pasted: str, advice_fragment: str
) -> None:
    calls_before = len(emulator.calls)
    result = run(emulator.base_url, pasted)
    assert not result.ok
    assert all(step.ok is None for step in result.steps)
    assert any(advice_fragment in advice for advice in result.key_advice)
    assert len(emulator.calls) == calls_before


@pytest.mark.parametrize(
    "pasted",
    [
        f"  {VALID_KEY}\n",
        f'"{VALID_KEY}"',
        f"'{VALID_KEY}'",
        f"GEMINI_API_KEY={VALID_KEY}",
        f'export GEMINI_API_KEY="{VALID_KEY}"',
    ],
)
def test_whitespace_quotes_and_assignments_are_stripped_and_mentioned(base_url: str, pasted: str) -> None:
    result = run(base_url, pasted)
    assert result.ok
    assert any("were removed before sending it" in advice for advice in result.key_advice) == (
        not pasted.startswith("GEMINI_API_KEY=")
    )
    assert any("only the value was used" in advice for advice in result.key_advice) == ("API_KEY=" in pasted)


def test_auth_keys_get_no_warning(base_url: str) -> None:
    result = run(base_url, VALID_KEY)
    assert result.key_advice == ("This is an auth key (AQ.…), the kind AI Studio creates now.",)


@pytest.mark.parametrize(
    ("key", "advice_fragment"),
    [
        ("AIzaSyD-fake-standard-key-0123456789abcd", "September 2026"),
        ("ya29.a0AfH6SMBfakeOAuthAccessToken", "OAuth access token"),
        ("sk-not-a-gemini-key", "does not look like a Gemini API key"),
        ("AQ.has a space", "space"),
    ],
)
def test_odd_formats_get_advice_but_are_still_checked(emulator: EmulatorServer, key: str, advice_fragment: str) -> None:
    calls_before = len(emulator.calls)
    result = run(emulator.base_url, key)
    assert any(advice_fragment in advice for advice in result.key_advice)
    assert len(emulator.calls) > calls_before
    assert_failed_at(result, KEY_ACCEPTED.label)  # the emulator, like Google, knows none of them


def test_standard_key_advice_names_both_retirement_dates() -> None:
    advice = " ".join(prepare_key("AIzaSyD-fake-standard-key-0123456789abcd").advice)
    assert "2026-06-19" in advice and "September 2026" in advice


# ---- the key never comes back ---------------------------------------------------------------------------------


@pytest.mark.parametrize("sdk", SDKS)
@pytest.mark.parametrize("key", [VALID_KEY, "AQ.fake-suspended", "plainsecret-9f8e7d6c5b4a", "tiny1"])
def test_the_key_never_appears_in_anything_returned(base_url: str, key: str, sdk: str) -> None:
    # Every failing scenario makes the same assertion in test_scenario_fails_at_the_right_step_with_the_sdks_error.
    result = run(base_url, f"  {key} ", sdk)
    for text in returned_strings(result):
        assert key not in text


def test_a_key_echoed_by_google_is_redacted_in_the_error_text(base_url: str) -> None:
    result = run(base_url, "AQ.fake-suspended")
    assert "Consumer 'api_key:[REDACTED]' has been suspended" in result.error_text


# ---- isolation between checks -----------------------------------------------------------------------------------


@pytest.mark.parametrize("sdk", SDKS)
def test_concurrent_checks_each_use_their_own_key(base_url: str, sdk: str) -> None:
    iterations = 10
    wrong: list[str] = []
    start = threading.Barrier(2)

    def check_repeatedly(key: str, should_pass: bool) -> None:
        start.wait()
        for _ in range(iterations):
            result = run(base_url, key, sdk, stream=False)
            quota_failure = "RESOURCE_EXHAUSTED" in result.error_text or "TooManyRequests" in result.error_text
            if result.ok != should_pass or (not should_pass and not quota_failure):
                wrong.append(f"{key}: ok={result.ok} {result.error_text[:120]}")

    threads = [
        threading.Thread(target=check_repeatedly, args=(VALID_KEY, True)),
        threading.Thread(target=check_repeatedly, args=("AQ.fake-quota", False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert wrong == []


def test_the_legacy_sdk_process_wide_configuration_is_left_alone(base_url: str) -> None:
    manager = legacy_client._client_manager
    before = (manager.client_config, dict(manager.clients))
    result = run(base_url, VALID_KEY, SDK_GOOGLE_GENERATIVEAI)
    assert result.ok
    assert (manager.client_config, dict(manager.clients)) == before
    options = manager.client_config.get("client_options")
    assert getattr(options, "api_key", None) != VALID_KEY


def test_a_long_server_message_is_kept_to_a_sentence_never_cut_mid_word() -> None:
    message = ("The request was refused because the project is not allowed to call this model. " * 12).strip()
    failure = ApiFailure(403, "PERMISSION_DENIED", "", message)
    detail = describe_failure(RuntimeError(), failure, timeout=5, base_url="http://127.0.0.1")
    assert detail.startswith("403 PERMISSION_DENIED: The request was refused")
    assert detail.endswith("call this model.")
    assert len(detail) <= MESSAGE_LIMIT + len("403 PERMISSION_DENIED: ")
    short = describe_failure(RuntimeError(), ApiFailure(400, "", "", message[:100]), timeout=5, base_url="x")
    assert short == f"400: {message[:100]}", "a message that fits is shown whole"
