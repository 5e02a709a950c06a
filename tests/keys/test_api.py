"""POST /api/key-check and `manage.py check_key`, against the local Gemini API emulator."""

from __future__ import annotations

import io
import json

import jsonschema_rs
import pytest
from django.core.management import CommandError, call_command
from django.urls import include, path

from keycheck import KEY_ACCEPTED, ONE_TOKEN_CALL, SDK_GOOGLE_GENAI, SDK_GOOGLE_GENERATIVEAI, STEPS, STREAMING_CALL

SDKS = (SDK_GOOGLE_GENAI, SDK_GOOGLE_GENERATIVEAI)

# The site mounted under a prefix (this module as ROOT_URLCONF): a link built from a hard-coded
# path would miss it.
urlpatterns = [path("help/", include("troubleshooter.urls"))]

# Every emulator scenario: the step that fails and the documented error it is classified as.
EXPECTED = {
    "AQ.fake-valid": (None, None),
    "AQ.fake-invalid": (KEY_ACCEPTED.label, "api-key-invalid"),
    "AQ.fake-expired": (KEY_ACCEPTED.label, "api-key-expired"),
    "AQ.fake-legacykey": (KEY_ACCEPTED.label, "standard-key-rejected"),
    "AQ.fake-denied": (KEY_ACCEPTED.label, "service-disabled"),
    "AQ.fake-blocked": (KEY_ACCEPTED.label, "api-key-service-blocked"),
    "AQ.fake-leaked": (KEY_ACCEPTED.label, "api-key-leaked"),
    "AQ.fake-suspended": (KEY_ACCEPTED.label, "consumer-suspended"),
    "AQ.fake-prepaid": (ONE_TOKEN_CALL.label, "prepaid-credits-depleted"),
    "AQ.fake-quota": (ONE_TOKEN_CALL.label, "quota-per-minute"),
    "AQ.fake-daily": (ONE_TOKEN_CALL.label, "quota-per-day"),
    "AQ.fake-location": (ONE_TOKEN_CALL.label, "user-location-not-supported"),
    "AQ.fake-overloaded": (ONE_TOKEN_CALL.label, "service-unavailable"),
    "AQ.fake-internal": (ONE_TOKEN_CALL.label, "internal-error"),
    "AQ.fake-deadline": (ONE_TOKEN_CALL.label, "deadline-exceeded"),
    "AQ.fake-safety": (ONE_TOKEN_CALL.label, "response-blocked-safety"),
    "AQ.fake-promptblocked": (ONE_TOKEN_CALL.label, "prompt-blocked"),
    "AQ.fake-recitation": (ONE_TOKEN_CALL.label, "recitation"),
    "AQ.fake-streamcut": (
        STREAMING_CALL.label,
        {SDK_GOOGLE_GENAI: "internal-error", SDK_GOOGLE_GENERATIVEAI: "stream-broken"},
    ),
}


def key_check(client, payload, **extra):
    return client.post("/api/key-check", data=json.dumps(payload), content_type="application/json", **extra)


@pytest.mark.parametrize("sdk", SDKS)
@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_every_scenario_names_the_failing_step_and_its_error_page(client, site_uses_emulator, key, sdk):
    failed_step, slug = EXPECTED[key]
    slug = slug[sdk] if isinstance(slug, dict) else slug
    response = key_check(client, {"api_key": key, "sdk": sdk, "model": "gemini-3.5-flash", "stream": True})
    assert response.status_code == 200
    body = response.json()
    assert {"ok", "steps", "matches", "facts"} <= set(body)
    assert all(set(step) >= {"name", "ok", "ms", "detail"} for step in body["steps"])
    failed = [step["name"] for step in body["steps"] if step["ok"] is False]
    if failed_step is None:
        assert body["ok"] is True and failed == [] and body["matches"] == []
        return
    assert body["ok"] is False
    assert failed == [failed_step]
    assert body["matches"][0]["slug"] == slug


def test_each_step_carries_its_stable_id_beside_its_label(client, site_uses_emulator):
    body = key_check(client, {"api_key": "AQ.fake-valid", "stream": True}).json()
    assert [(step["id"], step["name"]) for step in body["steps"]] == [(step.id, step.label) for step in STEPS]
    assert body["steps"][0] == body["steps"][0] | {"id": "key_accepted", "name": "Key accepted"}


def test_quota_failure_reports_the_retry_delay_and_period(client, site_uses_emulator):
    body = key_check(client, {"api_key": "AQ.fake-quota", "model": "gemini-3.5-flash"}).json()
    assert body["facts"]["retry_delay_seconds"] == 17.0
    assert body["facts"]["quota_period"] == "minute"
    daily = key_check(client, {"api_key": "AQ.fake-daily", "model": "gemini-3.5-flash"}).json()
    assert daily["facts"]["quota_period"] == "day"


def test_unknown_model_gets_the_closest_ids_the_key_can_reach(client, site_uses_emulator):
    body = key_check(client, {"api_key": "AQ.fake-valid", "model": "gemini-3.5-flsh"}).json()
    assert body["ok"] is False
    assert "gemini-3.5-flash" in body["model_suggestions"]


