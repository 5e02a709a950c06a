"""The "Test my key" page, with and without htmx, and the promise that a key is never kept."""

from __future__ import annotations

import html
import json
import logging
import re

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection

from errors_kb.models import GeminiModel
from keycheck import SDK_GOOGLE_GENAI, SDK_GOOGLE_GENERATIVEAI

from .test_api import EXPECTED

SDKS = (SDK_GOOGLE_GENAI, SDK_GOOGLE_GENERATIVEAI)


def check_on_page(client, key, *, sdk=SDK_GOOGLE_GENAI, model="gemini-3.5-flash", stream=False, htmx=False):
    data = {"api_key": key, "sdk": sdk, "model": model}
    if stream:
        data["stream"] = "on"
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post("/key/", data, headers=headers)


def test_page_has_a_labelled_password_field_that_autocomplete_ignores(client, synced_kb):
    page = client.get("/key/").content.decode()
    assert "<h1>Test my Gemini API key</h1>" in page
    assert 'type="password" name="api_key"' in page and 'autocomplete="off"' in page
    assert '<label class="field-label" for="id_api_key">API key</label>' in page
    assert 'list="model-suggestions"' in page and '<option value="gemini-3.5-flash">' in page
    assert 'hx-post="/key/"' in page and 'hx-disabled-elt="find button[type=submit]"' in page
    assert 'aria-live="polite"' in page


def test_the_model_field_suggests_every_model_in_the_catalogue_but_the_retired(client, synced_kb):
    page = client.get("/key/").content.decode()
    datalist = page[page.index('<datalist id="model-suggestions">') : page.index("</datalist>")]

    offered = re.findall(r'<option value="([^"]+)">', datalist)
    assert offered == list(GeminiModel.objects.exclude(status="retired").values_list("model_id", flat=True))
    assert GeminiModel.objects.filter(status="retired").exists(), "the catalogue has retired models to leave out"


@pytest.mark.parametrize("sdk", SDKS)
@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_every_scenario_on_the_page_names_the_step_and_links_the_error(client, site_uses_emulator, key, sdk):
    failed_step, slug = EXPECTED[key]
    slug = slug[sdk] if isinstance(slug, dict) else slug
    response = check_on_page(client, key, sdk=sdk, stream=True, htmx=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page  # the fragment only
    if failed_step is None:
        assert "Your key works: every check passed" in page
        return
    assert f"Failed at “{failed_step}”" in page
    assert f'href="/errors/{slug}/"' in page


def test_without_javascript_the_whole_page_comes_back_with_the_checklist(client, site_uses_emulator):
    response = check_on_page(client, "AQ.fake-quota")
    page = response.content.decode()
    assert "<html" in page and "<h1>Test my Gemini API key</h1>" in page
    assert "Failed at “One-token call”" in page
    assert 'href="/errors/quota-per-minute/"' in page
    assert "Retry after" in page and "17 s" in page


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("", "Enter the API key to check."),
        ("AQ." + "x" * 10_000, "characters long"),
        ("AQ.fake\x01valid", "control characters"),
    ],
)
def test_bad_keys_get_a_message_beside_the_field(client, site_uses_emulator, key, message):
    for htmx in (False, True):
        response = check_on_page(client, key, htmx=htmx)
        assert response.status_code == 200
        page = response.content.decode()
        assert message in page
        assert "x" * 100 not in page


def test_unknown_sdk_or_malformed_model_is_refused_clearly(client, site_uses_emulator):
    page = check_on_page(client, "AQ.fake-valid", sdk="openai").content.decode()
    assert "Select a valid choice" in page
    page = check_on_page(client, "AQ.fake-valid", model="gemini/../../x").content.decode()
    assert "A model name is letters, digits, dots and dashes" in page


def test_key_format_advice_does_not_reject(client, site_uses_emulator):
    page = check_on_page(client, '  "AQ.fake-valid"  ').content.decode()
    assert "Your key works" in page
    assert "quotes around the key were removed" in page


