"""Under /api/ every answer is JSON, the errors Django or a library would answer in HTML included;
the pages keep their HTML error pages."""

from __future__ import annotations

import json

import pytest

SECRET_KEY_IN_BODY = "AQ.fake-do-not-show-this-key-anywhere"


def broken(*args, **kwargs):
    raise RuntimeError("the engine went away")


# (the view's collaborator that fails, the request that reaches it)
FAILURES = [
    ("paste.api.classify_paste", "/api/classify", {"text": "429 RESOURCE_EXHAUSTED"}),
    ("keys.api.run_admitted", "/api/key-check", {"api_key": SECRET_KEY_IN_BODY}),
]


@pytest.mark.parametrize("debug", [False, True], ids=["production", "DJANGO_DEBUG=1"])
@pytest.mark.parametrize(("target", "path", "payload"), FAILURES, ids=[row[1] for row in FAILURES])
def test_an_uncaught_exception_under_api_answers_500_in_json(
    api_client, synced_kb, settings, monkeypatch, debug, target, path, payload
):
    settings.DEBUG = debug
    monkeypatch.setattr(target, broken)
    response = api_client.post(path, data=json.dumps(payload), content_type="application/json")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "Something went wrong on our side. Try again in a minute."}
    # Not the debug page, which would show the body and the key in it.
    assert SECRET_KEY_IN_BODY not in response.content.decode()
    assert response["X-Request-ID"]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/api/no-such-endpoint", 404),
        ("POST", "/api/", 404),
        ("GET", "/api/classify", 405),
        ("DELETE", "/api/key-check", 405),
        ("POST", "/api/openapi.json", 405),
    ],
)
def test_django_errors_under_api_are_json(api_client, method, path, status):
    response = api_client.generic(method, path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]


def test_a_host_the_site_does_not_serve_gets_a_json_400_under_api(api_client):
    response = api_client.post("/api/classify", data="x", content_type="text/plain", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert response.json() == {"error": "Bad Request."}


def test_pages_keep_their_html_error_pages(api_client):
    response = api_client.get("/errors/no-such-error/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