@pytest.mark.parametrize(
    "payload",
    [
        {"api_key": "AQ.fake-valid", "stream": True},
        {"api_key": "AQ.fake-quota", "model": "gemini-3.5-flash"},
        {"api_key": "AQ.fake-valid", "model": "gemini-3.5-flsh"},
        {"api_key": "  AQ.fake-invalid  "},
    ],
    ids=["passes", "quota", "unknown-model", "rejected-key"],
)
def test_the_openapi_document_describes_every_field_of_the_answer(client, site_uses_emulator, payload):
    document = client.get("/api/openapi.json").json()
    schema = document["paths"]["/api/key-check"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    body = key_check(client, payload).json()
    assert set(body) == set(schema["properties"])
    jsonschema_rs.validate(schema, body)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({}, "Enter the API key"),
        ({"api_key": ""}, "Enter the API key"),
        ({"api_key": "   "}, "Enter the API key"),
        ({"api_key": 12345}, "Enter the API key"),
        ({"api_key": "AQ." + "x" * 10_000}, "characters long"),
        ({"api_key": "AQ.fake\x07valid"}, "control characters"),
        ({"api_key": "AQ.fake-valid", "sdk": "openai"}, "Unknown SDK"),
        ({"api_key": "AQ.fake-valid", "model": "../../etc/passwd"}, "model name"),
        ({"api_key": "AQ.fake-valid", "model": "g" * 300}, "model name"),
        ({"api_key": "AQ.fake-valid", "model": 7}, "model name"),
        ({"api_key": "AQ.fake-valid", "stream": "yes"}, "stream"),
        ({"api_key": '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----"}'}, "service-account"),
    ],
)
def test_bad_input_gets_a_clear_400(client, site_uses_emulator, payload, message):
    response = key_check(client, payload)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert "x" * 100 not in response.content.decode()


def test_body_that_is_not_json_is_refused_clearly(client, site_uses_emulator):
    response = client.post("/api/key-check", data="AQ.fake-valid", content_type="text/plain")
    assert response.status_code == 415
    assert "AQ.fake-valid" not in response.content.decode()


def test_rate_limit_per_client_ip_answers_429_with_a_message(client, site_uses_emulator, settings, monkeypatch):
    # One fixed minute: calls that straddle a minute boundary would each get a fresh budget.
    monkeypatch.setattr("web.ratelimit.time.time", lambda: 1_800_000_000.0)
    settings.KEY_CHECK_RATE_LIMIT_PER_MINUTE = 2
    statuses = [key_check(client, {"api_key": "AQ.fake-invalid"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = key_check(client, {"api_key": "AQ.fake-invalid"})
    assert "Too many key checks" in response.json()["error"]
    # Another address has its own budget.
    assert key_check(client, {"api_key": "AQ.fake-invalid"}, REMOTE_ADDR="10.9.8.7").status_code == 200


def test_endpoint_that_never_answers_fails_within_the_timeout(client, synced_kb, settings):
    from gemini_emulator import start_emulator

    server, url = start_emulator(response_delay=30)
    try:
        settings.GEMINI_API_BASE_URL = url
        settings.KEY_CHECK_TIMEOUT_SECONDS = 1
        body = key_check(client, {"api_key": "AQ.fake-valid"}).json()
    finally:
        server.close()
    assert body["ok"] is False
    first = body["steps"][0]
    assert first["ok"] is False and first["ms"] < 5000
    assert "timed out" in first["detail"].lower() or "timeout" in first["detail"].lower()


def run_check_key(monkeypatch, *args, **environment):
    for name in ("GEMINI_API_KEY", "GOOGLE_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    out = io.StringIO()
    code: int | str | None = 0
    try:
        call_command("check_key", *args, stdout=out)
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue()


def test_check_key_command_prints_the_checklist(site_uses_emulator, monkeypatch):
    code, output = run_check_key(monkeypatch, "--model", "gemini-3.5-flash", GEMINI_API_KEY="AQ.fake-quota")
    assert code == 1
    assert "[ok  ] Key accepted" in output
    assert "[FAIL] One-token call" in output
    assert "/errors/quota-per-minute/" in output
    assert "AQ.fake-quota" not in output


def test_check_key_command_links_the_error_page_where_the_site_serves_it(site_uses_emulator, monkeypatch, settings):
    settings.ROOT_URLCONF = __name__
    code, output = run_check_key(monkeypatch, GEMINI_API_KEY="AQ.fake-quota")
    assert code == 1
    assert "see /help/errors/quota-per-minute/" in output


def test_check_key_command_json_matches_the_api(site_uses_emulator, monkeypatch):
    code, output = run_check_key(monkeypatch, "--json", "--sdk", "google-generativeai", GOOGLE_API_KEY="AQ.fake-valid")
    assert code == 0
    body = json.loads(output)
    assert body["ok"] is True
    assert [s["ok"] for s in body["steps"]] == [True, True, True, True]


def test_check_key_command_follows_each_sdks_variable_precedence(site_uses_emulator, monkeypatch):
    both = {"GOOGLE_API_KEY": "AQ.fake-valid", "GEMINI_API_KEY": "AQ.fake-invalid"}
    _, genai_output = run_check_key(monkeypatch, **both)
    _, legacy_output = run_check_key(monkeypatch, "--sdk", "google-generativeai", **both)
    assert "key in GOOGLE_API_KEY" in genai_output and "All checks passed" in genai_output
    assert "key in GEMINI_API_KEY" in legacy_output and "failed" in legacy_output


def test_check_key_command_without_a_key_says_what_to_set(monkeypatch, synced_kb):
    with pytest.raises(CommandError, match="Set GEMINI_API_KEY"):
        run_check_key(monkeypatch)


def test_check_key_command_takes_no_key_argument(synced_kb):
    with pytest.raises(CommandError):
        call_command("check_key", "AQ.fake-valid")


def test_rate_limit_budget_starts_again_the_next_minute(db, monkeypatch):
    from web.ratelimit import allow

    minute = 1_800_000_000 // 60 * 60
    assert [allow(scope="t", client="1.2.3.4", limit=1, now=minute + s) for s in (0, 30)] == [True, False]
    assert allow(scope="t", client="1.2.3.4", limit=1, now=minute + 61) is True
