"""The error list: grouped by category, searched over titles, causes and bodies (PostgreSQL
full-text search, or substring search on SQLite), filtered by HTTP code; a full page without
JavaScript and the list fragment for htmx."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from errors_kb.models import KnownError
from errors_kb.selectors import http_codes_in_use, search_errors
from errors_kb.vocabulary import CATEGORIES

HX = {"HX-Request": "true"}


def listed_slugs(page: str) -> list[str]:
    return re.findall(r'<a class="error-card__title" href="/errors/([\w-]+)/">', page)


# The selector ------------------------------------------------------------------------------------


def test_search_finds_an_entry_by_a_word_only_in_its_body(body_only_entry):
    assert "quasicrystalline" not in f"{body_only_entry.title} {body_only_entry.cause}".lower()

    found = list(search_errors(query="quasicrystalline"))

    assert found == [body_only_entry]


def test_search_finds_every_published_entry_by_its_title(synced_kb):
    for error in KnownError.objects.published():
        assert error in search_errors(query=error.title), error.slug


def test_search_finds_an_entry_by_its_api_status(synced_kb):
    found = list(search_errors(query="RESOURCE_EXHAUSTED"))

    assert found and all(
        error.api_status == "RESOURCE_EXHAUSTED" or "RESOURCE_EXHAUSTED" in error.body for error in found
    )
    assert set(KnownError.objects.published().filter(api_status="RESOURCE_EXHAUSTED")) <= set(found)


def test_search_puts_a_title_match_first(synced_kb):
    error = KnownError.objects.get(slug="api-key-invalid")

    found = list(search_errors(query="API key not valid"))

    assert found[0] == error


@pytest.mark.parametrize("typo", ["quta", "qouta", "Quota limt"])
def test_search_tolerates_a_typo(synced_kb, typo):
    found = [error.slug for error in search_errors(query=typo)]

    assert "quota-per-minute" in found and "quota-per-day" in found
    assert "quota" in KnownError.objects.get(slug=found[0]).title.lower()


def test_search_tolerates_a_typo_in_a_status(synced_kb):
    found = list(search_errors(query="RESOURCE_EXHAUSTD"))

    assert found and found[0].api_status == "RESOURCE_EXHAUSTED"
    assert set(KnownError.objects.published().filter(api_status="RESOURCE_EXHAUSTED")) <= set(found)


def test_search_ranks_title_and_status_matches_before_body_matches(synced_kb):
    found = list(search_errors(query="quota"))
    in_heading = ["quota" in f"{error.title} {error.api_status}".lower() for error in found]

    assert any(in_heading) and not all(in_heading), "the KB mentions quota in bodies too"
    assert in_heading == sorted(in_heading, reverse=True), [error.slug for error in found]


def test_search_ranks_a_status_match_first(synced_kb):
    found = list(search_errors(query="PERMISSION_DENIED"))
    in_status = [error.api_status == "PERMISSION_DENIED" for error in found]

    assert in_status[0] and in_status == sorted(in_status, reverse=True)


def test_search_never_returns_unpublished_entries(body_only_entry):
    body_only_entry.published = False
    body_only_entry.save()

    assert list(search_errors(query="quasicrystalline")) == []


def test_search_that_matches_nothing_is_empty(synced_kb):
    assert list(search_errors(query="xylophonequartet")) == []


def test_filter_by_code_keeps_exactly_the_entries_with_that_code(synced_kb):
    expected = set(KnownError.objects.published().filter(http_code=429))
    assert expected, "the KB documents 429s"

    assert set(search_errors(query="", http_code=429)) == expected


def test_codes_in_use_are_the_published_entries_codes(synced_kb):
    codes = http_codes_in_use()

    assert codes == sorted(codes) and 429 in codes and None not in codes


def test_search_runs_on_this_database(synced_kb):
    # Both paths are real: CI runs the suite on SQLite and on PostgreSQL.
    assert connection.vendor in {"sqlite", "postgresql"}
    assert list(search_errors(query="quota"))


# The page ----------------------------------------------------------------------------------------


def test_error_list_groups_every_published_entry_by_category(synced_kb, client):
    response = client.get("/errors/")

    page = response.content.decode()
    assert response.status_code == 200 and "<html" in page
    assert sorted(listed_slugs(page)) == sorted(KnownError.objects.published().values_list("slug", flat=True))
    for category in set(KnownError.objects.published().values_list("category", flat=True)):
        assert f'<h2 id="category-{category}">{CATEGORIES[category]}</h2>' in page
    assert "HTTP 429" in page and "RESOURCE_EXHAUSTED" in page
    assert 'class="badge badge--4xx"' in page


def test_search_form_works_without_javascript(body_only_entry, client):
    response = client.get("/errors/", {"q": "quasicrystalline"})

    page = response.content.decode()
    assert "<html" in page
    assert listed_slugs(page) == ["test-only-body-word"]
    assert "1 error for “quasicrystalline”" in page
    assert 'value="quasicrystalline"' in page, "the box keeps the query"
    assert '<meta name="robots" content="noindex, follow">' in page


def test_search_with_htmx_returns_only_the_list_fragment(body_only_entry, client):
    response = client.get("/errors/", {"q": "quasicrystalline"}, headers=HX)

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page and "<form" not in page
    assert listed_slugs(page) == ["test-only-body-word"]
    assert '<p id="search-status" hx-swap-oob="innerHTML">1 error for “quasicrystalline”.</p>' in page
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_full_page(synced_kb, client):
    response = client.get("/errors/", {"q": "quota"}, headers={**HX, "HX-History-Restore-Request": "true"})

    assert "<html" in response.content.decode()


def test_search_form_is_wired_for_htmx_and_plain_get(synced_kb, client):
    page = client.get("/errors/").content.decode()

    form_tag = re.search(r'<form class="search-form"[^>]*>', page)
    assert form_tag
    form = form_tag.group(0)
    assert 'method="get"' in form and 'action="/errors/"' in form
    assert 'hx-get="/errors/"' in form and 'hx-push-url="true"' in form and 'hx-target="#listing"' in form
    assert '<label for="id_q">Search the errors</label>' in page
    assert '<label for="id_code">HTTP code</label>' in page


def test_filter_by_code_in_the_page(synced_kb, client):
    page = client.get("/errors/", {"code": "429"}).content.decode()

    expected = KnownError.objects.published().filter(http_code=429).values_list("slug", flat=True)
    assert sorted(listed_slugs(page)) == sorted(expected)
    assert '<option value="429" selected>429</option>' in page


def test_a_typo_in_the_page_still_lists_the_entries(synced_kb, client):
    slugs = listed_slugs(client.get("/errors/", {"q": "quta"}).content.decode())

    assert "quota-per-minute" in slugs


def test_query_and_code_combine(body_only_entry, client):
    assert listed_slugs(client.get("/errors/", {"q": "quasicrystalline", "code": "503"}).content.decode()) == [
        "test-only-body-word"
    ]
    assert listed_slugs(client.get("/errors/", {"q": "quasicrystalline", "code": "429"}).content.decode()) == []


@pytest.mark.parametrize("code", ["abc", "999", "-1"])
def test_invalid_code_is_ignored_rather_than_an_error(synced_kb, client, code):
    response = client.get("/errors/", {"code": code})

    assert response.status_code == 200
    assert len(listed_slugs(response.content.decode())) == KnownError.objects.published().count()


def test_search_with_no_result_says_so_and_offers_the_paste_box(synced_kb, client):
    page = client.get("/errors/", {"q": "xylophonequartet"}, headers=HX).content.decode()

    assert "Nothing matches “xylophonequartet”" in page
    assert 'href="/"' in page


def test_query_in_the_page_is_escaped(synced_kb, client):
    page = client.get("/errors/", {"q": "<script>alert(1)</script>"}).content.decode()

    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
