"""The load test's URLconf: the trivial ceiling beside the site, routed as production routes it."""

from __future__ import annotations

import pytest
from django.urls import resolve

import troubleshooter.urls
from bench import urls as bench_urls


def test_the_site_patterns_are_spliced_in_not_one_level_deeper():
    # An include() would cost every site URL an extra resolver level that production does not pay.
    assert bench_urls.urlpatterns[1:] == troubleshooter.urls.urlpatterns
    assert bench_urls.handler500 == troubleshooter.urls.handler500


@pytest.mark.parametrize("path", ["/api/classify", "/api/key-check", "/", "/errors/", "/faq/", "/healthz"])
def test_site_urls_resolve_to_the_same_views(path):
    in_bench = resolve(path, urlconf="bench.urls")
    in_production = resolve(path, urlconf="troubleshooter.urls")
    assert (in_bench.func, in_bench.route, in_bench.view_name) == (
        in_production.func,
        in_production.route,
        in_production.view_name,
    )


@pytest.mark.urls("bench.urls")
def test_the_trivial_view_answers_a_fixed_json_body(client):
    response = client.post("/bench/trivial", '{"text": "anything"}', content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"ok": True}
