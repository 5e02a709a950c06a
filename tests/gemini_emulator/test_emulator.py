"""The Gemini API emulator: its HTTP answers, and what both real SDKs raise when pointed at it."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import google.api_core.exceptions as core_exceptions
import google.generativeai as legacy_genai
import pytest
from google import genai
from google.genai import errors as genai_errors
from google.genai import types
from google.generativeai.types import generation_types

from gemini_emulator import (
    HANG_KEY,
    REPLY_TEXT,
    SCENARIOS,
    TRICKLE_INTERVAL_SECONDS,
    TRICKLE_KEY,
    VALID_KEY,
    EmulatorServer,
    load_models,
    start_emulator,
)

ROOT = Path(__file__).resolve().parents[2]
MODEL = "gemini-3.5-flash"
PROMPT = {"contents": [{"role": "user", "parts": [{"text": "Say hello"}]}]}
LEGACY_ALT = "%24alt=json%3Benum-encoding%3Dint"
MODEL_IDS = [m["name"].removeprefix("models/") for m in load_models()]


def http(
    base_url: str, method: str, path: str, *, key: str | None = VALID_KEY, body: Any = None, timeout: float = 5
) -> tuple[int, str]:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"} | ({"x-goog-api-key": key} if key else {})
    request = urllib.request.Request(base_url + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def endpoint_request(endpoint: str, version: str = "v1beta") -> tuple[str, str, Any]:
    return {
        "list": ("GET", f"/{version}/models", None),
        "get": ("GET", f"/{version}/models/{MODEL}", None),
        "generate": ("POST", f"/{version}/models/{MODEL}:generateContent", PROMPT),
        "stream": ("POST", f"/{version}/models/{MODEL}:streamGenerateContent?alt=sse", PROMPT),
        "count": ("POST", f"/{version}/models/{MODEL}:countTokens", PROMPT),
    }[endpoint]


def assert_google_error_shape(payload: Any, http_code: int) -> dict[str, Any]:
    assert set(payload) == {"error"}
    error = payload["error"]
    assert set(error) in ({"code", "message", "status"}, {"code", "message", "status", "details"})
    assert error["code"] == http_code
    assert isinstance(error["message"], str) and error["message"]
    for detail in error.get("details", []):
        assert detail["@type"].startswith("type.googleapis.com/google.rpc.")
    return error


# ---- plain HTTP ---------------------------------------------------------------------------------------------


def test_model_list_pages_through_every_model_with_page_tokens(base_url: str) -> None:
    seen: list[str] = []
    token = ""
    pages = 0
    while True:
        status, text = http(base_url, "GET", f"/v1beta/models?pageSize=4{'&pageToken=' + token if token else ''}")
        assert status == 200
        page = json.loads(text)
        assert len(page["models"]) <= 4
        seen += [m["name"].removeprefix("models/") for m in page["models"]]
        pages += 1
        token = page.get("nextPageToken", "")
        if not token:
            break
    assert seen == MODEL_IDS
    assert pages == -(-len(MODEL_IDS) // 4)


@pytest.mark.parametrize("version", ["v1", "v1beta"])
def test_both_api_versions_are_served(base_url: str, version: str) -> None:
    status, text = http(base_url, "GET", f"/{version}/models/{MODEL}")
    assert status == 200
    model = json.loads(text)
    assert model["name"] == f"models/{MODEL}"
    assert {"displayName", "inputTokenLimit", "outputTokenLimit", "supportedGenerationMethods"} <= set(model)


def test_models_file_lists_current_gemini_models() -> None:
    assert {
        "gemini-3.5-flash",
        "gemini-3.8-flash",
        "gemini-3.1-flash-lite",
        "gemini-3.5-flash-lite",
        "gemini-3.1-pro-preview",
    } <= set(MODEL_IDS)


@pytest.mark.parametrize("version", ["v1", "v1beta"])
def test_unknown_model_answers_googles_404(base_url: str, version: str) -> None:
    status, text = http(base_url, "POST", f"/{version}/models/gemini-1.5-flash:generateContent", body=PROMPT)
    assert status == 404
    error = assert_google_error_shape(json.loads(text), 404)
    assert error["status"] == "NOT_FOUND"
    assert error["message"] == (
        f"models/gemini-1.5-flash is not found for API version {version}, or is not supported for generateContent. "
        "Call ListModels to see the list of available models and their supported methods."
    )


def test_valid_key_generates_text_with_stop_and_usage(base_url: str) -> None:
    status, text = http(base_url, "POST", f"/v1beta/models/{MODEL}:generateContent", body=PROMPT)
    assert status == 200
    reply = json.loads(text)
    candidate = reply["candidates"][0]
    assert candidate["finishReason"] == "STOP"
    assert candidate["content"]["parts"][0]["text"] == REPLY_TEXT
    assert reply["usageMetadata"]["totalTokenCount"] > reply["usageMetadata"]["promptTokenCount"] > 0


def test_key_is_also_read_from_the_key_query_parameter(base_url: str) -> None:
    status, _ = http(base_url, "GET", f"/v1beta/models?key={VALID_KEY}", key=None)
    assert status == 200
    status, _ = http(base_url, "GET", "/v1beta/models?key=AQ.fake-invalid", key=None)
    assert status == 400


def test_max_output_tokens_cuts_the_reply_with_max_tokens(base_url: str) -> None:
    body = PROMPT | {"generationConfig": {"maxOutputTokens": 1}}
    status, text = http(base_url, "POST", f"/v1beta/models/{MODEL}:generateContent", body=body)
    candidate = json.loads(text)["candidates"][0]
    assert status == 200
    assert candidate["finishReason"] == "MAX_TOKENS"
    assert candidate["content"]["parts"][0]["text"] == REPLY_TEXT.split()[0]


def test_count_tokens_returns_total_tokens(base_url: str) -> None:
    status, text = http(base_url, "POST", f"/v1beta/models/{MODEL}:countTokens", body=PROMPT)
    assert status == 200
    assert json.loads(text) == {"totalTokens": 2}


def test_missing_contents_is_invalid_argument(base_url: str) -> None:
    status, text = http(base_url, "POST", f"/v1beta/models/{MODEL}:generateContent", body={})
    assert status == 400
    assert assert_google_error_shape(json.loads(text), 400)["status"] == "INVALID_ARGUMENT"


def test_stream_with_alt_sse_sends_data_frames(base_url: str) -> None:
    status, text = http(base_url, "POST", f"/v1beta/models/{MODEL}:streamGenerateContent?alt=sse", body=PROMPT)
    frames = [frame for frame in text.split("\n\n") if frame]
    assert status == 200
    assert len(frames) >= 3
    assert all(frame.startswith("data: ") for frame in frames)
    chunks = [json.loads(frame.removeprefix("data: ")) for frame in frames]
    assert "".join(c["candidates"][0]["content"]["parts"][0]["text"] for c in chunks) == REPLY_TEXT
    assert chunks[-1]["candidates"][0]["finishReason"] == "STOP"
    assert all("finishReason" not in c["candidates"][0] for c in chunks[:-1])


def test_stream_without_sse_is_one_json_array_with_int_enums_when_asked(base_url: str) -> None:
    status, text = http(base_url, "POST", f"/v1beta/models/{MODEL}:streamGenerateContent?{LEGACY_ALT}", body=PROMPT)
    chunks = json.loads(text)
    assert status == 200
    assert isinstance(chunks, list) and len(chunks) >= 3
    assert chunks[-1]["candidates"][0]["finishReason"] == 1  # STOP as a number: enum-encoding=int


# Per scenario: HTTP code, status, ErrorInfo reason (or ""), and the endpoints that fail.
ALL = ("list", "get", "generate", "stream", "count")
GENERATION = ("generate", "stream")
ERROR_SCENARIOS: dict[str, tuple[int, str, str, tuple[str, ...]]] = {
    "AQ.fake-invalid": (400, "INVALID_ARGUMENT", "API_KEY_INVALID", ALL),
    "AQ.fake-expired": (400, "INVALID_ARGUMENT", "API_KEY_INVALID", ALL),
    "AQ.fake-legacykey": (401, "UNAUTHENTICATED", "ACCESS_TOKEN_TYPE_UNSUPPORTED", ALL),
    "AQ.fake-denied": (403, "PERMISSION_DENIED", "SERVICE_DISABLED", ALL),
    "AQ.fake-blocked": (403, "PERMISSION_DENIED", "API_KEY_SERVICE_BLOCKED", ALL),
    "AQ.fake-leaked": (403, "PERMISSION_DENIED", "", ALL),
    "AQ.fake-suspended": (403, "PERMISSION_DENIED", "CONSUMER_SUSPENDED", ALL),
    "AQ.fake-prepaid": (402, "RESOURCE_EXHAUSTED", "", GENERATION),
    "AQ.fake-quota": (429, "RESOURCE_EXHAUSTED", "", GENERATION),
    "AQ.fake-daily": (429, "RESOURCE_EXHAUSTED", "", GENERATION),
    "AQ.fake-location": (400, "FAILED_PRECONDITION", "", GENERATION),
    "AQ.fake-overloaded": (503, "UNAVAILABLE", "", GENERATION),
    "AQ.fake-internal": (500, "INTERNAL", "", GENERATION),
    "AQ.fake-deadline": (504, "DEADLINE_EXCEEDED", "", GENERATION),
    "some-unknown-key": (400, "INVALID_ARGUMENT", "API_KEY_INVALID", ALL),
}


def test_every_scenario_key_is_covered_by_these_tests() -> None:
    answered_200 = {
        VALID_KEY,
        HANG_KEY,
        TRICKLE_KEY,
        "AQ.fake-safety",
        "AQ.fake-promptblocked",
        "AQ.fake-recitation",
        "AQ.fake-streamcut",
    }
    assert set(SCENARIOS) == (set(ERROR_SCENARIOS) - {"some-unknown-key"}) | answered_200


@pytest.mark.parametrize("key", sorted(ERROR_SCENARIOS))
@pytest.mark.parametrize("endpoint", ALL)
def test_scenario_fails_on_its_endpoints_with_googles_error_shape(base_url: str, key: str, endpoint: str) -> None:
    http_code, status, reason, failing = ERROR_SCENARIOS[key]
    method, path, body = endpoint_request(endpoint)
    answer, text = http(base_url, method, path, key=key, body=body)
    if endpoint not in failing:
        assert answer == 200
        return
    assert answer == http_code
    error = assert_google_error_shape(json.loads(text), http_code)
    assert error["status"] == status
    reasons = [d.get("reason") for d in error.get("details", []) if d["@type"].endswith("ErrorInfo")]
    assert reasons == ([reason] if reason else [])


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("AQ.fake-invalid", "API key not valid. Please pass a valid API key."),
        ("AQ.fake-expired", "API key expired. Please renew the API key."),
        (
            "AQ.fake-legacykey",
            "Request had invalid authentication credentials. Expected OAuth 2 access token, "
            "login cookie or other valid authentication credential.",
        ),
        ("AQ.fake-leaked", "Your API key was reported as leaked. Please use another API key."),
        ("AQ.fake-location", "User location is not supported for the API use."),
        ("AQ.fake-overloaded", "The model is overloaded. Please try again later."),
    ],
)
def test_error_messages_are_googles_exact_text(base_url: str, key: str, message: str) -> None:
    _, text = http(base_url, "POST", f"/v1beta/models/{MODEL}:generateContent", key=key, body=PROMPT)
    assert json.loads(text)["error"]["message"] == message


def test_api_key_invalid_carries_error_info_and_localized_message(base_url: str) -> None:
    _, text = http(base_url, "GET", "/v1beta/models", key="AQ.fake-invalid")
    details = json.loads(text)["error"]["details"]
    assert details[0] == {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "API_KEY_INVALID",
        "domain": "googleapis.com",
        "metadata": {"service": "generativelanguage.googleapis.com"},
    }
    assert details[1]["@type"] == "type.googleapis.com/google.rpc.LocalizedMessage"


def test_service_disabled_names_the_project_and_activation_url(base_url: str) -> None:
    _, text = http(base_url, "GET", "/v1beta/models", key="AQ.fake-denied")
    details = json.loads(text)["error"]["details"]
    metadata = details[0]["metadata"]
    assert {"serviceTitle", "consumer", "service", "activationUrl"} <= set(metadata)
    assert metadata["serviceTitle"] == "Generative Language API"
    help_links = [d for d in details if d["@type"].endswith("google.rpc.Help")][0]["links"]
    assert help_links[0]["url"] == metadata["activationUrl"]


def test_service_blocked_names_the_method_called(base_url: str) -> None:
    path = f"/v1/models/{MODEL}:streamGenerateContent?alt=sse"
    _, text = http(base_url, "POST", path, key="AQ.fake-blocked", body=PROMPT)
    message = json.loads(text)["error"]["message"]
    assert message == (
        "Requests to this API generativelanguage.googleapis.com method "
        "google.ai.generativelanguage.v1.GenerativeService.StreamGenerateContent are blocked."
    )


@pytest.mark.parametrize(
    ("key", "quota_id", "quota_value"),
    [
        ("AQ.fake-quota", "GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "5"),
        ("AQ.fake-daily", "GenerateRequestsPerDayPerProjectPerModel-FreeTier", "20"),
    ],
)
def test_quota_errors_carry_quota_failure_help_and_retry_info(
    base_url: str, key: str, quota_id: str, quota_value: str
) -> None:
    _, text = http(base_url, "POST", f"/v1beta/models/{MODEL}:generateContent", key=key, body=PROMPT)
    details = {d["@type"].rsplit(".", 1)[-1]: d for d in json.loads(text)["error"]["details"]}
    assert set(details) == {"QuotaFailure", "Help", "RetryInfo"}
    assert details["QuotaFailure"]["violations"] == [
        {
            "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
            "quotaId": quota_id,
            "quotaDimensions": {"location": "global", "model": MODEL},
            "quotaValue": quota_value,
        }
    ]
    assert details["Help"]["links"][0]["url"] == "https://ai.google.dev/gemini-api/docs/rate-limits"
    if key == "AQ.fake-quota":
        assert details["RetryInfo"] == {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "17s"}


def test_no_key_at_all_is_an_unregistered_caller(base_url: str) -> None:
    status, text = http(base_url, "GET", "/v1beta/models", key=None)
    assert status == 403
    assert "unregistered callers" in json.loads(text)["error"]["message"]


def test_suspended_consumer_message_names_the_key_as_google_does(base_url: str) -> None:
    _, text = http(base_url, "GET", "/v1beta/models", key="AQ.fake-suspended")
    assert "api_key:AQ.fake-suspended" in json.loads(text)["error"]["message"]


def test_safety_block_has_finish_reason_safety_a_high_rating_and_no_parts(base_url: str) -> None:
    _, text = http(base_url, "POST", f"/v1beta/models/{MODEL}:generateContent", key="AQ.fake-safety", body=PROMPT)
    candidate = json.loads(text)["candidates"][0]
    assert candidate["finishReason"] == "SAFETY"
    assert "content" not in candidate
    assert [r["probability"] for r in candidate["safetyRatings"]].count("HIGH") == 1


def test_prompt_block_has_block_reason_and_no_candidates(base_url: str) -> None:
    path = f"/v1beta/models/{MODEL}:generateContent"
    _, text = http(base_url, "POST", path, key="AQ.fake-promptblocked", body=PROMPT)
    reply = json.loads(text)
    assert "candidates" not in reply
    assert reply["promptFeedback"]["blockReason"] == "SAFETY"


def test_recitation_has_finish_reason_and_citations(base_url: str) -> None:
    _, text = http(base_url, "POST", f"/v1beta/models/{MODEL}:generateContent", key="AQ.fake-recitation", body=PROMPT)
    candidate = json.loads(text)["candidates"][0]
    assert candidate["finishReason"] == "RECITATION"
    assert candidate["citationMetadata"]["citationSources"]


def test_stream_cut_sends_a_good_chunk_then_an_error_chunk(base_url: str) -> None:
    key = "AQ.fake-streamcut"
    status, text = http(base_url, "POST", f"/v1beta/models/{MODEL}:streamGenerateContent?alt=sse", key=key, body=PROMPT)
    chunks = [json.loads(frame.removeprefix("data: ")) for frame in text.split("\n\n") if frame]
    assert status == 200
    assert len(chunks) == 2
    assert chunks[0]["candidates"][0]["content"]["parts"][0]["text"]
    assert_google_error_shape(chunks[1], 500)
    # The very 500 that AQ.fake-internal answers.
    internal = http(base_url, "POST", f"/v1beta/models/{MODEL}:generateContent", key="AQ.fake-internal", body=PROMPT)
    assert chunks[1] == json.loads(internal[1])
    status, _ = http(base_url, "POST", f"/v1beta/models/{MODEL}:generateContent", key=key, body=PROMPT)
    assert status == 200


def test_failed_non_sse_stream_wraps_the_error_in_an_array(base_url: str) -> None:
    path = f"/v1beta/models/{MODEL}:streamGenerateContent?{LEGACY_ALT}"
    status, text = http(base_url, "POST", path, key="AQ.fake-quota", body=PROMPT)
    payload = json.loads(text)
    assert status == 429
    assert isinstance(payload, list) and len(payload) == 1
    assert_google_error_shape(payload[0], 429)


def test_hang_key_outlasts_a_client_timeout(base_url: str) -> None:
    started = time.monotonic()
    with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
        http(base_url, "GET", "/v1beta/models", key=HANG_KEY, timeout=0.5)
    assert time.monotonic() - started < 2


def test_trickle_key_answers_200_a_byte_at_a_time(base_url: str) -> None:
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as connection:
        connection.sendall(f"GET /v1beta/models HTTP/1.0\r\nx-goog-api-key: {TRICKLE_KEY}\r\n\r\n".encode())
        connection.settimeout(2)
        assert connection.recv(100).startswith(b"HTTP/1.0 200")
        time.sleep(TRICKLE_INTERVAL_SECONDS * 4)
        received = b""
        connection.settimeout(0.1)
        with contextlib.suppress(TimeoutError):
            while chunk := connection.recv(4096):
                received += chunk
    # Headers came at once; the body comes a byte per interval, so four intervals bring a few bytes.
    assert 1 <= len(received.split(b"\r\n\r\n", 1)[-1]) <= 6


def test_close_returns_promptly_while_a_request_hangs() -> None:
    server, base_url = start_emulator()
    connection = socket.create_connection(("127.0.0.1", server.server_port))
    connection.sendall(f"GET /v1beta/models HTTP/1.0\r\nx-goog-api-key: {HANG_KEY}\r\n\r\n".encode())
    time.sleep(0.1)
    started = time.monotonic()
    server.close()
    assert time.monotonic() - started < 2
    connection.settimeout(2)
    assert connection.recv(100) == b""  # dropped unanswered
    connection.close()


def test_response_delay_slows_every_answer() -> None:
    server, base_url = start_emulator(response_delay=0.3)
    try:
        started = time.monotonic()
        status, _ = http(base_url, "GET", "/v1beta/models")
        assert status == 200
        assert time.monotonic() - started >= 0.3
    finally:
        server.close()


def post_raw(base_url: str, path: str, data: bytes) -> tuple[int, Any]:
    request = urllib.request.Request(base_url + path, data=data, method="POST", headers={"x-goog-api-key": VALID_KEY})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


GENERATE = f"/v1beta/models/{MODEL}:generateContent"
MESSAGE_TYPE = "type.googleapis.com/google.ai.generativelanguage.v1beta."
HI = '"contents": [{"parts": [{"text": "hi"}]}]'


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        (GENERATE, b"not json", "Invalid JSON payload received."),
        (GENERATE, b"\xff\xfe{}", "Invalid JSON payload received."),
        (GENERATE, b"[" * 100_000, "Invalid JSON payload received."),
        (GENERATE, b"[1, 2]", "Invalid JSON payload received."),
        (GENERATE, b'{"contents": "hi"}', f"Invalid value at 'contents' ({MESSAGE_TYPE}Content), \"hi\""),
        (
            GENERATE,
            b'{"contents": [{"parts": "hi"}]}',
            f'Invalid value at \'contents[0]\' ({MESSAGE_TYPE}Content), {{"parts": "hi"}}',
        ),
        (
            GENERATE,
            b'{"contents": [{"parts": [{"text": 5}]}]}',
            "Invalid value at 'contents[0].parts[0].text' (TYPE_STRING), 5",
        ),
        (
            GENERATE,
            ("{" + HI + ', "generationConfig": []}').encode(),
            f"Invalid value at 'generation_config' ({MESSAGE_TYPE}GenerationConfig), []",
        ),
        (
            GENERATE,
            ("{" + HI + ', "generationConfig": {"maxOutputTokens": 1e400}}').encode(),
            "Invalid value at 'generation_config.max_output_tokens' (TYPE_INT32), Infinity",
        ),
        (
            f"/v1beta/models/{MODEL}:countTokens",
            b'{"generateContentRequest": "x"}',
            f"Invalid value at 'generate_content_request' ({MESSAGE_TYPE}GenerateContentRequest), \"x\"",
        ),
    ],
    ids=[
        "not JSON",
        "not UTF-8",
        "nested past the parser",
        "an array",
        "contents a string",
        "parts a string",
        "text a number",
        "generationConfig an array",
        "maxOutputTokens infinite",
        "countTokens request a string",
    ],
)
def test_a_malformed_body_gets_googles_400_not_a_traceback(
    base_url: str, capfd: pytest.CaptureFixture[str], path: str, data: bytes, message: str
) -> None:
    status, payload = post_raw(base_url, path, data)
    assert status == 400
    error = assert_google_error_shape(payload, 400)
    assert (error["status"], error["message"]) == ("INVALID_ARGUMENT", message)
    assert "Traceback" not in capfd.readouterr().err


def test_max_output_tokens_written_as_a_string_is_read_as_google_reads_it(base_url: str) -> None:
    data = ("{" + HI + ', "generationConfig": {"maxOutputTokens": "3"}}').encode()
    status, payload = post_raw(base_url, GENERATE, data)
    assert status == 200
    assert payload["candidates"][0]["finishReason"] == "MAX_TOKENS"


def test_a_content_length_that_is_no_number_gets_a_400(base_url: str) -> None:
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(f"POST {GENERATE} HTTP/1.0\r\nContent-Length: lots\r\n\r\n{{}}".encode())
        answer = b""
        while chunk := connection.recv(4096):
            answer += chunk
    head, body = answer.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.0 400")
    assert json.loads(body)["error"]["message"] == "Invalid Content-Length header."


@pytest.mark.parametrize(
    "sent",
    [b"", b"POST /v1beta/models HTTP/1.0\r\n", f"POST {GENERATE} HTTP/1.0\r\nContent-Length: 100\r\n\r\n{{".encode()],
    ids=["nothing", "half the headers", "half the body"],
)
def test_a_client_that_stalls_is_dropped_after_the_socket_timeout(
    capfd: pytest.CaptureFixture[str], sent: bytes
) -> None:
    with EmulatorServer(("127.0.0.1", 0), socket_timeout=0.3) as server:
        server.start()
        with socket.create_connection(("127.0.0.1", server.server_port), timeout=5) as connection:
            connection.sendall(sent)
            started = time.monotonic()
            assert connection.recv(100) == b""  # closed unanswered
            assert time.monotonic() - started < 3
        assert http(server.base_url, "GET", "/v1beta/models")[0] == 200
    assert "Traceback" not in capfd.readouterr().err


def test_the_scenario_switch_refuses_an_unknown_key_and_keeps_the_scenario_it_had() -> None:
    with start_emulator()[0] as server:
        base_url = server.base_url
        switched = http(base_url, "POST", "/_emulator/scenario", body={"key": "AQ.fake-overloaded"})
        assert json.loads(switched[1]) == {"key": "AQ.fake-overloaded"}
        status, text = http(base_url, "POST", "/_emulator/scenario", body={"key": "AQ.fake-overloadd"})
        assert status == 400
        error = assert_google_error_shape(json.loads(text), 400)
        assert error["status"] == "INVALID_ARGUMENT"
        assert error["message"].startswith("Unknown scenario key: send one of AQ.fake-valid, ")
        assert "AQ.fake-overloadd" not in error["message"]
        assert json.loads(http(base_url, "GET", "/_emulator/scenario")[1]) == {"key": "AQ.fake-overloaded"}
        assert http(base_url, "POST", f"/v1beta/models/{MODEL}:generateContent", body=PROMPT)[0] == 503
        assert json.loads(http(base_url, "POST", "/_emulator/scenario", body={"key": None})[1]) == {"key": None}


# ---- google-genai against the emulator -------------------------------------------------------------------


def genai_client(base_url: str, key: str) -> genai.Client:
    return genai.Client(api_key=key, http_options=types.HttpOptions(base_url=base_url, timeout=5000))


@pytest.mark.parametrize(
    ("key", "error_class", "code", "status"),
    [
        ("AQ.fake-invalid", genai_errors.ClientError, 400, "INVALID_ARGUMENT"),
        ("AQ.fake-legacykey", genai_errors.ClientError, 401, "UNAUTHENTICATED"),
        ("AQ.fake-prepaid", genai_errors.ClientError, 402, "RESOURCE_EXHAUSTED"),
        ("AQ.fake-denied", genai_errors.ClientError, 403, "PERMISSION_DENIED"),
        ("AQ.fake-quota", genai_errors.ClientError, 429, "RESOURCE_EXHAUSTED"),
        ("AQ.fake-location", genai_errors.ClientError, 400, "FAILED_PRECONDITION"),
        ("AQ.fake-internal", genai_errors.ServerError, 500, "INTERNAL"),
        ("AQ.fake-overloaded", genai_errors.ServerError, 503, "UNAVAILABLE"),
        ("AQ.fake-deadline", genai_errors.ServerError, 504, "DEADLINE_EXCEEDED"),
    ],
)
def test_google_genai_raises_what_google_makes_it_raise(
    base_url: str, key: str, error_class: type[genai_errors.APIError], code: int, status: str
) -> None:
    with genai_client(base_url, key) as client, pytest.raises(error_class) as raised:
        client.models.generate_content(model=MODEL, contents="hi")
    assert raised.value.code == code
    assert raised.value.status == status
    assert str(raised.value).startswith(f"{code} {status}. {{'error': {{'code': {code}")


def test_google_genai_generates_streams_lists_and_counts(base_url: str) -> None:
    with genai_client(base_url, VALID_KEY) as client:
        reply = client.models.generate_content(model=MODEL, contents="hi")
        assert reply.text == REPLY_TEXT
        assert reply.candidates is not None
        assert reply.candidates[0].finish_reason == types.FinishReason.STOP
        chunks = list(client.models.generate_content_stream(model=MODEL, contents="hi"))
        assert len(chunks) >= 3
        assert "".join(c.text or "" for c in chunks) == REPLY_TEXT
        assert [
            (m.name or "").removeprefix("models/") for m in client.models.list(config={"page_size": 2})
        ] == MODEL_IDS
        assert client.models.count_tokens(model=MODEL, contents="two words").total_tokens == 2


def test_google_genai_lists_models_with_a_quota_exhausted_key(base_url: str) -> None:
    with genai_client(base_url, "AQ.fake-quota") as client:
        assert len(list(client.models.list())) == len(MODEL_IDS)


def test_google_genai_unknown_model_is_a_404_client_error(base_url: str) -> None:
    with genai_client(base_url, VALID_KEY) as client, pytest.raises(genai_errors.ClientError) as raised:
        client.models.generate_content(model="gemini-2.0-flash", contents="hi")
    assert raised.value.code == 404
    assert "is not found for API version" in (raised.value.message or "")


def test_google_genai_stream_cut_raises_server_error_after_the_first_chunk(base_url: str) -> None:
    received = []
    with genai_client(base_url, "AQ.fake-streamcut") as client, pytest.raises(genai_errors.ServerError) as raised:
        for chunk in client.models.generate_content_stream(model=MODEL, contents="hi"):
            received.append(chunk.text)
    assert len(received) == 1
    assert raised.value.code == 500 and raised.value.status == "INTERNAL"


def test_google_genai_stream_error_before_the_first_chunk_raises(base_url: str) -> None:
    with genai_client(base_url, "AQ.fake-quota") as client, pytest.raises(genai_errors.ClientError) as raised:
        list(client.models.generate_content_stream(model=MODEL, contents="hi"))
    assert raised.value.code == 429


def test_google_genai_blocked_replies_return_no_text(base_url: str) -> None:
    with genai_client(base_url, "AQ.fake-safety") as client:
        reply = client.models.generate_content(model=MODEL, contents="hi")
    assert reply.text is None
    assert reply.candidates is not None
    assert reply.candidates[0].finish_reason == types.FinishReason.SAFETY
    with genai_client(base_url, "AQ.fake-promptblocked") as client:
        reply = client.models.generate_content(model=MODEL, contents="hi")
    assert reply.text is None
    assert reply.prompt_feedback is not None
    assert reply.prompt_feedback.block_reason == types.BlockedReason.SAFETY


# ---- google-generativeai (legacy) against the emulator -------------------------------------------------------


# The legacy SDK retries 503 for up to ten minutes by default; tests want the first answer.
NO_RETRY = {"timeout": 5, "retry": None}


@pytest.mark.parametrize(
    ("key", "error_class", "code"),
    [
        ("AQ.fake-invalid", core_exceptions.BadRequest, 400),
        ("AQ.fake-legacykey", core_exceptions.Unauthorized, 401),
        ("AQ.fake-prepaid", core_exceptions.GoogleAPICallError, 402),
        ("AQ.fake-denied", core_exceptions.Forbidden, 403),
        ("AQ.fake-quota", core_exceptions.TooManyRequests, 429),
        ("AQ.fake-location", core_exceptions.BadRequest, 400),
        ("AQ.fake-internal", core_exceptions.InternalServerError, 500),
        ("AQ.fake-overloaded", core_exceptions.ServiceUnavailable, 503),
        ("AQ.fake-deadline", core_exceptions.GatewayTimeout, 504),
    ],
)
def test_legacy_sdk_raises_what_google_makes_it_raise(
    legacy: Any, base_url: str, key: str, error_class: type[Exception], code: int
) -> None:
    model = legacy(key)
    with pytest.raises(error_class) as raised:
        model.generate_content("hi", request_options=NO_RETRY)
    assert type(raised.value) is error_class  # 402 has no subclass of its own: the base class, exactly
    assert str(raised.value).startswith(f"{code} POST {base_url}/v1beta/models/{MODEL}:generateContent?{LEGACY_ALT}: ")


def test_legacy_sdk_error_text_carries_the_error_details(legacy: Any) -> None:
    model = legacy("AQ.fake-invalid")
    with pytest.raises(core_exceptions.BadRequest) as raised:
        model.generate_content("hi")
    assert raised.value.details[0]["reason"] == "API_KEY_INVALID"
    expected = "API key not valid. Please pass a valid API key. [{'@type': 'type.googleapis.com/google.rpc.ErrorInfo'"
    assert expected in str(raised.value)


def test_legacy_sdk_generates_streams_lists_and_counts(legacy: Any) -> None:
    model = legacy(VALID_KEY)
    reply = model.generate_content("hi")
    assert reply.text == REPLY_TEXT
    chunks = [chunk.text for chunk in model.generate_content("hi", stream=True)]
    assert len(chunks) >= 3 and "".join(chunks) == REPLY_TEXT
    assert [m.name.removeprefix("models/") for m in legacy_genai.list_models(page_size=2)] == MODEL_IDS
    assert model.count_tokens("two words").total_tokens == 2


def test_legacy_sdk_lists_models_with_a_quota_exhausted_key(legacy: Any) -> None:
    legacy("AQ.fake-quota")
    assert len(list(legacy_genai.list_models())) == len(MODEL_IDS)


def test_legacy_sdk_unknown_model_is_not_found(legacy: Any) -> None:
    legacy(VALID_KEY)
    with pytest.raises(core_exceptions.NotFound, match="is not found for API version v1beta"):
        legacy_genai.GenerativeModel("gemini-2.0-flash").generate_content("hi")


def test_legacy_sdk_stream_errors_surface_as_its_unknown_error(legacy: Any) -> None:
    model = legacy("AQ.fake-quota")
    with pytest.raises(core_exceptions.BadRequest, match="Unknown error trying to retrieve streaming response"):
        model.generate_content("hi", stream=True)


def test_legacy_sdk_blocked_replies_raise_its_own_exceptions(legacy: Any) -> None:
    with pytest.raises(ValueError, match="finish_reason"):
        legacy("AQ.fake-safety").generate_content("hi").text  # noqa: B018
    with pytest.raises(ValueError, match="blocked prompt"):
        legacy("AQ.fake-promptblocked").generate_content("hi").text  # noqa: B018
    with pytest.raises(generation_types.BlockedPromptException):
        list(legacy("AQ.fake-promptblocked").generate_content("hi", stream=True))
    with pytest.raises(ValueError, match="reciting from copyrighted material"):
        legacy("AQ.fake-recitation").generate_content("hi").text  # noqa: B018


def test_legacy_sdk_stream_cut_ends_quietly_after_the_first_chunk(legacy: Any) -> None:
    reply = legacy("AQ.fake-streamcut").generate_content("hi", stream=True)
    texts = [chunk.text for chunk in reply if chunk.candidates]
    assert len(texts) == 1
    assert reply.candidates[0].finish_reason == 0  # never finished: the error chunk is dropped unparsed


def test_the_module_command_serves_until_interrupted() -> None:
    command = [sys.executable, "-m", "gemini_emulator", "--port", "0", "--quiet"]
    environment = os.environ | {"PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(command, cwd=ROOT, env=environment, stderr=subprocess.PIPE, text=True) as process:
        try:
            assert process.stderr is not None
            base_url = process.stderr.readline().split(" on ")[1].split()[0]
            assert http(base_url, "GET", "/v1beta/models")[0] == 200
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=10) == 0
        finally:
            process.kill()
