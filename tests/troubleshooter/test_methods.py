"""Methods: every URL refuses what it does not serve with 405, and HEAD answers like GET."""

from __future__ import annotations

import pytest

# What a browser, a crawler or a load balancer GETs.
GET_PATHS = [
    "/",
    "/key/",
    "/errors/",
    "/errors/api-key-invalid/",
    "/faq/",
    "/sitemap.xml",
    "/robots.txt",
    "/healthz",
    "/api/openapi.json",
    "/admin/login/",
    "/admin/",
]
API_POST_PATHS = ["/api/classify", "/api/key-check"]
# Methods no page or endpoint of the site serves.
UNSERVED_METHODS = ["TRACE", "OPTIONS", "PUT", "PATCH", "DELETE", "PROPFIND"]
GET_ONLY_PATHS = ["/errors/", "/errors/api-key-invalid/", "/faq/", "/sitemap.xml", "/robots.txt", "/healthz"]


@pytest.mark.parametrize("method", UNSERVED_METHODS)
@pytest.mark.parametrize("path", GET_PATHS + API_POST_PATHS)
def test_methods_the_site_does_not_serve_get_405_everywhere(client, synced_kb, path, method):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert method not in response["Allow"]


@pytest.mark.parametrize("path", GET_ONLY_PATHS)
def test_post_on_a_page_that_only_shows_gets_405(client, synced_kb, path):
    response = client.post(path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("path", GET_PATHS)
def test_head_answers_like_get(client, synced_kb, path):
    got = client.get(path)
    head = client.head(path)
    assert head.status_code == got.status_code
    assert head["Content-Type"] == got["Content-Type"]
    assert head.content == b""


def test_a_load_balancer_can_probe_health_with_head(client, db):
    response = client.head("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(("path", "allowed"), [("/api/classify", "POST"), ("/api/key-check", "POST")])
@pytest.mark.parametrize("method", ["GET", "OPTIONS", "TRACE"])
def test_an_endpoint_names_exactly_its_methods_in_json(client, db, path, allowed, method):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert response["Allow"] == allowed
    assert response.json() == {"error": f"Method Not Allowed: use {allowed}."}


def test_a_cross_site_preflight_for_the_key_check_is_refused(client, db):
    """A page elsewhere that wants to send JSON must ask first; the answer grants nothing."""
    response = client.options(
        "/api/key-check",
        headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 405
    assert not any(name.lower().startswith("access-control-") for name in response.headers)