def test_rate_limit_shows_a_clear_message_on_the_page(client, site_uses_emulator, settings, monkeypatch):
    monkeypatch.setattr("web.ratelimit.time.time", lambda: 1_800_000_000.0)
    settings.KEY_CHECK_RATE_LIMIT_PER_MINUTE = 1
    check_on_page(client, "AQ.fake-invalid", htmx=True)
    page = check_on_page(client, "AQ.fake-invalid", htmx=True).content.decode()
    assert "Too many key checks from your address" in page


def test_the_key_never_appears_in_database_logs_cache_or_responses(client, site_uses_emulator, caplog):
    """Drive every scenario through the page and the API with both SDKs, then search everything."""
    responses = []
    with caplog.at_level(logging.DEBUG):
        for key in EXPECTED:
            for sdk in SDKS:
                responses.append(check_on_page(client, key, sdk=sdk, stream=True))
                responses.append(check_on_page(client, key, sdk=sdk, stream=True, htmx=True))
                responses.append(
                    client.post(
                        "/api/key-check",
                        json.dumps({"api_key": key, "sdk": sdk, "model": "gemini-3.5-flash", "stream": True}),
                        content_type="application/json",
                    )
                )
    keys = list(EXPECTED)
    for response in responses:
        body = response.content.decode()
        for key in keys:
            assert key not in body
        for header, value in response.items():
            assert not any(key in value for key in keys), header

    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    assert not any(key in logged for key in keys)

    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            cursor.execute(f'SELECT * FROM "{model._meta.db_table}"')  # noqa: S608 - table names from the ORM
            dump = repr(cursor.fetchall())
            assert not any(key in dump for key in keys), model._meta.db_table

    cached = _cache_contents()
    assert not any(key in cached for key in keys)


def _cache_contents() -> str:
    """Everything in the cache, whichever backend the run uses."""
    backend = getattr(cache, "_cache", None)  # the backend's own store: not part of Django's cache API
    if isinstance(backend, dict):  # local memory: values are pickled bytes
        return repr(list(backend.items()))
    assert backend is not None
    client = backend.get_client()  # Redis
    return repr([(k, client.get(k)) for k in client.scan_iter("*")])


# The answer reads like a paste's: the documented error and its fix first -------------------------


def test_a_failed_check_shows_the_documented_error_and_its_fix_then_the_steps_then_the_sdk(client, site_uses_emulator):
    from errors_kb.fix_steps import fix_steps
    from errors_kb.models import KnownError

    page = check_on_page(client, "AQ.fake-daily", htmx=True).content.decode()
    documented, checks, raised = (page.index(heading) for heading in (
        "<h3>The documented error</h3>", "<h3>The checks</h3>", "<h3>What the SDK raised</h3>"))  # fmt: skip
    assert documented < checks < raised
    first_step = fix_steps(KnownError.objects.get(slug="quota-per-day").body)[0]
    assert html.escape(first_step, quote=False)[:60] in page[documented:checks]
    # A per-day quota: when it resets, and no retry in seconds.
    text = " ".join(page.split())
    assert "midnight Pacific time" in text and "Retry after" not in text


def test_the_servers_message_is_whole_and_its_activation_link_is_a_link(client, site_uses_emulator):
    page = check_on_page(client, "AQ.fake-denied", htmx=True).content.decode()
    failed = page[page.index("checklist__step--failed") :]
    detail = failed[: failed.index("</p>")]
    url = "https://console.developers.google.com/apis/api/generativelanguage.googleapis.com/overview?project="
    assert f'<a href="{url}' in detail
    assert detail.rstrip().endswith("and retry.")


def test_a_passing_one_token_call_that_hit_max_tokens_says_it_is_expected(client, site_uses_emulator):
    page = check_on_page(client, "AQ.fake-valid", htmx=True).content.decode()
    assert "finish_reason MAX_TOKENS" in page
    assert "MAX_TOKENS is expected here: the check asks the model for a single token." in page
